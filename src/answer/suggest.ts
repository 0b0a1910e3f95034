/**
 * Suggestions while a user types a question (Discord's autocomplete): the knowledge base's own curated
 * questions and topic names that match the words typed so far, best first, a name matching its other names
 * ("dprk" finds questions about North Korea and Pyongyang). Pure and fast: the index is
 * built once per knowledge base, and a keystroke costs a few map lookups, a binary search for the word
 * being typed, and Fuse.js (through the spelling index) only for a word the knowledge base does not know.
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import { findAliases, targetToken, tokenize } from './aliases.ts'
import { termOf } from './analyze.ts'
import { buildSpellingIndex, type Correction, type SpellingIndex } from './spelling.ts'
import { normalizeText, STOP_WORDS, words } from './text.ts'

/** the longest suggestion a platform takes (Discord: an autocomplete choice's name and value) */
export const MAX_SUGGESTION_CHARS = 100

/**
 * Tuning of the suggestions, chosen by hand on the shipped knowledge base: a typo in a longer word is still
 * found ("nuclar", "sanctons"), while the subject words of a question outrank its "what does".
 */
const SUGGEST = {
  /** Fuse.js score at or below which an unknown word counts as a misspelling of a known one */
  spellingThreshold: 0.3,
  /** shorter unknown words are not corrected: too many near neighbours */
  minCorrectableLength: 4,
  /** how much a corrected word counts next to one typed correctly */
  correctedFactor: 0.7,
  /** how much the word being typed counts when it is only the start of a word */
  prefixFactor: 0.9,
  /** how much a question word ("what", "does") counts next to a subject word of the same rarity */
  stopWordFactor: 0.2,
  /** a suggestion that begins with what was typed comes first */
  startsWithBonus: 100,
  /** only this many words of what was typed are looked at; more is a paste, not a question being typed */
  maxTerms: 12,
  /** remembered spelling corrections per knowledge base (a keystroke re-reads the words before it) */
  correctionCache: 2_000,
}

interface Entry {
  text: string
  /** the normalised text, to recognise a suggestion that begins with what was typed */
  normalized: string
}

interface SuggestionIndex {
  entries: Entry[]
  /** every word of every suggestion, sorted, for the prefix search of the word being typed */
  sortedWords: string[]
  byWord: Map<string, number[]>
  byStem: Map<string, number[]>
  /** how much finding a term in a suggestion says (rarer terms say more) */
  weightOf(key: string, containing: number): number
  spelling: SpellingIndex
  corrections: Map<string, Correction | undefined>
  defaults: string[]
}

const indexes = new WeakMap<KnowledgeBase, SuggestionIndex>()

function add(map: Map<string, number[]>, key: string, position: number) {
  const list = map.get(key)
  if (!list) map.set(key, [position])
  else if (list[list.length - 1] !== position) list.push(position)
}

/** one question per topic, the topics with the most claims first */
function defaultSuggestions(kb: KnowledgeBase): string[] {
  const counts = new Map<string, number>()
  for (const claim of kb.claims)
    for (const topic of claim.topics) counts.set(topic, (counts.get(topic) ?? 0) + 1)
  const topics = kb.topics
    .filter((topic) => counts.has(topic.id))
    .sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || a.name.localeCompare(b.name))
  const chosen = new Set<string>()
  for (const topic of topics) {
    const fits = (question: string) => question.length <= MAX_SUGGESTION_CHARS && !chosen.has(question)
    const claims = [
      ...kb.claims.filter((claim) => claim.topics[0] === topic.id),
      ...kb.claims.filter((claim) => claim.topics.includes(topic.id)),
    ]
    const question = claims.flatMap((claim) => claim.questions).find(fits)
    if (question) chosen.add(question)
  }
  return [...chosen]
}

function buildIndex(kb: KnowledgeBase): SuggestionIndex {
  const entries: Entry[] = []
  const seen = new Set<string>()
  const byWord = new Map<string, number[]>()
  const byStem = new Map<string, number[]>()
  const texts = [...kb.claims.flatMap((claim) => claim.questions), ...kb.topics.map((topic) => topic.name)]
  for (const text of texts) {
    const normalized = normalizeText(text)
    if (text.length > MAX_SUGGESTION_CHARS || !normalized || seen.has(normalized)) continue
    seen.add(normalized)
    const position = entries.length
    entries.push({ text, normalized })
    for (const word of normalized.split(' ')) {
      add(byWord, word, position)
      add(byStem, termOf(word), position)
    }
    // filed under the canonical token of every name it uses too, which is never a word's stem
    for (const match of findAliases(tokenize(text), kb.index.aliases))
      add(byStem, targetToken(match.target), position)
  }
  const total = entries.length
  return {
    entries,
    sortedWords: [...byWord.keys()].sort(),
    byWord,
    byStem,
    weightOf: (key, containing) =>
      Math.log(1 + total / Math.max(1, containing)) * (STOP_WORDS.has(key) ? SUGGEST.stopWordFactor : 1),
    spelling: buildSpellingIndex([...byWord.keys()].filter((word) => !STOP_WORDS.has(word))),
    corrections: new Map(),
    defaults: defaultSuggestions(kb),
  }
}

function indexOf(kb: KnowledgeBase): SuggestionIndex {
  let index = indexes.get(kb)
  if (!index) {
    index = buildIndex(kb)
    indexes.set(kb, index)
  }
  return index
}

/** the first position in a sorted list whose word is not before `word` */
function lowerBound(sorted: readonly string[], word: string): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((sorted[middle] ?? '') < word) low = middle + 1
    else high = middle
  }
  return low
}

function correct(index: SuggestionIndex, word: string): Correction | undefined {
  if (word.length < SUGGEST.minCorrectableLength || STOP_WORDS.has(word) || /\d/.test(word)) return undefined
  if (index.corrections.has(word)) return index.corrections.get(word)
  const correction = index.spelling.correct(word, SUGGEST.spellingThreshold)
  if (index.corrections.size >= SUGGEST.correctionCache) index.corrections.clear()
  index.corrections.set(word, correction)
  return correction
}

/** For one typed word: how much each suggestion containing it scores. */
function scoresFor(index: SuggestionIndex, term: string, open: boolean): Map<number, number> {
  const scores = new Map<number, number>()
  const credit = (key: string, positions: readonly number[] | undefined, factor: number) => {
    if (!positions) return
    const gain = index.weightOf(key, positions.length) * factor
    for (const position of positions) {
      if ((scores.get(position) ?? 0) < gain) scores.set(position, gain)
    }
  }
  credit(term, index.byStem.get(termOf(term)), 1)
  if (open) {
    // the word being typed is only a start: every known word that begins with it counts, a little less
    for (let at = lowerBound(index.sortedWords, term); at < index.sortedWords.length; at++) {
      const word = index.sortedWords[at] ?? ''
      if (!word.startsWith(term)) break
      if (word !== term) credit(word, index.byWord.get(word), SUGGEST.prefixFactor)
    }
  }
  if (scores.size === 0) {
    const correction = correct(index, term)
    if (correction) {
      const factor = SUGGEST.correctedFactor * (1 - correction.score)
      credit(correction.word, index.byStem.get(termOf(correction.word)), factor)
      if (open) credit(correction.word, index.byWord.get(correction.word), factor)
    }
  }
  return scores
}

/** For a name typed in full: every suggestion that uses any of its names scores as for a word. */
function scoresForName(index: SuggestionIndex, token: string): Map<number, number> {
  const positions = index.byStem.get(token) ?? []
  const gain = index.weightOf(token, positions.length)
  return new Map(positions.map((position) => [position, gain]))
}

/**
 * Questions and topics of the knowledge base matching what has been typed so far, best first, each at most
 * `MAX_SUGGESTION_CHARS` long; with nothing typed, one question per topic.
 */
export function suggest(partial: string, kb: KnowledgeBase, limit = 25): string[] {
  const index = indexOf(kb)
  const count = Math.max(0, Math.floor(limit))
  const typed = words(partial.slice(0, SUGGEST.maxTerms * 40))
  if (typed.length === 0) return index.defaults.slice(0, count)
  // the last word is still being typed unless a space or punctuation follows it
  const lastOpen = typed.length <= SUGGEST.maxTerms && /[\p{L}\p{N}]$/u.test(partial)
  // a name typed in full stands for all its names; its words are then not looked up one by one
  const tokens = tokenize(partial.slice(0, SUGGEST.maxTerms * 40))
  const names = findAliases(tokens, kb.index.aliases)
  const inName = new Set(
    names.flatMap((match) => tokens.slice(match.start, match.end).map((token) => token.word)),
  )
  const nameTokens = names.map((match) => targetToken(match.target))
  const wordTerms = [...new Set(typed)].filter(
    (word, at, all) => !inName.has(word) || (lastOpen && at === all.length - 1),
  )
  const terms = [...new Set([...nameTokens, ...wordTerms])].slice(0, SUGGEST.maxTerms)
  const total = new Map<number, number>()
  const matched = new Map<number, number>()
  let required = 0
  for (const [at, term] of terms.entries()) {
    const scores = nameTokens.includes(term)
      ? scoresForName(index, term)
      : scoresFor(index, term, lastOpen && at === terms.length - 1)
    const counts = scores.size > 0 && !STOP_WORDS.has(term)
    if (counts) required++
    for (const [position, score] of scores) {
      total.set(position, (total.get(position) ?? 0) + score)
      if (counts) matched.set(position, (matched.get(position) ?? 0) + 1)
    }
  }
  const query = normalizeText(partial)
  const ranked = [...total].map(([position, score]) => {
    const entry = index.entries[position] as Entry
    return {
      entry,
      position,
      // suggestions holding every subject word typed come before those holding only some
      complete: (matched.get(position) ?? 0) >= required,
      score: score + (entry.normalized.startsWith(query) ? SUGGEST.startsWithBonus : 0),
    }
  })
  ranked.sort(
    (a, b) =>
      Number(b.complete) - Number(a.complete) ||
      b.score - a.score ||
      a.entry.text.length - b.entry.text.length ||
      a.position - b.position,
  )
  return ranked.slice(0, count).map(({ entry }) => entry.text)
}
