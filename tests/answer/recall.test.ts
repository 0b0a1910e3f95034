import { beforeAll, describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.ts'
import { recallAnswer } from '../../src/answer/recall.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import type { Answer } from '../../src/types.ts'

/** a question with more than a page of matches */
const BROAD = 'how does iran help russia?'
const IRAN = 'new-coalition/iran-oil-energy-trade'

let kb: KnowledgeBase

beforeAll(() => {
  kb = loadKnowledge()
})

const ids = (answer: Answer | { kind: 'changed' }) =>
  answer.kind === 'answered' ? answer.matches.map((match) => match.claim.id) : []

function page(question: string, offset: number) {
  const answer = ask(question, kb, { limit: 3, offset })
  if (answer.kind !== 'answered') throw new Error(`expected an answer to "${question}"`)
  return answer
}

describe('recallAnswer', () => {
  it.each([0, 3])('rebuilds the page at offset %i exactly as it was answered', (offset) => {
    const shown = page(BROAD, offset)
    expect(recallAnswer(BROAD, ids(shown), kb, { offset })).toEqual(shown)
  })

  it('keeps the order the claims were shown in, not the order the question finds them now', () => {
    const shown = ids(page(BROAD, 0)).reverse()
    expect(ids(recallAnswer(BROAD, shown, kb))).toEqual(shown)
  })

  it('leaves out claims no longer in the knowledge base, and repeats of one', () => {
    const recalled = recallAnswer('what does iran contribute?', ['gone/claim', IRAN, IRAN], kb)
    expect(ids(recalled)).toEqual([IRAN])
  })

  it('says the answer changed when none of its claims is left', () => {
    expect(recallAnswer('what does iran contribute?', ['gone/claim', 'also/gone'], kb)).toEqual({
      kind: 'changed',
      question: 'what does iran contribute?',
    })
    expect(recallAnswer('what does iran contribute?', [], kb)).toEqual({
      kind: 'changed',
      question: 'what does iran contribute?',
    })
  })

  it('cites the other documents that make the same point, as an answer does', () => {
    const [id, others] = [...kb.sameAs].find(([, same]) => same.length > 0) ?? []
    if (!id || !others) throw new Error('expected a claim with sameAs in the shipped knowledge base')
    const recalled = recallAnswer('anything', [id], kb)
    if (recalled.kind !== 'answered') throw new Error('expected an answer')
    expect(recalled.matches[0]?.corroborations.map((other) => other.claim.id)).toEqual(
      others.map((other) => other.id),
    )
    expect(recalled.matches[0]?.corroborations[0]?.citation.quote).toBe(others[0]?.quote)
  })

  it('puts the strategies side by side when the claims shown argue both, on the first page only', () => {
    const pressure = kb.claims.find((claim) => claim.stance === 'pressure')
    const engagement = kb.claims.find((claim) => claim.stance === 'engagement')
    if (!pressure || !engagement) throw new Error('expected claims of both stances')
    const both = [pressure.id, engagement.id]
    expect(recallAnswer('sanctions or talks?', both, kb)).toMatchObject({ perspectives: true })
    expect(recallAnswer('sanctions or talks?', both, kb, { offset: 3 })).toMatchObject({
      perspectives: false,
    })
    expect(recallAnswer('sanctions or talks?', [pressure.id], kb)).toMatchObject({ perspectives: false })
  })

  it('scores 0 a claim the question no longer finds, and offers no more results for it', () => {
    const unrelated = kb.claims.find((claim) => !claim.statement.toLowerCase().includes('iran'))
    if (!unrelated) throw new Error('expected a claim not about Iran')
    const recalled = recallAnswer('what is the population of iran', [unrelated.id], kb)
    expect(recalled).toMatchObject({ kind: 'answered', hasMore: false })
    if (recalled.kind === 'answered') expect(recalled.matches[0]?.score).toBe(0)
  })
})
