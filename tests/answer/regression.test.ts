/**
 * Every example question a curator lists under a claim must find that claim among the first three answers,
 * as a match or as one that makes the same point as a match (its `sameAs`): the questions are the knowledge
 * base's own promise of what it answers.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { questionUnits } from '../../src/answer/answer-index.ts'
import { ask } from '../../src/answer/ask.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { SELF_TEST_TOP, selfTest } from '../../src/knowledge/self-test.ts'

let kb: KnowledgeBase
beforeAll(() => {
  kb = loadKnowledge()
})

describe('the example questions of the shipped knowledge base', () => {
  it(`find their own claim in the top ${SELF_TEST_TOP} answers`, () => {
    const { asked, failures } = selfTest(kb)
    expect(asked).toBeGreaterThanOrEqual(2 * kb.claims.length)
    expect(
      failures.map(
        ({ claim, question, answered }) =>
          `${claim}: "${question}" → ${answered.length > 0 ? answered.join(', ') : 'no answer'}`,
      ),
    ).toEqual([])
  })
})

describe('a request for the gist of a document', () => {
  // the documents end in sections of their own: "Final Thoughts", "Closing Remarks"
  it.each([
    'tl;dr of the us strategy piece',
    "what's the bottom line of the US strategy piece",
    'key takeaways?',
    'quick recap',
  ])('is answered from a closing section: "%s"', (question) => {
    const answer = ask(question, kb)
    const section = answer.kind === 'answered' ? answer.matches[0]?.claim.section : undefined
    expect(['Final Thoughts', 'Closing Remarks']).toContain(section)
  })
})

describe('a request for the gist of a subject', () => {
  it.each(["summary of iran's contribution", 'tl;dr iran oil', 'bottom line on iran oil'])(
    'is answered about the subject: "%s"',
    (question) => {
      const answer = ask(question, kb)
      expect(answer.kind === 'answered' ? answer.matches[0]?.claim.id : answer.kind).toBe(
        'new-coalition/iran-oil-energy-trade',
      )
    },
  )
})

describe('the other names people use for the actors', () => {
  it.each([
    ['the Pentagon', 'united-states'],
    ['State Department', 'united-states'],
    ['Uncle Sam', 'united-states'],
    ['Khamenei', 'iran'],
    ['the ayatollahs', 'iran'],
    ['the CCP', 'china'],
    ['the CPC', 'china'],
    ['Brussels', 'europe'],
  ])('read "%s" as %s', (name, entity) => {
    const terms = questionUnits(`what does ${name} want`, kb.index).map((unit) => unit.term)
    expect(terms).toContain(`@${entity}`)
  })
})
