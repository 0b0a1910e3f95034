/** Terminal: an interactive prompt that answers with the same core as every platform. */
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { handle, parseCommand } from '../../src/commands.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { Adapter } from '../../src/types.ts'
import { renderTerminal, stripControls, type TerminalStyle } from './render.ts'

export interface TerminalAdapterConfig {
  kb: KnowledgeBase
  input: Readable
  output: Writable
  style: TerminalStyle
  /** shown once at start: how to connect a chat platform */
  connectHint: string
  /** show a prompt and a greeting (an interactive terminal) or only the answers (piped input) */
  interactive: boolean
}

/** how many matches one page of the terminal shows */
const PAGE = 3

export function createTerminalAdapter(config: TerminalAdapterConfig): Adapter {
  const { kb, output, style } = config
  let lines: ReturnType<typeof createInterface> | undefined
  let finished: (() => void) | undefined
  const write = (text: string) => output.write(`${text}\n`)

  const answerLine = (line: string, state: { question?: string; offset: number }) => {
    const text = line.trim()
    if (/^(quit|exit|q)$/i.test(text)) return false
    if (/^more$/i.test(text)) {
      if (!state.question) {
        write('Ask a question first; "more" shows further results for it.')
        return true
      }
      const offset = state.offset + PAGE
      const reply = handle({ kind: 'ask', question: state.question }, kb, { limit: PAGE, offset })
      if (reply.kind === 'answer' && reply.answer.kind === 'no-answer') {
        // past the last page: saying "not in the knowledge base" would contradict the answer just shown
        write(`No more results for “${stripControls(state.question)}”.`)
        return true
      }
      state.offset = offset
      write(renderTerminal(reply, style, offset + 1))
      return true
    }
    const command = parseCommand(text)
    if (command.kind === 'help' && !text && !config.interactive) return true
    const reply = handle(command, kb, { limit: PAGE })
    if (command.kind === 'ask') {
      state.question = command.question
      state.offset = 0
    }
    write(renderTerminal(reply, style))
    return true
  }

  return {
    name: 'terminal',
    start() {
      const state: { question?: string; offset: number } = { offset: 0 }
      lines = createInterface({
        input: config.input,
        output: config.interactive ? output : undefined,
        terminal: false,
      })
      if (config.interactive) {
        write(`Cited answers — terminal mode. ${kb.claims.length} claims from ${kb.sources.size} documents.`)
        write('Ask a question, or type help, sources, topics, quit.')
        write(config.connectHint)
        lines.setPrompt('\n? ')
        lines.prompt()
      }
      const done = new Promise<void>((resolve) => {
        finished = resolve
      })
      let closed = false
      lines.on('line', (line) => {
        // lines that arrived in the same chunk as "quit" are still emitted after close: they go unanswered
        if (closed) return
        if (!answerLine(line, state)) {
          lines?.close()
          return
        }
        if (config.interactive) lines?.prompt()
      })
      lines.on('close', () => {
        closed = true
        finished?.()
      })
      return done
    },
    async stop() {
      lines?.close()
    },
  }
}
