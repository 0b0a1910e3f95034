/** Correcting a misspelt question word against the knowledge base's vocabulary (src/answer/spelling.ts). */
import { describe, expect, it } from 'vitest'
import { buildSpellingIndex } from '../../src/answer/spelling.ts'

const vocabulary = ['chain', 'china', 'sanctions', 'sections', 'trade', 'widen']
const spelling = buildSpellingIndex(vocabulary)
const claimsUsing: Record<string, number> = { chain: 1, china: 50, sanctions: 30, sections: 2, trade: 9 }
const usage = (word: string) => claimsUsing[word] ?? 0

describe('a misspelt word', () => {
  it('is corrected when two neighbouring letters are swapped', () => {
    expect(spelling.correct('trdae', 0.3, usage)?.word).toBe('trade')
  })

  it('is read as the word more claims use when two words are as close', () => {
    // "chian" is one swap from "chain" and one from "china"
    expect(spelling.correct('chian', 0.3, usage)?.word).toBe('china')
    expect(spelling.correct('chian', 0.3, (word) => (word === 'chain' ? 9 : 0))?.word).toBe('chain')
  })

  it('costs more to correct in its first letter, where people seldom slip', () => {
    // "biden" is one letter from "widen", but that letter is the first: more likely a name the documents lack
    expect(spelling.correct('biden', 0.3, usage)).toBeUndefined()
    expect(spelling.correct('wideb', 0.3, usage)?.word).toBe('widen')
    expect(spelling.correct('wanctions', 0.3, usage)?.word).toBe('sanctions')
  })

  it('is corrected when a doubled letter was typed once, or a single one twice', () => {
    // one letter from "arise" too, which more claims use: the doubled letter is the likelier slip
    const words = buildSpellingIndex(['arrive', 'arise', 'official', 'until'])
    const common = (word: string) => (word === 'arise' ? 40 : 1)
    expect(words.correct('arive', 0.3, common)?.word).toBe('arrive')
    expect(words.correct('oficial', 0.3, common)?.word).toBe('official')
    expect(words.correct('untill', 0.3, common)?.word).toBe('until')
  })

  it('is left alone when nothing known is close enough', () => {
    expect(spelling.correct('zorblatt', 0.3, usage)).toBeUndefined()
  })
})
