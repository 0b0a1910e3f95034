import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { askedLine, questionsIn } from '../../../adapters/discord/asked-line.ts'
import { escapeDiscord, unescapeDiscord } from '../../../adapters/discord/escape.ts'
import { parseQuestionOption } from '../../../adapters/discord/parse.ts'

const ASKER = '1500000000000000001'
const SHARER = '1500000000000000003'
const QUESTION = 'what does iran contribute?'

/** what users type that escaping has to undo: Markdown, mentions, backslashes, the line's own words */
const PIECES = [
  '*',
  '**',
  '_',
  '__',
  '~~',
  '`',
  '```',
  '||',
  '\\',
  '\\*',
  '> ',
  '# ',
  '- ',
  '1. ',
  '[a](https://b.example)',
  '<@123456789012345678',
  '<@&1',
  '<#1',
  'a@everyone',
  'me@here',
  'You asked: ',
  ' · more results',
  "<@1500000000000000001>'s question: ",
  '😀',
  'é',
  'iran',
  ' ',
]
const typed = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 30 })
  .map((pieces) => pieces.join(''))

const ALL_LINES = [
  { audience: 'private' },
  { audience: 'private', offset: 3 },
  { audience: 'channel' },
  { audience: 'shared', askedBy: ASKER },
  { audience: 'shared', askedBy: ASKER, sharedBy: SHARER },
  { audience: 'shared', sharedBy: SHARER },
  { audience: 'shared' },
] as const

describe('askedLine', () => {
  it('names the question for each audience, pinging no one', () => {
    expect(ALL_LINES.map((options) => askedLine(QUESTION, options))).toEqual([
      `You asked: ${QUESTION}`,
      `You asked: ${QUESTION} · more results`,
      `-# Asked: ${QUESTION}`,
      `<@${ASKER}> asked: ${QUESTION}`,
      `<@${SHARER}> shared <@${ASKER}>'s question: ${QUESTION}`,
      `<@${SHARER}> shared: ${QUESTION}`,
      `Someone asked: ${QUESTION}`,
    ])
    expect(askedLine('@everyone **now**', { audience: 'private' })).toBe(
      'You asked: @\u200Beveryone \\*\\*now\\*\\*',
    )
  })
})

describe('questionsIn', () => {
  it('reads back the question of every kind of line', () => {
    for (const options of ALL_LINES) expect(questionsIn(askedLine(QUESTION, options))).toContain(QUESTION)
  })

  it('offers both readings where the question ends like a page of more results', () => {
    const question = 'why · more results'
    expect(questionsIn(askedLine(question, { audience: 'private', offset: 3 }))).toEqual([
      'why · more results · more results',
      question,
    ])
    expect(questionsIn(askedLine(question, { audience: 'private' }))).toEqual([question, 'why'])
  })

  it('reads back exactly whatever a user could ask, however it is escaped', () => {
    fc.assert(
      fc.property(typed, fc.constantFrom(...ALL_LINES), (text, options) => {
        const command = parseQuestionOption(text)
        fc.pre(command.kind === 'ask')
        if (command.kind !== 'ask') return
        expect(questionsIn(askedLine(command.question, options))).toContain(command.question)
      }),
      { numRuns: 500, seed: 20261205 },
    )
  })

  it('undoes escaping exactly for any text without a zero-width space of its own', () => {
    fc.assert(
      fc.property(fc.oneof(typed, fc.string({ unit: 'binary', maxLength: 60 })), (text) => {
        fc.pre(!text.includes('\u200B'))
        expect(unescapeDiscord(escapeDiscord(text))).toBe(text)
      }),
      { numRuns: 500, seed: 20261205 },
    )
  })

  it('reads nothing from content the bot did not write as such a line, and never throws', () => {
    for (const content of [
      undefined,
      null,
      42,
      {},
      '',
      'You asked: ',
      'Shared to the channel.',
      'you asked: iran',
      '<@123> asked: iran',
      'Someone said: iran',
      `You asked: ${'x'.repeat(2000)}`,
    ]) {
      expect(questionsIn(content)).toEqual([])
    }
  })
})
