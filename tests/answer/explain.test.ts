import { beforeAll, describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.ts'
import { describeExplanation, explainClaim } from '../../src/answer/explain.ts'
import { answerToJson } from '../../src/answer/json.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import type { Match } from '../../src/types.ts'

let kb: KnowledgeBase

beforeAll(() => {
  kb = loadKnowledge()
})

const PYONGYANG = 'what does pyongyang want from moskow'

function matchesOf(question: string): Match[] {
  const answer = ask(question, kb)
  if (answer.kind !== 'answered') throw new Error(`expected "${question}" to be answered`)
  return answer.matches
}

describe('explaining a match', () => {
  it('says Pyongyang was read as North Korea and moskow corrected to moscow, itself read as Russia', () => {
    const [best] = matchesOf(PYONGYANG)
    const explanation = best?.explanation
    expect(explanation?.read).toEqual(['pyongyang', 'want', 'moscow'])
    expect(explanation?.corrections).toEqual([{ from: 'moskow', to: 'moscow' }])
    expect(explanation?.aliases).toEqual([
      { from: 'pyongyang', to: 'North Korea' },
      { from: 'moscow', to: 'Russia' },
    ])
    // a name is held as what it stands for: the claim names North Korea, not necessarily Pyongyang
    expect(explanation?.matched).toEqual(['North Korea', 'want', 'Russia'])
  })

  it('explains every match of an answer, each with the words its own claim holds', () => {
    const matches = matchesOf(PYONGYANG)
    expect(matches.length).toBeGreaterThan(1)
    for (const match of matches) {
      expect(match.explanation?.read).toEqual(['pyongyang', 'want', 'moscow'])
      expect(match.explanation?.matched.length).toBeGreaterThan(0)
    }
  })

  it('lists no alias and no correction for a question written as the documents write it', () => {
    const [best] = matchesOf('iran oil')
    expect(best?.explanation).toEqual({
      read: ['iran', 'oil'],
      aliases: [],
      corrections: [],
      matched: ['Iran', 'oil'],
    })
  })

  it('gives the same explanation on demand as the ranking gave, for a button pressed later', () => {
    const [best] = matchesOf(PYONGYANG)
    expect(explainClaim(PYONGYANG, best?.claim.id ?? '', kb)).toEqual(best?.explanation)
  })

  it('explains nothing for a claim no longer in the knowledge base, or a question with no words', () => {
    expect(explainClaim(PYONGYANG, 'gone/claim', kb)).toBeUndefined()
    const [best] = matchesOf(PYONGYANG)
    expect(explainClaim('?!', best?.claim.id ?? '', kb)).toBeUndefined()
  })

  it('leaves explanations out when asked to, and changes nothing else', () => {
    const plain = ask(PYONGYANG, kb, { explain: false })
    const explained = ask(PYONGYANG, kb)
    if (plain.kind !== 'answered' || explained.kind !== 'answered') throw new Error('expected answers')
    expect(plain.matches.every((match) => match.explanation === undefined)).toBe(true)
    expect(plain.matches.map(({ explanation: _, ...rest }) => rest)).toEqual(
      explained.matches.map(({ explanation: _, ...rest }) => rest),
    )
  })

  it('describes an explanation as labelled lines, leaving out what there is nothing to say about', () => {
    expect(
      describeExplanation({
        read: ['pyongyang', 'want', 'moscow'],
        aliases: [{ from: 'pyongyang', to: 'North Korea' }],
        corrections: [{ from: 'moskow', to: 'moscow' }],
        matched: ['North Korea'],
      }),
    ).toEqual([
      { label: 'Read your question as', text: 'pyongyang · want · moscow' },
      { label: 'Spelling corrected', text: 'moskow → moscow' },
      { label: 'Names read as', text: 'pyongyang → North Korea' },
      { label: 'The answer holds', text: 'North Korea' },
    ])
    expect(
      describeExplanation({ read: ['iran'], aliases: [], corrections: [], matched: ['Iran'] }).map(
        (line) => line.label,
      ),
    ).toEqual(['Read your question as', 'The answer holds'])
  })
})

describe('the explanation in the JSON form', () => {
  it('adds an explanation after every existing field of each answer, which stay as they were', () => {
    const answer = ask(PYONGYANG, kb)
    const json = answerToJson(answer)
    const plain = answerToJson(ask(PYONGYANG, kb, { explain: false }))
    for (const [at, entry] of json.answers.entries()) {
      expect(Object.keys(entry)).toEqual(['id', 'text', 'score', 'citations', 'reviewed', 'explanation'])
      const { explanation, ...rest } = entry
      expect(rest).toEqual(plain.answers[at])
      expect(Object.keys(explanation ?? {})).toEqual(['read', 'aliases', 'corrections', 'matched'])
    }
    expect(json.answers[0]?.explanation?.corrections).toEqual([{ from: 'moskow', to: 'moscow' }])
    // a copy: the JSON form never shares the answer's arrays
    expect(json.answers[0]?.explanation?.read).not.toBe(
      answer.kind === 'answered' ? answer.matches[0]?.explanation?.read : undefined,
    )
  })
})
