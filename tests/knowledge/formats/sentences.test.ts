/** Where a paragraph is cut into sentences and drafted passages (src/knowledge/formats/sentences.ts). */
import { describe, expect, it } from 'vitest'
import { PASSAGE_MAX, passagesOf } from '../../../src/knowledge/add-source.ts'
import { splitSentences } from '../../../src/knowledge/formats/sentences.ts'

describe('a paragraph cut into sentences', () => {
  it.each([
    [
      'Profits are shared (e.g. 2025 profits in 2026). Then more.',
      ['Profits are shared (e.g. 2025 profits in 2026).', 'Then more.'],
    ],
    [
      'The U.S. Government pays. Dr. Smith said 3.5 days. Done.',
      ['The U.S. Government pays.', 'Dr. Smith said 3.5 days.', 'Done.'],
    ],
    [
      'Use it i.e. soon. You get it (if you ask. Really.) Then go.',
      ['Use it i.e. soon.', 'You get it (if you ask. Really.)', 'Then go.'],
    ],
    [
      'It moved on (slowly). “Then” it ended! 2024 saw more.',
      ['It moved on (slowly).', '“Then” it ended!', '2024 saw more.'],
    ],
  ])('holds abbreviations, decimals and parentheses: %s', (text, sentences) => {
    expect(splitSentences(text)).toEqual(sentences)
  })
})

describe('a paragraph drafted as passages', () => {
  it('is one passage when it reads as one answer', () => {
    const text = 'Annual leave accrues each pay period. It carries over up to 240 hours.'
    expect(passagesOf(text)).toEqual([text])
  })

  it('is cut between sentences into runs no longer than the limit when it is long, each a verbatim slice', () => {
    const sentence =
      'Travelers must book the lowest-cost compact car unless a larger one is approved in advance. '
    const text = sentence.repeat(20).trim()
    const passages = passagesOf(text)
    expect(passages.length).toBeGreaterThan(1)
    for (const passage of passages) {
      expect(passage.length).toBeLessThanOrEqual(PASSAGE_MAX)
      expect(text).toContain(passage)
      expect(passage.endsWith('.')).toBe(true)
    }
    expect(passages.join(' ')).toBe(text)
  })
})
