import { PassThrough, Readable, Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ASK_USAGE, runAskCli } from '../../../adapters/terminal/ask-cli.ts'
import { createTerminalAdapter } from '../../../adapters/terminal/index.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import {
  ENGAGEMENT_CLAIMS,
  PRESSURE_CLAIMS,
  removeKnowledgeFixture,
  writeKnowledgeFixture,
} from '../../helpers/knowledge-fixture.ts'

/** two more claims about North Korea, so that "north korea" has more matches than one page shows */
const MORE_CLAIMS = {
  pressure: [
    ...PRESSURE_CLAIMS,
    {
      id: 'pressure/partnership-worries-washington',
      section: 'Introduction',
      quote: 'The partnership between Russia and North Korea worries Washington.',
      statement: 'The partnership between Russia and North Korea worries Washington.',
      topics: ['sanctions'],
      entities: ['russia', 'north-korea', 'united-states'],
      questions: [
        'Does the Russia North Korea partnership worry Washington?',
        'Why is the US worried about Russia and North Korea?',
      ],
      stance: 'pressure',
    },
  ],
  engagement: [
    ...ENGAGEMENT_CLAIMS,
    {
      id: 'engagement/talks-and-trust',
      section: 'Introduction',
      quote: 'Talks and trust matter more than pressure.',
      statement: 'Talks with North Korea and trust matter more than pressure.',
      topics: ['diplomacy'],
      entities: ['north-korea'],
      questions: [
        'Do talks with North Korea matter more than pressure?',
        'Is trust with Pyongyang more important than pressure?',
      ],
      stance: 'engagement',
    },
  ],
}

let layouts: KnowledgeLayout[]
let kb: KnowledgeBase
let largerKb: KnowledgeBase
beforeAll(async () => {
  layouts = [await writeKnowledgeFixture(), await writeKnowledgeFixture(MORE_CLAIMS)]
  kb = loadKnowledge(layouts[0]?.root)
  largerKb = loadKnowledge(layouts[1]?.root)
})
afterAll(() => {
  for (const layout of layouts) removeKnowledgeFixture(layout)
})

/** a stream that keeps what is written to it */
function sink() {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

async function run(argv: string[], stdin = '', base = kb) {
  const stdout = sink()
  const stderr = sink()
  const code = await runAskCli(argv, base, {
    stdin: Readable.from([stdin]),
    stdout: stdout.stream,
    stderr: stderr.stream,
    style: { color: false },
  })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

const IRAN_TEXT = [
  '1. Iran’s main contribution is oil and energy trade.',
  '   — Pressure On The Partnership · Sanctions And Their Types',
  '   “Iran | Oil and energy trade”',
  '',
].join('\n')

const IRAN_JSON = {
  question: 'What does Iran contribute?',
  answered: true,
  answers: [
    {
      id: 'pressure/iran-oil',
      text: 'Iran’s main contribution is oil and energy trade.',
      score: expect.any(Number),
      citations: [
        {
          source: 'pressure',
          title: 'Pressure On The Partnership',
          section: 'Sanctions And Their Types',
          quote: 'Iran | Oil and energy trade',
        },
      ],
      reviewed: true,
      explanation: {
        read: ['iran', 'contribute'],
        aliases: [{ from: 'contribute', to: 'contribution' }],
        corrections: [],
        matched: ['Iran', 'contribution'],
      },
    },
  ],
}

/** a session of the terminal adapter fed `lines` through a pipe; what it printed */
async function session(lines: string[], interactive = false, base = kb) {
  const input = new PassThrough()
  const output = sink()
  const adapter = createTerminalAdapter({
    kb: base,
    input,
    output: output.stream,
    style: { color: false },
    connectHint: 'To answer in Slack or Discord, set their tokens.',
    interactive,
  })
  const done = adapter.start()
  input.end(lines.map((line) => `${line}\n`).join(''))
  await done
  return output.text()
}

describe('npm run ask -- "question"', () => {
  it('prints the answer as text and exits 0', async () => {
    expect(await run(['What does Iran contribute?'])).toEqual({ code: 0, stdout: IRAN_TEXT, stderr: '' })
  })

  it('joins the words of an unquoted question', async () => {
    expect((await run(['What', 'does', 'Iran', 'contribute?'])).stdout).toBe(IRAN_TEXT)
  })

  it('says so when nothing answers, and still exits 0', async () => {
    const result = await run(['How do I bake sourdough bread?'])
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')[0]).toBe(
      'Not in the knowledge base: nothing in the documents answers “How do I bake sourdough bread?”.',
    )
  })

  it('answers the sources command', async () => {
    expect(await run(['sources'])).toEqual({
      code: 0,
      stdout:
        '• The Case For Engagement (title supplied by the curators) — 3 claims [engagement]\n• Pressure On The Partnership — 5 claims [pressure]\n',
      stderr: '',
    })
  })

  it('says recaps are in Slack and Discord, since the terminal keeps no history, and exits 0', async () => {
    expect(await run(['recap', '30'])).toEqual({
      code: 0,
      stdout:
        'Recaps are in Slack and Discord: "/ask recap" there lists the questions asked in a channel in the last hour, with their answers. The terminal keeps no history of questions; scroll up for this session\'s.\n',
      stderr: '',
    })
  })

  it('refuses a recap of a span it does not take on stderr, and exits 1', async () => {
    const result = await run(['recap', 'forever'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Recap takes a number of minutes from 1 to 1,440/)
  })

  it('refuses a question that is too long on stderr and exits 1', async () => {
    expect(await run(['x'.repeat(600)])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'That question is 600 characters long; please ask in under 500 characters.\n',
    })
  })

  it('asks for a question when given none, and exits 2', async () => {
    expect(await run([])).toEqual({ code: 2, stdout: '', stderr: `Give a question to ask.\n${ASK_USAGE}\n` })
  })

  it('refuses an unknown option, and exits 2', async () => {
    expect(await run(['--yaml', 'What does Iran contribute?'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `Unknown option --yaml.\n${ASK_USAGE}\n`,
    })
  })

  it('reads a word starting with a dash as part of the question, not as an option', async () => {
    const result = await run(['-x'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Not in the knowledge base: nothing in the documents answers “-x”.')
  })

  it('reads everything after -- as the question, options and all', async () => {
    const result = await run(['--json', '--', '--help', 'What does Iran contribute?'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).question).toBe('--help What does Iran contribute?')
  })

  it('prints its usage for --help, and exits 0', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, stdout: `${ASK_USAGE}\n`, stderr: '' })
  })
})

describe('npm run ask -- --json "question"', () => {
  it('prints exactly one JSON object following the contract', async () => {
    const result = await run(['--json', 'What does Iran contribute?'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout.endsWith('\n')).toBe(true)
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1)
    expect(JSON.parse(result.stdout)).toStrictEqual(IRAN_JSON)
  })

  it('takes the flag after the question too', async () => {
    expect(JSON.parse((await run(['What does Iran contribute?', '--json'])).stdout)).toStrictEqual(IRAN_JSON)
  })

  it('prints answered: false when nothing answers, and exits 0', async () => {
    const result = await run(['--json', 'How do I bake sourdough bread?'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toStrictEqual({
      question: 'How do I bake sourdough bread?',
      answered: false,
      answers: [],
    })
  })

  it('treats "help" as a question, not a command', async () => {
    const result = await run(['--json', 'help'])
    expect(Object.keys(JSON.parse(result.stdout))).toEqual(['question', 'answered', 'answers'])
    expect(JSON.parse(result.stdout).question).toBe('help')
  })

  it('treats "recap" as a question too, whatever follows it', async () => {
    for (const question of ['recap', 'recap forever']) {
      const result = await run(['--json', question])
      expect(result.code).toBe(0)
      expect(JSON.parse(result.stdout).question).toBe(question)
    }
  })

  it('prints an error field for input that cannot be asked, and exits 1', async () => {
    const result = await run(['--json', 'y'.repeat(600)])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toStrictEqual({
      question: 'y'.repeat(200),
      answered: false,
      answers: [],
      error: 'That question is 600 characters long; please ask in under 500 characters.',
    })
  })
})

describe('npm run ask -- --jsonl', () => {
  const BINARY =
    'That looks like binary data rather than a question. Ask in plain words, for example: what does Iran contribute?'

  it('prints one object per line in order, with an error for lines that cannot be asked, and goes on', async () => {
    const long = 'z'.repeat(100 * 1024)
    const input = [
      'What does Iran contribute?',
      '',
      'PK\u0003\u0004\u0000\u0000binary',
      long,
      '   ',
      'How do I bake sourdough bread?\r',
      '@everyone What does Iran contribute?',
      '@here',
    ].join('\n')
    const result = await run(['--jsonl'], `${input}\n`)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const lines = result.stdout.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.map((line) => JSON.parse(line))).toStrictEqual([
      IRAN_JSON,
      { question: '', answered: false, answers: [], error: 'empty question' },
      { question: 'PK\u0003\u0004\u0000\u0000binary', answered: false, answers: [], error: BINARY },
      {
        question: 'z'.repeat(200),
        answered: false,
        answers: [],
        error: 'That question is 102,400 characters long; please ask in under 500 characters.',
      },
      { question: '', answered: false, answers: [], error: 'empty question' },
      { question: 'How do I bake sourdough bread?', answered: false, answers: [] },
      IRAN_JSON,
      { question: '', answered: false, answers: [], error: 'empty question' },
    ])
  })

  it('reads CRLF line endings and a last line without a newline', async () => {
    const result = await run(['--jsonl'], 'What does Iran contribute?\r\nWhat does Iran contribute?')
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toStrictEqual([IRAN_JSON, IRAN_JSON])
  })

  it('prints nothing for empty input, and exits 0', async () => {
    expect(await run(['--jsonl'], '')).toEqual({ code: 0, stdout: '', stderr: '' })
  })
})

describe('npm run ask -- --page N "question"', () => {
  const NORTH_KOREA = 'north korea'
  const numbers = (text: string) => text.match(/^\d+\./gm)

  it('says how to see the next page on the first, as a command to run', async () => {
    const result = await run([NORTH_KOREA], '', largerKb)
    expect(result.code).toBe(0)
    expect(numbers(result.stdout)).toEqual(['1.', '2.', '3.'])
    expect(result.stdout.endsWith('\n\nMore results: add --page 2\n')).toBe(true)
    expect(await run(['--page', '1', NORTH_KOREA], '', largerKb)).toEqual(result)
  })

  it('shows the second page numbered on from the first, as "more" shows it at the prompt', async () => {
    const result = await run(['--page', '2', NORTH_KOREA], '', largerKb)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(numbers(result.stdout)).toEqual(['4.', '5.'])
    expect(result.stdout).not.toContain('More results')
    const prompt = await session([NORTH_KOREA, 'more'], false, largerKb)
    expect(`${prompt.split('More results: type "more".\n')[1]}`).toBe(result.stdout)
    expect(await run([NORTH_KOREA, '--page=2'], '', largerKb)).toEqual(result)
  })

  it('says there are no more results past the last page, and exits 0', async () => {
    expect(await run(['--page', '3', NORTH_KOREA], '', largerKb)).toEqual({
      code: 0,
      stdout: 'No more results for “north korea”.\n',
      stderr: '',
    })
  })

  it('still says when nothing answers the question at all', async () => {
    const result = await run(['--page', '2', 'How do I bake sourdough bread?'])
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')[0]).toBe(
      'Not in the knowledge base: nothing in the documents answers “How do I bake sourdough bread?”.',
    )
  })

  it.each([
    [['--page', '0', 'iran'], '“0” is not one'],
    [['--page', '-1', 'iran'], '“-1” is not one'],
    [['--page', 'abc', 'iran'], '“abc” is not one'],
    [['--page', '2.5', 'iran'], '“2.5” is not one'],
    [['--page=', 'iran'], 'needs a page number'],
    [['iran', '--page'], 'needs a page number'],
    [['--page', '--json', 'iran'], 'needs a page number'],
  ])('refuses %j with a usage error, and exits 2', async (argv, problem) => {
    const result = await run(argv)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(problem)
    const [message] = result.stderr.split('\n')
    expect(message).toBe(
      problem === 'needs a page number'
        ? '--page needs a page number, for example --page 2.'
        : `--page takes a page number from 1, for example --page 2; ${problem}.`,
    )
    expect(result.stderr.endsWith(`\n${ASK_USAGE}\n`)).toBe(true)
  })

  it('shows --page in its usage', () => {
    expect(ASK_USAGE).toContain('npm run ask -- --page 2 "your question"')
  })
})

describe('npm run ask -- --json --page N "question"', () => {
  const json = async (argv: string[]) => {
    const result = await run(argv, '', largerKb)
    expect(result.code).toBe(0)
    return JSON.parse(result.stdout)
  }

  it('prints exactly the same object as before when no page is asked for', async () => {
    expect(Object.keys(await json(['--json', 'north korea']))).toEqual(['question', 'answered', 'answers'])
  })

  it('gives that page’s answers, which page it is and whether another follows', async () => {
    const all = await json(['--json', 'north korea'])
    const first = await json(['--json', '--page', '1', 'north korea'])
    const second = await json(['--json', '--page', '2', 'north korea'])
    expect(Object.keys(first)).toEqual(['question', 'answered', 'answers', 'page', 'more'])
    expect(first).toMatchObject({ question: 'north korea', answered: true, page: 1, more: true })
    expect(second).toMatchObject({ question: 'north korea', answered: true, page: 2, more: false })
    const ids = (object: { answers: Array<{ id: string }> }) => object.answers.map((answer) => answer.id)
    expect(ids(first)).toHaveLength(3)
    expect([...ids(first), ...ids(second)]).toEqual(ids(all))
  })

  it('gives no answers past the last page, the question still answered', async () => {
    expect(await json(['--json', '--page', '3', 'north korea'])).toStrictEqual({
      question: 'north korea',
      answered: true,
      answers: [],
      page: 3,
      more: false,
    })
  })

  it('gives answered: false when nothing answers the question', async () => {
    expect(await json(['--json', '--page', '2', 'How do I bake sourdough bread?'])).toStrictEqual({
      question: 'How do I bake sourdough bread?',
      answered: false,
      answers: [],
      page: 2,
      more: false,
    })
  })

  it('pages every line of --jsonl the same way', async () => {
    const result = await run(['--jsonl', '--page', '2'], 'north korea\n\n', largerKb)
    const [answered, empty] = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(answered).toMatchObject({ question: 'north korea', page: 2, more: false })
    expect(answered.answers).toHaveLength(2)
    expect(empty).toStrictEqual({ question: '', answered: false, answers: [], error: 'empty question' })
  })
})

describe('the interactive terminal adapter, driven through a pipe', () => {
  it('answers help, sources, topics, a question and quit, without prompts when piped', async () => {
    const text = await session(['help', 'sources', 'topics', 'What does Iran contribute?', 'quit', 'topics'])
    expect(text).toBe(
      [
        'Ask a question in plain words and get short answers, each cited to the passage it rests on.',
        'Commands: help · sources (the documents) · topics (what they cover) · more (next results) · why (how the last answer matched) · quit',
        'In Slack and Discord, recap lists the questions asked in a channel in the last hour, with their answers.',
        'Examples:',
        '  What must Washington do about Russia and North Korea?',
        '  Could dialogue with North Korea lead to arms control?',
        '  What is Iran’s main contribution?',
        '• The Case For Engagement (title supplied by the curators) — 3 claims [engagement]',
        '• Pressure On The Partnership — 5 claims [pressure]',
        '• Sanctions (3)',
        '• Diplomacy and dialogue (2)',
        '• Economic cooperation and trade (2)',
        '• Humanitarian cooperation (1)',
        IRAN_TEXT,
      ].join('\n'),
    )
  })

  it('pages through a question with "more", numbering on, and says when there are no more', async () => {
    const text = await session(['north korea', 'more', 'more'], false, largerKb)
    const [first = '', second = '', rest = ''] = text.split('More results: type "more".\n')
    expect(first.match(/^\d+\./gm)).toEqual(['1.', '2.', '3.'])
    expect(first.startsWith('The documents argue different strategies:\n')).toBe(true)
    expect(second.match(/^\d+\./gm)).toEqual(['4.', '5.'])
    expect(rest).toBe('')
    expect(second.trimEnd().split('\n').at(-1)).toBe('No more results for “north korea”.')
    const statements = text.match(/^\d+\. (?:\[\w+\] )?(.+)$/gm) ?? []
    expect(new Set(statements.map((line) => line.replace(/^\d+\. (?:\[\w+\] )?/, ''))).size).toBe(5)
    expect(text).not.toContain('Not in the knowledge base')
  })

  it('goes back to the first page for a new question', async () => {
    const text = await session(['north korea', 'more', 'What does Iran contribute?', 'more'], false, largerKb)
    expect(text.endsWith(`${IRAN_TEXT}No more results for “What does Iran contribute?”.\n`)).toBe(true)
  })

  it('explains the last answer’s first match on "why": the question as read and the words it holds', async () => {
    const text = await session(['What does Iran contribute?', 'why'])
    expect(
      text.endsWith(
        [
          'Why this answer: Iran’s main contribution is oil and energy trade.',
          '   Read your question as: iran · contribute',
          '   Names read as: contribute → contribution',
          '   The answer holds: Iran · contribution',
          '',
        ].join('\n'),
      ),
    ).toBe(true)
  })

  it('says "why" needs a question first, and that a question with no answer has no match to explain', async () => {
    expect(await session(['why'])).toBe('Ask a question first; "why" explains how its answer matched.\n')
    const declined = await session(['How do I bake sourdough bread?', 'Why?'])
    expect(declined.endsWith('The last question got no answer, so there is no match to explain.\n')).toBe(
      true,
    )
  })

  it('asks for a question before "more"', async () => {
    expect(await session(['more'])).toBe('Ask a question first; "more" shows further results for it.\n')
  })

  it('skips blank lines when piped, and stops at the end of the input', async () => {
    expect(await session(['', '   ', 'topics'])).toBe(
      '• Sanctions (3)\n• Diplomacy and dialogue (2)\n• Economic cooperation and trade (2)\n• Humanitarian cooperation (1)\n',
    )
  })

  it('greets, hints at the platforms and prompts when interactive', async () => {
    const text = await session(['exit'], true)
    expect(text).toBe(
      [
        'Cited answers — terminal mode. 8 claims from 2 documents.',
        'Ask a question, or type help, sources, topics, quit.',
        'To answer in Slack or Discord, set their tokens.',
        '',
        '? ',
      ].join('\n'),
    )
  })

  it('stops when asked to', async () => {
    const input = new PassThrough()
    const adapter = createTerminalAdapter({
      kb,
      input,
      output: sink().stream,
      style: { color: false },
      connectHint: '',
      interactive: false,
    })
    const done = adapter.start()
    await adapter.stop()
    await expect(done).resolves.toBeUndefined()
  })
})
