/** Terminal: an interactive prompt that answers with the same core as every platform. */
import { createInterface, type Interface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { handle, parseCommand, type Reply } from '../../src/commands.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { Adapter, Match } from '../../src/types.ts'
import { HISTORY_SIZE, type History, openHistory } from './history.ts'
import { PAGE_SIZE } from './paging.ts'
import { renderExplanation, renderTerminal, stripControls, type TerminalStyle } from './render.ts'
import { wrapForTerminal } from './wrap.ts'

export interface TerminalAdapterConfig {
  kb: KnowledgeBase
  input: Readable
  output: Writable
  style: TerminalStyle
  /** shown once at start: how to connect a chat platform */
  connectHint: string
  /** show a prompt and a greeting (an interactive terminal) or only the answers (piped input) */
  interactive: boolean
  /** where the questions asked at a terminal are kept across runs; none: no history is kept */
  historyFile?: string
}

const isQuit = (text: string) => /^(quit|exit|q)$/i.test(text)

/** The last question asked, the page shown of it, and the first match of the last answer shown, for `why`. */
interface Session {
  question?: string
  offset: number
  /** undefined before any answer, null when the last question got none */
  explained?: Match | null
}

/** the first match of a reply, which `why` explains; null when it is not an answer */
const firstMatchOf = (reply: Reply): Match | null =>
  reply.kind === 'answer' && reply.answer.kind === 'answered' ? (reply.answer.matches[0] ?? null) : null

export function createTerminalAdapter(config: TerminalAdapterConfig): Adapter {
  const { kb, output, style } = config
  // line editing (arrows, history, Ctrl+L) needs a terminal at both ends; piped input is read as plain lines
  const isTerminal = (stream: Readable | Writable) => (stream as { isTTY?: boolean }).isTTY === true
  const editing = config.interactive && isTerminal(config.input) && isTerminal(output)
  let lines: Interface | undefined
  let finished: (() => void) | undefined
  const write = (text: string) => output.write(`${text}\n`)
  // the window may have been resized since start
  const currentStyle = (): TerminalStyle => {
    const columns = (output as { columns?: number }).columns
    return style.width !== undefined && columns ? { ...style, width: columns } : style
  }
  const say = (text: string) => write(wrapForTerminal(text, currentStyle().width))

  const answerLine = (line: string, state: Session) => {
    const text = line.trim()
    if (isQuit(text)) return false
    if (/^why\??$/i.test(text)) {
      if (state.explained === undefined) say('Ask a question first; "why" explains how its answer matched.')
      else if (state.explained === null)
        say('The last question got no answer, so there is no match to explain.')
      else write(renderExplanation(state.explained, currentStyle()))
      return true
    }
    if (/^more$/i.test(text)) {
      if (!state.question) {
        say('Ask a question first; "more" shows further results for it.')
        return true
      }
      const offset = state.offset + PAGE_SIZE
      const reply = handle({ kind: 'ask', question: state.question }, kb, { limit: PAGE_SIZE, offset })
      if (reply.kind === 'answer' && reply.answer.kind === 'no-answer') {
        // past the last page: saying "not in the knowledge base" would contradict the answer just shown
        say(`No more results for “${stripControls(state.question)}”.`)
        return true
      }
      state.offset = offset
      state.explained = firstMatchOf(reply)
      write(renderTerminal(reply, currentStyle(), offset + 1))
      return true
    }
    const command = parseCommand(text)
    if (command.kind === 'help' && !text && !config.interactive) return true
    const reply = handle(command, kb, { limit: PAGE_SIZE })
    if (command.kind === 'ask') {
      state.question = command.question
      state.offset = 0
      state.explained = firstMatchOf(reply)
    }
    write(renderTerminal(reply, currentStyle()))
    return true
  }

  return {
    name: 'terminal',
    start() {
      const state: Session = { offset: 0 }
      const history: History | undefined =
        editing && config.historyFile !== undefined ? openHistory(config.historyFile) : undefined
      lines = createInterface({
        input: config.input,
        output: config.interactive ? output : undefined,
        terminal: editing,
        // readline takes the array as its own and changes it
        history: [...(history?.entries ?? [])],
        historySize: HISTORY_SIZE,
        removeHistoryDuplicates: true,
      })
      const prompt = () => {
        // the blank line is written apart from the prompt, so that Ctrl+L redraws the prompt at the top
        write('')
        lines?.prompt()
      }
      if (config.interactive) {
        say(`Cited answers — terminal mode. ${kb.claims.length} claims from ${kb.sources.size} documents.`)
        say('Ask a question, or type help, sources, topics, quit.')
        say(config.connectHint)
        if (history?.note) say(history.note)
        lines.setPrompt('? ')
        prompt()
      }
      const done = new Promise<void>((resolve) => {
        finished = resolve
      })
      let closed = false
      lines.on('line', (line) => {
        // lines that arrived in the same chunk as "quit" are still emitted after close: they go unanswered
        if (closed) return
        const note = isQuit(line.trim()) ? undefined : history?.add(line)
        if (!answerLine(line, state)) {
          lines?.close()
          return
        }
        if (note) say(note)
        if (config.interactive) prompt()
      })
      if (editing) {
        // Ctrl+C drops what is typed, as in a shell; on an empty line it leaves, as Ctrl+D does
        lines.on('SIGINT', () => {
          if (!lines?.line) {
            lines?.close()
            return
          }
          lines.write(null, { ctrl: true, name: 'e' })
          lines.write(null, { ctrl: true, name: 'u' })
        })
      }
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
