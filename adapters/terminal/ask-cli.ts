/**
 * `npm run ask -- "question"`: answer once and exit. `--page N` shows the Nth page of answers; `--json`
 * prints the answer as one JSON object; `--jsonl` reads one question per line on stdin and prints one JSON
 * object per line, in order.
 */
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { type AnswerJson, answerToJson } from '../../src/answer/json.ts'
import { handle, parseCommand, withoutMassMentions } from '../../src/commands.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { askPage, PAGE_SIZE } from './paging.ts'
import { renderTerminal, stripControls, type TerminalStyle } from './render.ts'
import { wrapForTerminal } from './wrap.ts'

export const ASK_USAGE = `Usage: npm run ask -- "your question"            answer once, as text
       npm run ask -- --page 2 "your question"   the next answers: pages of ${PAGE_SIZE}, from --page 1
       npm run ask -- --json "your question"     answer once, as one JSON object (--page N: that page)
       npm run ask -- --jsonl < questions.txt    one question per line in, one JSON object per line out`

export interface AskCliIo {
  stdin: Readable
  stdout: Writable
  stderr: Writable
  style: TerminalStyle
}

/** The JSON of one page of answers: the stable form, plus which page it is and whether another follows. */
export interface AnswerPageJson extends AnswerJson {
  page: number
  more: boolean
}

function pageJson(kb: KnowledgeBase, question: string, page: number): AnswerPageJson {
  const found = askPage(question, kb, page)
  switch (found.kind) {
    case 'page':
      return { ...answerToJson(found.answer), page, more: found.answer.hasMore }
    case 'past-last':
      return { question, answered: true, answers: [], page, more: false }
    case 'no-answer':
      return { ...answerToJson(found.answer), page, more: false }
  }
}

/** One JSON line for one line of input: the answer, or why the line could not be asked. */
function jsonFor(kb: KnowledgeBase, text: string, page: number | undefined): string {
  const command = parseCommand(text)
  // in JSON modes every line is a question: "recap 2 weeks" is asked, not refused as a recap's span
  if (command.kind === 'invalid' && command.problem !== 'recap-minutes') {
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
  if (page !== undefined) return JSON.stringify(pageJson(kb, question, page))
  const reply = handle({ kind: 'ask', question }, kb)
  return reply.kind === 'answer' ? JSON.stringify(answerToJson(reply.answer)) : '{}'
}

type PageOption = { page?: number; options: string[] } | { problem: string }

/** Take `--page N` or `--page=N` out of the options; the last one given counts. */
function takePage(options: readonly string[]): PageOption {
  const others: string[] = []
  let page: number | undefined
  for (let at = 0; at < options.length; at++) {
    const option = options[at] ?? ''
    const inline = option.startsWith('--page=') ? option.slice('--page='.length) : undefined
    if (inline === undefined && option !== '--page') {
      others.push(option)
      continue
    }
    const value = inline ?? options[++at]
    if (value === undefined || value === '' || value.startsWith('--')) {
      return { problem: '--page needs a page number, for example --page 2.' }
    }
    const number = Number(value)
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
      const shown = stripControls(value).slice(0, 40)
      return { problem: `--page takes a page number from 1, for example --page 2; “${shown}” is not one.` }
    }
    page = number
  }
  return page === undefined ? { options: others } : { page, options: others }
}

/** Run the ask command; resolves to the process exit code. */
export async function runAskCli(argv: readonly string[], kb: KnowledgeBase, io: AskCliIo): Promise<number> {
  const known = new Set(['--json', '--jsonl', '--help', '-h'])
  // after "--" every word is the question's, even one that starts with a dash
  const separator = argv.indexOf('--')
  const paging = takePage(separator >= 0 ? argv.slice(0, separator) : argv)
  const options = 'options' in paging ? paging.options : []
  const rest = separator >= 0 ? argv.slice(separator + 1) : []
  const flags = new Set(options.filter((arg) => known.has(arg)))
  // a misspelt option ("--jsno") is refused; anything else with a dash ("-x", "-5 degrees") is question text
  const unknown = options.filter((arg) => /^--[a-z][\w-]*$/i.test(arg) && !known.has(arg))
  const question = [...options.filter((arg) => !known.has(arg) && !unknown.includes(arg)), ...rest].join(' ')
  if (flags.has('--help') || flags.has('-h')) {
    io.stdout.write(`${ASK_USAGE}\n`)
    return 0
  }
  if ('problem' in paging) {
    io.stderr.write(`${paging.problem}\n${ASK_USAGE}\n`)
    return 2
  }
  if (unknown.length > 0) {
    io.stderr.write(`Unknown option ${unknown.join(', ')}.\n${ASK_USAGE}\n`)
    return 2
  }
  const { page } = paging
  if (flags.has('--jsonl')) {
    const lines = createInterface({ input: io.stdin, terminal: false, crlfDelay: Number.POSITIVE_INFINITY })
    for await (const line of lines) io.stdout.write(`${jsonFor(kb, line, page)}\n`)
    return 0
  }
  if (!question.trim()) {
    io.stderr.write(`Give a question to ask.\n${ASK_USAGE}\n`)
    return 2
  }
  if (flags.has('--json')) {
    const line = jsonFor(kb, question, page)
    io.stdout.write(`${line}\n`)
    return JSON.parse(line).error ? 1 : 0
  }
  const command = parseCommand(question)
  if (command.kind !== 'ask') {
    // help, sources and topics have no pages
    const stream = command.kind === 'invalid' ? io.stderr : io.stdout
    stream.write(`${renderTerminal(handle(command, kb), io.style)}\n`)
    return command.kind === 'invalid' ? 1 : 0
  }
  const current = page ?? 1
  const found = askPage(command.question, kb, current)
  const text =
    found.kind === 'past-last'
      ? wrapForTerminal(`No more results for “${stripControls(found.question)}”.`, io.style.width)
      : renderTerminal(
          { kind: 'answer', answer: found.answer },
          io.style,
          found.kind === 'page' ? found.firstNumber : 1,
          `add --page ${current + 1}`,
        )
  io.stdout.write(`${text}\n`)
  return 0
}
