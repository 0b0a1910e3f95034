/**
 * Corrects misspelled question words against the knowledge base's own vocabulary. Fuse.js judges how close
 * two words are; a character-trigram index first narrows the vocabulary to the few words that could be
 * close, so a correction costs the same whether the knowledge base knows a thousand words or a million.
 */
import Fuse from 'fuse.js'

/** how many candidates, most trigrams in common first, Fuse.js is asked to compare */
const CANDIDATES = 24

/**
 * what a correction that changes the first letter adds to its score: people seldom mistype the letter a word
 * starts with, and a short word one letter from another ("biden", "widen") is more likely a name the
 * documents lack. Development questions: 17 wrong answers at 0, 16 from 0.1 to 0.3 (an unanswerable question
 * about Biden no longer answered), right answers and five folds unchanged
 */
const FIRST_LETTER_COST = 0.1

export interface Correction {
  word: string
  /** Fuse.js score: 0 for identical, towards 1 for unrelated */
  score: number
}

export interface SpellingIndex {
  has(word: string): boolean
  /**
   * the closest known word within `threshold`; between equally close words, the one `usage` rates highest
   * (how many claims use it, say), so that "chian" is read as the "china" of fifty claims rather than the
   * "chain" of one
   */
  correct(word: string, threshold: number, usage?: (word: string) => number): Correction | undefined
}

const trigramsOf = (word: string) => {
  const padded = `  ${word} `
  const grams = new Set<string>()
  for (let index = 0; index + 3 <= padded.length; index++) grams.add(padded.slice(index, index + 3))
  return grams
}

/** Build a spelling index over a vocabulary of normalised words. */
export function buildSpellingIndex(vocabulary: Iterable<string>): SpellingIndex {
  const words = [...new Set(vocabulary)].sort()
  const known = new Set(words)
  const byTrigram = new Map<string, number[]>()
  for (const [position, word] of words.entries()) {
    for (const gram of trigramsOf(word)) {
      const list = byTrigram.get(gram)
      if (list) list.push(position)
      else byTrigram.set(gram, [position])
    }
  }
  // the index counts shared trigrams per word; reused across calls to spare the allocation
  const shared = new Uint16Array(words.length)

  return {
    has: (word) => known.has(word),
    correct(word, threshold, usage = () => 0) {
      // two neighbouring letters swapped is the commonest typo ("chnia", "trdae") and the one Fuse.js scores
      // worst in short words; try every swap against the vocabulary before asking Fuse.js
      let swap: string | undefined
      for (let at = 0; at + 1 < word.length; at++) {
        const swapped = `${word.slice(0, at)}${word[at + 1]}${word[at]}${word.slice(at + 2)}`
        if (swapped === word || !known.has(swapped)) continue
        if (swap === undefined || usage(swapped) > usage(swap)) swap = swapped
      }
      if (swap !== undefined) return { word: swap, score: 1 / word.length }
      // next commonest: a doubled letter typed once ("arive", "oficial") or a single one twice ("untill"),
      // which Fuse.js scores no better than any other letter added or dropped ("arive" as "arise")
      let doubling: string | undefined
      for (let at = 0; at < word.length; at++) {
        const letter = word[at] ?? ''
        const variants = [`${word.slice(0, at)}${letter}${word.slice(at)}`]
        if (word[at + 1] === letter) variants.push(`${word.slice(0, at)}${word.slice(at + 1)}`)
        for (const variant of variants) {
          if (!/[a-z]/.test(letter) || !known.has(variant)) continue
          if (doubling === undefined || usage(variant) > usage(doubling)) doubling = variant
        }
      }
      if (doubling !== undefined) return { word: doubling, score: 1 / word.length }
      const touched: number[] = []
      for (const gram of trigramsOf(word)) {
        for (const position of byTrigram.get(gram) ?? []) {
          if (shared[position] === 0) touched.push(position)
          shared[position] = (shared[position] ?? 0) + 1
        }
      }
      const ranked = touched
        .filter((position) => Math.abs((words[position]?.length ?? 0) - word.length) <= 2)
        .sort((a, b) => (shared[b] ?? 0) - (shared[a] ?? 0))
        .slice(0, CANDIDATES)
        .map((position) => words[position] ?? '')
      for (const position of touched) shared[position] = 0
      if (ranked.length === 0) return undefined
      const fuse = new Fuse(ranked, {
        includeScore: true,
        threshold,
        ignoreLocation: true,
        isCaseSensitive: true,
      })
      let best: Correction | undefined
      for (const result of fuse.search(word, { limit: 5 })) {
        // Fuse.js finds a word inside a longer one as a perfect match ("pact" in "impact"); a word that only
        // contains the other is a different word, so the letters it adds count against it
        const contained = result.item.includes(word) || word.includes(result.item)
        const lengthGap =
          Math.abs(result.item.length - word.length) / Math.max(result.item.length, word.length)
        const firstLetter = result.item[0] === word[0] ? 0 : FIRST_LETTER_COST
        const score = (result.score ?? 1) + (contained ? lengthGap : 0) + firstLetter
        if (score > threshold) continue
        if (!best || score < best.score || (score === best.score && usage(result.item) > usage(best.word)))
          best = { word: result.item, score }
      }
      return best
    },
  }
}
