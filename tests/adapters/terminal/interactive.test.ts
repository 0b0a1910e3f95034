import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HISTORY_SIZE, historyEntryOf, openHistory } from '../../../adapters/terminal/history.ts'
import { createTerminalAdapter } from '../../../adapters/terminal/index.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { removeKnowledgeFixture, writeKnowledgeFixture } from '../../helpers/knowledge-fixture.ts'

let layout: KnowledgeLayout
let kb: KnowledgeBase
let scratch: string
beforeAll(async () => {
  layout = await writeKnowledgeFixture()
  kb = loadKnowledge(layout.root)
  scratch = mkdtempSync(join(tmpdir(), 'terminal-history-'))
})
afterAll(() => {
  removeKnowledgeFixture(layout)
  rmSync(scratch, { recursive: true, force: true })
})

let folders = 0
/** a new empty folder for one test */
function folder(): string {
  const dir = join(scratch, `case-${++folders}`)
  mkdirSync(dir)
  return dir
}

const UP = '\u001b[A'
const LEFT = '\u001b[D'
const CTRL_C = '\u0003'
const BACKSPACE = '\u007f'
const ENTER = '\r'
const IRAN_ANSWER = [
  '1. Iran’s main contribution is oil and energy trade.',
  '   — Pressure On The Partnership · Sanctions And Their Types',
  '   “Iran | Oil and energy trade”',
].join('\n')

/** what the screen shows once the cursor movements readline writes are taken out */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing the escape codes is the point
const shownText = (text: string) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '')

interface SessionOptions {
  historyFile?: string
  /** end the input after the keys, as Ctrl+D would */
  end?: boolean
  /** the input is a terminal (and so, unless said otherwise, is the output) */
  tty?: boolean
  outputTty?: boolean
  /** the width the style was made with at start, and the window's width now */
  width?: number
  columns?: number
}

/** A session at a terminal: `keys` are typed into an input that says it is a TTY; what it wrote, and showed. */
async function typeAtTerminal(keys: string, options: SessionOptions = {}) {
  const { historyFile, end = true, tty = true, outputTty = tty, width, columns } = options
  const input = new PassThrough()
  if (tty) Object.assign(input, { isTTY: true })
  let written = ''
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written += chunk.toString()
      done()
    },
  })
  if (outputTty) Object.assign(output, { isTTY: true, columns })
  const adapter = createTerminalAdapter({
    kb,
    input,
    output,
    style: width === undefined ? { color: false } : { color: false, width },
    connectHint: 'hint',
    interactive: tty,
    ...(historyFile !== undefined ? { historyFile } : {}),
  })
  const done = adapter.start()
  input.write(keys)
  if (end) input.end()
  await done
  return { written, shown: shownText(written) }
}

describe('line editing at an interactive terminal', () => {
  it('moves the cursor with the arrow keys instead of printing their escape codes', async () => {
    const { written, shown } = await typeAtTerminal(`topicXs${LEFT}${BACKSPACE}${ENTER}`)
    expect(written).toContain('\u001b[') // readline draws the line itself: the test runs in terminal mode
    expect(shown).toContain('• Sanctions (3)')
    expect(shown).not.toContain('[D')
  })

  // a Ctrl+C that does not end the session would leave the test waiting: fail it soon
  it('drops what is typed on Ctrl+C, and leaves on Ctrl+C at an empty line', {
    timeout: 10_000,
  }, async () => {
    // the input never ends: only the second Ctrl+C can end this session
    const { shown } = await typeAtTerminal(`sources${CTRL_C}What does Iran contribute?${ENTER}${CTRL_C}`, {
      end: false,
    })
    expect(shown).toContain(IRAN_ANSWER)
    expect(shown).not.toContain('The Case For Engagement')
  })
  it('reads plain lines, writing no cursor movements, when the output is not a terminal', async () => {
    const { written } = await typeAtTerminal(`topics${ENTER}`, { outputTty: false })
    expect(written).not.toContain('\u001b')
    expect(written).toContain('\n? ')
  })

  it('wraps answers to the width of the window as it is now, not as it was at start', async () => {
    const { shown } = await typeAtTerminal(`What does Iran contribute?${ENTER}`, { width: 80, columns: 30 })
    expect(shown).toContain(
      [
        '1. Iran’s main contribution is',
        '   oil and energy trade.',
        '   — Pressure On The',
        '   Partnership · Sanctions And',
        '   Their Types',
        '   “Iran | Oil and energy',
        '   trade”',
      ].join('\n'),
    )
  })
})

describe('the history of questions, kept across runs', () => {
  it('brings back the last question of an earlier run with the up arrow', async () => {
    const historyFile = join(folder(), 'cache', 'cited-answers', 'history')
    await typeAtTerminal(`What does Iran contribute?${ENTER}   ${ENTER}quit${ENTER}`, { historyFile })
    expect(readFileSync(historyFile, 'utf8')).toBe('What does Iran contribute?\n')

    const { shown } = await typeAtTerminal(`${UP}${ENTER}`, { historyFile })
    expect(shown).toContain(`? What does Iran contribute?\n${IRAN_ANSWER}\n`)
    // without the file there is nothing to bring back
    expect((await typeAtTerminal(`${UP}${ENTER}`)).shown).not.toContain(IRAN_ANSWER)
  })

  it('goes back through several questions, newest first, and adds each run’s questions to the end', async () => {
    const historyFile = join(folder(), 'history')
    writeFileSync(historyFile, 'What does Iran contribute?\ntopics\n')
    const { shown } = await typeAtTerminal(`${UP}${UP}${ENTER}sources${ENTER}`, { historyFile })
    expect(shown).toContain(IRAN_ANSWER)
    expect(readFileSync(historyFile, 'utf8')).toBe(
      'What does Iran contribute?\ntopics\nWhat does Iran contribute?\nsources\n',
    )
  })

  it('carries on without history, saying so once, when the file cannot be read', async () => {
    const file = join(folder(), 'a-file')
    writeFileSync(file, 'not a folder')
    const historyFile = join(file, 'history')
    const { shown } = await typeAtTerminal(`What does Iran contribute?${ENTER}topics${ENTER}`, {
      historyFile,
    })
    expect(shown.match(/History is off/g)).toEqual(['History is off'])
    expect(shown).toContain(`hint\nHistory is off: cannot read ${historyFile} (ENOTDIR).\n`)
    expect(shown).toContain(IRAN_ANSWER)
    expect(shown).toContain('• Sanctions (3)')
  })

  it('carries on without history, saying so once, when the file cannot be written', async () => {
    const dir = folder()
    const historyFile = join(dir, 'history')
    // a link to a folder that does not exist: reading finds no history, writing fails
    symlinkSync(join(dir, 'gone', 'history'), historyFile)
    const { shown } = await typeAtTerminal(`What does Iran contribute?${ENTER}topics${ENTER}`, {
      historyFile,
    })
    expect(shown).toContain(`${IRAN_ANSWER}\nHistory is off: cannot write ${historyFile} (ENOENT).\n`)
    expect(shown.match(/History is off/g)).toHaveLength(1)
    expect(shown).toContain('• Sanctions (3)')
  })

  it('says so when the path is a folder, and leaves the folder alone', async () => {
    const historyFile = folder()
    const { shown } = await typeAtTerminal(`topics${ENTER}`, { historyFile })
    expect(shown).toContain(`History is off: cannot read ${historyFile} (not a file).`)
    expect(shown).toContain('• Sanctions (3)')
  })

  it('neither reads nor writes a history when the input is piped', async () => {
    const historyFile = join(folder(), 'history')
    const { written } = await typeAtTerminal('topics\n', { historyFile, tty: false })
    expect(written).toBe(
      '• Sanctions (3)\n• Diplomacy and dialogue (2)\n• Economic cooperation and trade (2)\n• Humanitarian cooperation (1)\n',
    )
    expect(existsSync(historyFile)).toBe(false)
  })
})

describe('the history file', () => {
  it('loads the newest entries first, once each, without blank lines or control characters', () => {
    const historyFile = join(folder(), 'history')
    writeFileSync(historyFile, 'first\n\n  \nbell\u0007 rings\nsecond\r\nfirst\n\u001b[31mred\n')
    expect(openHistory(historyFile).entries).toEqual(['[31mred', 'first', 'second', 'bell rings'])
  })

  it(`keeps at most ${HISTORY_SIZE} entries, and cuts the file back when it has grown past twice that`, () => {
    const historyFile = join(folder(), 'history')
    const lines = Array.from({ length: 2 * HISTORY_SIZE + 1 }, (_, at) => `question ${at}`)
    writeFileSync(historyFile, `${lines.join('\n')}\n`)
    const { entries } = openHistory(historyFile)
    expect(entries).toHaveLength(HISTORY_SIZE)
    expect(entries[0]).toBe(`question ${2 * HISTORY_SIZE}`)
    expect(entries.at(-1)).toBe(`question ${HISTORY_SIZE + 1}`)
    expect(readFileSync(historyFile, 'utf8')).toBe(`${lines.slice(-HISTORY_SIZE).join('\n')}\n`)
  })

  it('does not write the same entry twice in a row, nor one that could not be asked', () => {
    const historyFile = join(folder(), 'history')
    const history = openHistory(historyFile)
    for (const line of ['iran oil', 'iran  oil ', 'x'.repeat(501), '\u0000', 'dprk army', 'iran oil'])
      history.add(line)
    expect(readFileSync(historyFile, 'utf8')).toBe('iran oil\ndprk army\niran oil\n')
  })

  it('keeps a line without its control characters', () => {
    expect(historyEntryOf('what\tdoes \u001b[2Kiran\u202e give\u0085')).toBe('what does [2Kiran give')
    expect(historyEntryOf(' \u0007 ')).toBeUndefined()
  })
})
