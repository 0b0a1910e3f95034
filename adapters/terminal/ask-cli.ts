/**
 * `npm run ask -- "question"`: answer once and exit. `--json` prints the answer as one JSON object;
 * `--jsonl` reads one question per line on stdin and prints one JSON object per line, in order.
 */
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { answerToJson } from '../../src/answer/json.ts'
import { handle, parseCommand, withoutMassMentions } from '../../src/commands.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { renderTerminal, type TerminalStyle } from './render.ts'

export const ASK_USAGE = `Usage: npm run ask -- "your question"          answer once, as text
       npm run ask -- --json "your question"   answer once, as one JSON object
       npm run ask -- --jsonl < questions.txt  one question per line in, one JSON object per line out`

export interface AskCliIo {
  stdin: Readable
  stdout: Writable
  stderr: Writable
  style: TerminalStyle
}

/** One JSON line for one line of input: the answer, or why the line could not be asked. */
function jsonFor(kb: KnowledgeBase, text: string): string {
  const command = parseCommand(text)
  if (command.kind === 'invalid') {
    return JSON.stringify({
      question: text.slice(0, 200),
      answered: false,
      answers: [],
      error: command.message,
    })
  }
  if (command.kind !== 'ask' && !withoutMassMentions(text).trim()) {
    return JSON.stringify({ question: '', answered: false, answers: [], error: 'empty question' })
  }
  // in JSON modes every line is a question, even one that reads "help"
  const question = command.kind === 'ask' ? command.question : text.replace(/\s+/g, ' ').trim()
  const reply = handle({ kind: 'ask', question }, kb)
  return reply.kind === 'answer' ? JSON.stringify(answerToJson(reply.answer)) : '{}'
}

/** Run the ask command; resolves to the process exit code. */
export async function runAskCli(argv: readonly string[], kb: KnowledgeBase, io: AskCliIo): Promise<number> {
  const known = new Set(['--json', '--jsonl', '--help', '-h'])
  // after "--" every word is the question's, even one that starts with a dash
  const separator = argv.indexOf('--')
  const options = separator >= 0 ? argv.slice(0, separator) : argv
  const rest = separator >= 0 ? argv.slice(separator + 1) : []
  const flags = new Set(options.filter((arg) => known.has(arg)))
  // a misspelt option ("--jsno") is refused; anything else with a dash ("-x", "-5 degrees") is question text
  const unknown = options.filter((arg) => /^--[a-z][\w-]*$/i.test(arg) && !known.has(arg))
  const question = [...options.filter((arg) => !known.has(arg) && !unknown.includes(arg)), ...rest].join(' ')
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout.write(`${ASK_USAGE}\n`)
    return 0
  }
  if (unknown.length > 0) {
    io.stderr.write(`Unknown option ${unknown.join(', ')}.\n${ASK_USAGE}\n`)
    return 2
  }
  if (flags.has('--jsonl')) {
    const lines = createInterface({ input: io.stdin, terminal: false, crlfDelay: Number.POSITIVE_INFINITY })
    for await (const line of lines) io.stdout.write(`${jsonFor(kb, line)}\n`)
    return 0
  }
  if (!question.trim()) {
    io.stderr.write(`Give a question to ask.\n${ASK_USAGE}\n`)
    return 2
  }
  if (flags.has('--json')) {
    const line = jsonFor(kb, question)
    io.stdout.write(`${line}\n`)
    return JSON.parse(line).error ? 1 : 0
  }
  const command = parseCommand(question)
  const reply = handle(command, kb, { limit: 3 })
  const stream = command.kind === 'invalid' ? io.stderr : io.stdout
  stream.write(`${renderTerminal(reply, io.style)}\n`)
  return command.kind === 'invalid' ? 1 : 0
}
