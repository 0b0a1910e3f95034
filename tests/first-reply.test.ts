import { describe, expect, it } from 'vitest'
import { answerBudget, type Caps, cutAtWord, fitAnswer, titleWithin } from '../src/first-reply.ts'
import type { Match } from '../src/types.ts'
import { coalitionMatch as match } from './helpers/replies.ts'

describe('cutAtWord', () => {
  it.each([
    ['Sanctions bite slowly.', 40, 'Sanctions bite slowly.'],
    ['Sanctions bite slowly, and then all at once.', 24, 'Sanctions bite slowly…'],
    ['The alliance grows. Trade follows.', 22, 'The alliance grows…'],
    ['Supercalifragilisticexpialidocious words', 12, 'Supercalifr…'],
  ])('cuts %j to at most %i characters as %j', (text, max, cut) => {
    expect(cutAtWord(text, max)).toBe(cut)
    expect(Array.from(cutAtWord(text, max)).length).toBeLessThanOrEqual(max)
  })
})

describe('titleWithin', () => {
  it('keeps a title whole while there is room, and gives its main title when short of it', () => {
    const title = 'Reimagining U.S. Strategy: How to Tackle the Growing Russia-North Korea Alliance'
    expect(titleWithin(title, 200)).toBe(title)
    expect(titleWithin(title, 48)).toBe('Reimagining U.S. Strategy')
    expect(titleWithin(title, 20)).toBe('Reimagining U.S…')
    expect(titleWithin('FAQ: Travel', 48)).toBe('FAQ: Travel')
  })
})

describe('fitAnswer', () => {
  const long = (id: string) =>
    match(id, `${'Sanctions bite slowly. '.repeat(8)}End.`, `${'The quoted passage. '.repeat(20)}End.`)
  const matches: Match[] = [long('a/1'), long('a/2'), long('a/3')]
  /** a renderer whose visible length is what each part shows under the caps */
  const render = (caps: Caps) => ({
    caps,
    length:
      Math.min(caps.statement, 188) +
      Math.min(caps.quote, 404) +
      2 * Math.min(caps.line, 188) +
      Math.min(caps.title, 66) +
      Math.min(caps.section, 47),
  })

  it('leaves a reply that fits as it is', () => {
    const fitted = fitAnswer(matches, render, (rendered) => rendered.length, 10_000)
    expect(fitted.caps).toMatchObject({ statement: 1000, quote: 500, line: 110 })
  })

  it('cuts the quote first, then the one-liners, and keeps the statement whole while it can', () => {
    const fitted = fitAnswer(matches, render, (rendered) => rendered.length, 600)
    expect(fitted.length).toBeLessThanOrEqual(600)
    expect(fitted.caps.quote).toBeLessThan(404)
    expect(fitted.caps.statement).toBe(1000)
  })

  it('gives way down to the floors, the statement last, and stops there', () => {
    const fitted = fitAnswer(matches, render, (rendered) => rendered.length, 0)
    expect(fitted.caps).toEqual({
      statement: 180,
      quote: 60,
      title: 32,
      section: 32,
      line: 50,
      lineTitle: 26,
    })
  })

  it('leaves the answer the room the question line and the buttons do not take', () => {
    expect(answerBudget('what does iran contribute?')).toBe(600 - 53 - 37)
  })
})
