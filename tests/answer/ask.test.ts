import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AskOptions, ask } from '../../src/answer/ask.ts'
import { answerToJson, MAX_JSON_ANSWERS } from '../../src/answer/json.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import type { Answer, Match } from '../../src/types.ts'
import { removeKnowledgeFixture, writeKnowledgeFixture } from '../helpers/knowledge-fixture.ts'

let layout: KnowledgeLayout
let kb: KnowledgeBase

beforeAll(async () => {
  layout = await writeKnowledgeFixture()
  kb = loadKnowledge(layout.root)
})
afterAll(() => removeKnowledgeFixture(layout))

const ids = (answer: Answer) =>
  answer.kind === 'answered' ? answer.matches.map((match) => match.claim.id) : []
const best = (question: string, options?: AskOptions) => ids(ask(question, kb, options))[0]

describe('normalising the question', () => {
  it.each([
    ['plain', 'What does Iran contribute?'],
    ['upper case and repeated punctuation', 'WHAT   DOES   IRAN CONTRIBUTE!!!'],
    ['tabs, newlines and surrounding space', '  what\tdoes\n iran   contribute  '],
    ['accents', 'what does Írán contribute'],
    ['full-width letters and question mark', 'ＩＲＡＮ contribution？'],
    ['typographic quotes and an ellipsis', 'what does “Iran” contribute…'],
    ['a possessive in capitals', "IRAN'S CONTRIBUTION"],
    ['no question words at all', 'iran contribution'],
  ])('finds the Iran table row for a question with %s', (_, question) => {
    expect(best(question)).toBe('pressure/iran-oil')
  })
})

describe('aliases and spelling', () => {
  it.each(['What does Pyongyang contribute?', 'what does the DPRK contribute', 'N. Korea contribution'])(
    'reads "%s" as a question about North Korea',
    (question) => {
      expect(best(question)).toBe('pressure/north-korea-arms')
    },
  )

  it('reads Tehran as Iran', () => {
    expect(best('Tehran contribution')).toBe('pressure/iran-oil')
  })

  it('matches a synonym of a term the claim uses (embargo → sanctions)', () => {
    expect(ids(ask('What would an embargo limit?', kb))[0]).toBe('pressure/trade-embargoes')
  })

  it.each([
    ['what does Iran contirbute', 'pressure/iran-oil'],
    ['Nort Korea contribution', 'pressure/north-korea-arms'],
    ['who wuold asset freezes targte', 'pressure/asset-freezes'],
  ])('corrects the typo in "%s"', (question, claim) => {
    expect(best(question)).toBe(claim)
  })
})

describe('the answer', () => {
  it('cites the table row when asked what Iran contributes', () => {
    const answer = ask('What does Iran contribute?', kb)
    expect(answer.kind).toBe('answered')
    if (answer.kind !== 'answered') return
    expect(answer.question).toBe('What does Iran contribute?')
    expect(answer.matches[0]?.citation).toEqual({
      source: 'pressure',
      title: 'Pressure On The Partnership',
      section: 'Sanctions And Their Types',
      quote: 'Iran | Oil and energy trade',
    })
    expect(answer.matches[0]?.score).toBeGreaterThan(0.5)
    expect(answer.matches[0]?.score).toBeLessThanOrEqual(1)
  })

  it('cites a source whose title the curators supplied by that title', () => {
    const answer = ask('Can talks reduce the risk of escalation?', kb)
    expect(answer.kind === 'answered' && answer.matches[0]?.citation).toEqual({
      source: 'engagement',
      title: 'The Case For Engagement',
      section: 'Diplomatic Avenues',
      quote:
        'Direct Talks: Building trust and clarifying intentions through direct talks could reduce the risk of escalation.',
    })
  })

  it('says it has no answer to an unrelated question, and suggests topics', () => {
    expect(ask('How do I bake sourdough bread?', kb)).toEqual({
      kind: 'no-answer',
      question: 'How do I bake sourdough bread?',
      reason: 'not-found',
      suggestions: [
        { id: 'sanctions', name: 'Sanctions' },
        { id: 'diplomacy', name: 'Diplomacy and dialogue' },
        { id: 'economic-cooperation', name: 'Economic cooperation and trade' },
      ],
      related: [],
    })
  })

  it('declines a question asking for a figure no claim states', () => {
    expect(ask('what is the population of north korea', kb)).toMatchObject({
      kind: 'no-answer',
      reason: 'not-found',
    })
    expect(ask('how many weapons does north korea transfer', kb)).toMatchObject({ kind: 'no-answer' })
    // the same subject without a figure is answered
    expect(ask('what about north korea', kb).kind).toBe('answered')
  })

  it('offers related example questions when something close was found', () => {
    const answer = ask('How should we handle North Korea?', kb)
    expect(answer.kind).toBe('no-answer')
    if (answer.kind !== 'no-answer') return
    expect(answer.related).toContain('Could dialogue with North Korea lead to arms control?')
    expect(answer.suggestions.map((topic) => topic.id)).toContain('diplomacy')
  })

  it.each(['', '   ', '?!', 'the of and'])('asks for a question in words when given "%s"', (question) => {
    const answer = ask(question, kb)
    expect(answer.kind === 'no-answer' && answer.reason).toBe('no-question')
  })

  it('shows the pressure and engagement claims side by side when both match', () => {
    const answer = ask('What should be done about North Korea?', kb)
    expect(answer.kind).toBe('answered')
    if (answer.kind !== 'answered') return
    expect(answer.perspectives).toBe(true)
    const stances = answer.matches.slice(0, 3).map((match) => match.claim.stance)
    expect(stances).toContain('pressure')
    expect(stances).toContain('engagement')
  })

  it('does not speak of perspectives when every match argues the same way', () => {
    const answer = ask('Who would asset freezes target?', kb)
    expect(answer).toMatchObject({ kind: 'answered', perspectives: false, hasMore: false })
    expect(ids(answer)).toEqual(['pressure/asset-freezes'])
  })
})

describe('paging with offset and limit', () => {
  const question = 'north korea'

  it('returns at most `limit` matches and says when more exist', () => {
    const all = ask(question, kb)
    expect(all).toMatchObject({ kind: 'answered', hasMore: false })
    expect(ids(all)).toHaveLength(3)
    const first = ask(question, kb, { limit: 1 })
    expect(first).toMatchObject({ kind: 'answered', hasMore: true })
    expect(ids(first)).toHaveLength(1)
  })

  it('pages of one walk through every match once, in the same order each time', () => {
    const pages = [0, 1, 2].map((offset) => ask(question, kb, { limit: 1, offset }))
    const walked = pages.flatMap(ids)
    expect(walked).toHaveLength(3)
    expect(new Set(walked)).toEqual(new Set(ids(ask(question, kb))))
    expect(pages.map((page) => page.kind === 'answered' && page.hasMore)).toEqual([true, true, false])
    const again = [0, 1, 2].flatMap((offset) => ids(ask(question, kb, { limit: 1, offset })))
    expect(again).toEqual(walked)
  })

  it('shows perspectives only on the first page', () => {
    expect(ask(question, kb, { limit: 3, offset: 0 })).toMatchObject({ perspectives: true })
    expect(ask(question, kb, { limit: 2, offset: 1 })).toMatchObject({ perspectives: false })
  })

  it.each([question, 'What should be done about North Korea?', 'sanctions'])(
    'puts the same first matches first whatever the page size, for "%s"',
    (asked) => {
      const five = ids(ask(asked, kb, { limit: 5 }))
      for (const limit of [1, 2, 3]) expect(ids(ask(asked, kb, { limit }))).toEqual(five.slice(0, limit))
    },
  )

  it('has no answer past the last match', () => {
    expect(ask(question, kb, { limit: 3, offset: 3 })).toMatchObject({
      kind: 'no-answer',
      reason: 'not-found',
    })
  })

  it('never returns more than the engine’s maximum, nor fewer than one, whatever the limit', () => {
    expect(ids(ask(question, kb, { limit: 100 }))).toHaveLength(3)
    expect(ids(ask(question, kb, { limit: 0 }))).toHaveLength(1)
    expect(ids(ask(question, kb, { offset: -5 }))).toEqual(ids(ask(question, kb)))
  })
})

describe('the JSON form of an answer', () => {
  it('has exactly the stable contract for an answer', () => {
    const answer = ask('What does Iran contribute?', kb)
    const json = answerToJson(answer)
    const score = answer.kind === 'answered' ? answer.matches[0]?.score : undefined
    expect(json).toStrictEqual({
      question: 'What does Iran contribute?',
      answered: true,
      answers: [
        {
          id: 'pressure/iran-oil',
          text: 'Iran’s main contribution is oil and energy trade.',
          score,
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
    })
    // the keys in the documented order, so printed JSON reads the same from one release to the next
    expect(Object.keys(json)).toEqual(['question', 'answered', 'answers'])
    // the explanation comes after every field the contract had before it
    expect(Object.keys(json.answers[0] ?? {})).toEqual([
      'id',
      'text',
      'score',
      'citations',
      'reviewed',
      'explanation',
    ])
    expect(Object.keys(json.answers[0]?.citations[0] ?? {})).toEqual(['source', 'title', 'section', 'quote'])
  })

  it('is answered: false with no answers when nothing answers', () => {
    expect(answerToJson(ask('How do I bake sourdough bread?', kb))).toStrictEqual({
      question: 'How do I bake sourdough bread?',
      answered: false,
      answers: [],
    })
    expect(answerToJson(ask('', kb))).toStrictEqual({ question: '', answered: false, answers: [] })
  })

  it(`carries at most ${MAX_JSON_ANSWERS} answers`, () => {
    const answer = ask('north korea', kb)
    if (answer.kind !== 'answered') throw new Error('expected an answer')
    const match = answer.matches[0] as Match
    const many: Answer = { ...answer, matches: Array.from({ length: 8 }, () => match) }
    expect(MAX_JSON_ANSWERS).toBe(5)
    expect(answerToJson(many).answers).toHaveLength(5)
  })

  it('does not share the answer’s citation objects', () => {
    const answer = ask('What does Iran contribute?', kb)
    const json = answerToJson(answer)
    const citation = json.answers[0]?.citations[0]
    expect(citation).not.toBe(answer.kind === 'answered' ? answer.matches[0]?.citation : undefined)
  })
})
