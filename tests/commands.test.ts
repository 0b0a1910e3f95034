import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Command, handle, MAX_QUESTION_CHARS, parseCommand, RECAP_USAGE } from '../src/commands.ts'
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../src/knowledge/layout.ts'
import { loadKnowledge } from '../src/knowledge/load.ts'
import { removeKnowledgeFixture, writeKnowledgeFixture } from './helpers/knowledge-fixture.ts'

const BINARY =
  'That looks like binary data rather than a question. Ask in plain words, for example: what does Iran contribute?'

describe('parsing what a user typed', () => {
  it.each([
    'help',
    'HELP',
    '?',
    ' ? ',
    'usage',
    '',
    '   ',
    '\n\t',
    'help.',
    'Help!',
    'help?',
    'usage!!',
    '@everyone',
  ])('reads "%s" as help', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'help' })
  })

  it.each(['sources', 'Sources', 'docs', 'documents', 'sources?', 'docs.', ' DOCS! '])(
    'reads "%s" as the list of sources',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'sources' })
    },
  )

  it.each(['topics', 'Topics', 'topics?', 'topics...', 'topics !'])(
    'reads "%s" as the list of topics',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'topics' })
    },
  )

  it.each([
    ['a question', 'What does Iran contribute?', 'What does Iran contribute?'],
    ['a question with a keyword in it', 'what sources say Iran helps?', 'what sources say Iran helps?'],
    ['a question that is only punctuation', '???', '???'],
    ['runs of whitespace', '  what   does\tIran\n\ncontribute  ', 'what does Iran contribute'],
    ['a bell character', 'what does\u0007Iran contribute', 'what does Iran contribute'],
    ['a terminal escape', 'what does \u001b[2JIran contribute', 'what does [2JIran contribute'],
    [
      'C1 controls and a replacement character',
      'what\u0085 does Iran\uFFFD contribute',
      'what does Iran contribute',
    ],
    ['a typed mass mention', '@everyone what does Iran contribute?', 'what does Iran contribute?'],
    [
      'mass mentions anywhere, any case',
      'what does @HERE Iran contribute @channel',
      'what does Iran contribute',
    ],
    [
      'mass mentions glued together',
      '@everyone@here what does Iran contribute?',
      'what does Iran contribute?',
    ],
    ['a doubled mass mention', 'what does @@channel Iran contribute', 'what does Iran contribute'],
    [
      'an address that only looks like one',
      'is ops@here.example the contact?',
      'is ops@here.example the contact?',
    ],
  ])('reads %s as a question, without control characters or mass mentions', (_, text, question) => {
    expect(parseCommand(text)).toEqual({ kind: 'ask', question })
  })

  it('reads text with a NUL byte as binary', () => {
    expect(parseCommand('what does\u0000 Iran contribute')).toEqual({
      kind: 'invalid',
      problem: 'binary',
      message: BINARY,
    })
  })

  it('reads text made mostly of control characters as binary', () => {
    const bytes = String.fromCharCode(...Array.from({ length: 64 }, (_, index) => 1 + (index % 31)))
    expect(parseCommand(bytes)).toEqual({ kind: 'invalid', problem: 'binary', message: BINARY })
    expect(parseCommand('PK\u0003\u0004\u0014\u0006abc')).toMatchObject({
      kind: 'invalid',
      problem: 'binary',
    })
  })

  it('refuses 100 KB of text, saying how long it was', () => {
    expect(parseCommand('a'.repeat(100 * 1024))).toEqual({
      kind: 'invalid',
      problem: 'too-long',
      message: 'That question is 102,400 characters long; please ask in under 500 characters.',
    })
  })

  it(`takes a question of exactly ${MAX_QUESTION_CHARS} characters, and refuses one more`, () => {
    const question = `why ${'x'.repeat(MAX_QUESTION_CHARS - 4)}`
    expect(parseCommand(question)).toEqual({ kind: 'ask', question })
    expect(parseCommand(`${question}y`)).toMatchObject({
      kind: 'invalid',
      problem: 'too-long',
      message: 'That question is 501 characters long; please ask in under 500 characters.',
    })
  })

  it('measures the length after collapsing whitespace', () => {
    const padded = `   what does Iran contribute${' '.repeat(1000)}?`
    expect(parseCommand(padded)).toEqual({ kind: 'ask', question: 'what does Iran contribute ?' })
  })
})

describe('parsing a recap', () => {
  it.each([
    ['recap', 60],
    ['Recap?', 60],
    ['recap 30', 30],
    ['recap 30m', 30],
    ['recap 45 minutes', 45],
    ['recap 1 min', 1],
    ['recap 2h', 120],
    ['RECAP 24 hours', 1440],
    ['recap 1440', 1440],
  ])('reads "%s" as a recap of %i minutes', (text, minutes) => {
    expect(parseCommand(text)).toEqual({ kind: 'recap', minutes })
  })

  it.each([
    'recap 0',
    'recap 1441',
    'recap 25h',
    'recap -5',
    'recap 1.5',
    'recap abc',
    'recap the meeting',
    'recap 99999999',
  ])('refuses "%s" with the usage of recap', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'invalid', problem: 'recap-minutes', message: RECAP_USAGE })
  })

  it('says what recap takes, with an example', () => {
    expect(RECAP_USAGE).toBe(
      'Recap takes a number of minutes from 1 to 1,440 (a day), for example "recap 30" or "recap 2h"; "recap" alone covers the last 60 minutes.',
    )
  })

  it('reads a question that only begins with the letters of recap as a question', () => {
    expect(parseCommand('recaps of the summit?')).toEqual({ kind: 'ask', question: 'recaps of the summit?' })
  })
})

describe('replying to a command', () => {
  let layout: KnowledgeLayout
  let kb: KnowledgeBase
  beforeAll(async () => {
    layout = await writeKnowledgeFixture()
    kb = loadKnowledge(layout.root)
  })
  afterAll(() => removeKnowledgeFixture(layout))

  it('helps with three example questions, one per topic that has claims', () => {
    expect(handle({ kind: 'help' }, kb)).toEqual({
      kind: 'help',
      examples: [
        'What must Washington do about Russia and North Korea?',
        'Could dialogue with North Korea lead to arms control?',
        'What is Iran’s main contribution?',
      ],
    })
  })

  it('lists the sources with their titles and how many claims each holds', () => {
    expect(handle({ kind: 'sources' }, kb)).toEqual({
      kind: 'sources',
      sources: [
        { id: 'engagement', title: 'The Case For Engagement', titleSupplied: true, claims: 3, unreviewed: 0 },
        {
          id: 'pressure',
          title: 'Pressure On The Partnership',
          titleSupplied: false,
          claims: 5,
          unreviewed: 0,
        },
      ],
    })
  })

  it('lists the topics that have claims, most claims first', () => {
    expect(handle({ kind: 'topics' }, kb)).toEqual({
      kind: 'topics',
      topics: [
        { id: 'sanctions', name: 'Sanctions', claims: 3 },
        { id: 'diplomacy', name: 'Diplomacy and dialogue', claims: 2 },
        { id: 'economic-cooperation', name: 'Economic cooperation and trade', claims: 2 },
        { id: 'humanitarian', name: 'Humanitarian cooperation', claims: 1 },
      ],
    })
  })

  it('answers a question with the core’s answer, passing the paging options on', () => {
    const reply = handle({ kind: 'ask', question: 'north korea' }, kb, { limit: 1, offset: 1 })
    expect(reply.kind).toBe('answer')
    if (reply.kind !== 'answer') return
    expect(reply.answer).toMatchObject({ kind: 'answered', question: 'north korea', hasMore: true })
    expect(reply.answer.kind === 'answered' && reply.answer.matches).toHaveLength(1)
  })

  it('says no history is kept for a recap, having none at hand', () => {
    expect(handle({ kind: 'recap', minutes: 60 }, kb)).toEqual({ kind: 'no-history' })
  })

  it('passes an invalid command’s message through', () => {
    const command: Command = { kind: 'invalid', problem: 'too-long', message: 'Too long.' }
    expect(handle(command, kb)).toEqual({ kind: 'invalid', message: 'Too long.' })
  })

  it('answers what a user typed end to end: "topics?" lists topics, a question is answered', () => {
    expect(handle(parseCommand('topics?'), kb).kind).toBe('topics')
    const reply = handle(parseCommand('  What does IRAN contribute?? '), kb)
    expect(
      reply.kind === 'answer' && reply.answer.kind === 'answered' && reply.answer.matches[0]?.claim.id,
    ).toBe('pressure/iran-oil')
  })
})
