/**
 * Turns text into the terms the index holds: canonical alias tokens ("@north-korea", "#sanctions") and
 * word stems. Claims and questions go through the same steps, so they meet on the same terms.
 */
import { stemmer } from 'stemmer'
import type { Rewrite } from '../types.ts'
import { type AliasTable, findAliases, type Token, targetToken, tokenize } from './aliases.ts'
import type { Commonness } from './english.ts'
import type { SpellingIndex } from './spelling.ts'
import { FRAME_WORDS, STOP_WORD_TYPOS, STOP_WORDS } from './text.ts'

const stems = new Map<string, string>()
/**
 * what the stem cache may hold, in characters of its words and stems: a vocabulary is finite, and past it
 * the cache is only memory; bounded in size, not in entries, so that long nonsense words typed at the bot
 * cannot fill the heap (about 16 MiB at two bytes a character)
 */
const STEM_CACHE_CHARS = 8 * 1024 * 1024
/** no real word is longer; a longer one is stemmed each time it is seen, never kept */
const LONGEST_CACHED_WORD = 40
let stemCacheChars = 0

/** A word's index term: its stem, or the word itself when it is a number. */
export function termOf(word: string): string {
  let term = stems.get(word)
  if (term === undefined) {
    term = /^\d+$/.test(word) ? word : stemmer(word)
    if (
      word.length <= LONGEST_CACHED_WORD &&
      stemCacheChars + word.length + term.length <= STEM_CACHE_CHARS
    ) {
      stems.set(word, term)
      stemCacheChars += word.length + term.length
    }
  }
  return term
}

/**
 * The index terms of a claim's field (every alias's canonical token and the stem of every content word); its
 * content words as written, which misspelled question words may be corrected to; and its terms in the order
 * they are written, an alias as its canonical token alone, for the pairs of terms that stand side by side.
 */
export function analyzeField(
  text: string,
  aliases: AliasTable,
): { terms: string[]; words: string[]; sequence: string[] } {
  const tokens = tokenize(text)
  const matches = findAliases(tokens, aliases)
  const terms = matches.map((match) => targetToken(match.target))
  const words: string[] = []
  const sequence: string[] = []
  let nextMatch = 0
  for (const [index, token] of tokens.entries()) {
    const match = matches[nextMatch]
    if (match && index === match.start) sequence.push(targetToken(match.target))
    const inAlias = match !== undefined && index >= match.start && index < match.end
    if (match && index === match.end - 1) nextMatch++
    if (STOP_WORDS.has(token.word)) continue
    const term = termOf(token.word)
    words.push(token.word)
    terms.push(term)
    if (!inAlias) sequence.push(term)
  }
  return { terms, words, sequence }
}

/** One thing a question asks about: a word, or a name that may be written several ways. */
export interface QueryUnit {
  /** the words as the user wrote them */
  written: string
  /** the words as the engine read them: lower-case, misspellings corrected */
  read: string
  /** for a name or term recognised as an alias: what it stands for ("North Korea"), to explain the reading */
  alias?: string
  /** the misspellings corrected in the unit's words, to explain the reading */
  corrections?: readonly Rewrite[]
  /** the index term this unit is looked up under */
  term: string
  /**
   * for a synonym ("embargo", "back channel" for dialogue): the terms of the words themselves, which add to
   * the score of claims that use the very words, without being required of them
   */
  exactTerms?: readonly string[]
  /** 1 for words as typed; less for words corrected from a misspelling, the less the less certain */
  factor: number
  /** how far the word counts towards covering the question: 1, less for an uncertain correction */
  certainty: number
  /** 1 for a name or a word rare in everyday English; down to the configured floor for a common word */
  rarity: number
  /** false when the word is unknown to the knowledge base even after spelling correction */
  known: boolean
  /** true for words that frame the question ("affect", "role") rather than name its subject */
  frame: boolean
  /** where the unit starts in the question, counted in words, for pairs of words asked together */
  at: number
}

export interface QueryAnalysisOptions {
  spellingThreshold: number
  minCorrectableLength: number
  correctedWordFactor: number
  /** log10 counts in everyday English between which a word's weight falls from 1 to `commonWordFloor` */
  commonRange: readonly [number, number]
  commonWordFloor: number
}

/** How much a word says about a question's subject, from how common it is in everyday English. */
export function rarityOf(word: string, commonness: Commonness, options: QueryAnalysisOptions): number {
  const [rare, common] = options.commonRange
  const value = commonness.get(word) ?? 0
  if (value <= rare) return 1
  if (value >= common) return options.commonWordFloor
  return 1 - ((value - rare) / (common - rare)) * (1 - options.commonWordFloor)
}

/** Correct misspellings, recognise aliases and reduce a question to the units it asks about. */
export function analyzeQuestion(
  question: string,
  aliases: AliasTable,
  spelling: SpellingIndex,
  /** how many claims use a term: 0 for a term the knowledge base does not index */
  claimsUsing: (term: string) => number,
  commonness: Commonness,
  options: QueryAnalysisOptions,
): QueryUnit[] {
  const tokens: Token[] = tokenize(question)
  const factors = tokens.map(() => 1)
  const certainties = tokens.map(() => 1)
  const known = tokens.map(() => true)
  // what each corrected word was typed as; allocated only for a question with a correction
  let typed: Array<string | undefined> | undefined
  for (const [index, token] of tokens.entries()) {
    const { word } = token
    if (STOP_WORDS.has(word) || spelling.has(word) || claimsUsing(termOf(word)) > 0 || /\d/.test(word))
      continue
    // a real English word the documents do not use is not a misspelling of one they do ("real" is not "realm")
    if (commonness.has(word)) {
      known[index] = false
      continue
    }
    const stopWord = STOP_WORD_TYPOS.get(word)
    if (stopWord) {
      tokens[index] = { word: stopWord, written: token.written }
      typed ??= []
      typed[index] = word
      continue
    }
    const correction =
      word.length >= options.minCorrectableLength
        ? spelling.correct(word, options.spellingThreshold, (known) => claimsUsing(termOf(known)))
        : undefined
    if (correction) {
      tokens[index] = { word: correction.word, written: token.written }
      factors[index] = options.correctedWordFactor * (1 - correction.score)
      certainties[index] = 1 - correction.score
      typed ??= []
      typed[index] = word
    } else {
      known[index] = false
    }
  }

  const units: QueryUnit[] = []
  const seen = new Set<string>()
  const push = (unit: QueryUnit) => {
    if (seen.has(unit.term)) return
    seen.add(unit.term)
    units.push(unit)
  }
  const correctionsIn = (start: number, end: number): { corrections?: Rewrite[] } => {
    if (!typed) return {}
    const corrections: Rewrite[] = []
    for (let index = start; index < end; index++) {
      const from = typed[index]
      if (from !== undefined) corrections.push({ from, to: tokens[index]?.word ?? '' })
    }
    return corrections.length > 0 ? { corrections } : {}
  }
  const inAlias = new Set<number>()
  for (const match of findAliases(tokens, aliases)) {
    const span = tokens.slice(match.start, match.end)
    for (let index = match.start; index < match.end; index++) inAlias.add(index)
    const spanWords = span.filter((token) => !STOP_WORDS.has(token.word))
    const exactTerms = match.target.kind === 'term' ? spanWords.map((token) => termOf(token.word)) : []
    push({
      written: span.map((token) => token.written).join(' '),
      read: span.map((token) => token.word).join(' '),
      alias: match.target.name,
      ...correctionsIn(match.start, match.end),
      term: targetToken(match.target),
      ...(exactTerms.length > 0 ? { exactTerms } : {}),
      factor: Math.min(...factors.slice(match.start, match.end)),
      certainty: Math.min(...certainties.slice(match.start, match.end)),
      rarity: 1,
      known: true,
      frame:
        match.target.frames === true ||
        (spanWords.length > 0 && spanWords.every((token) => FRAME_WORDS.has(token.word))),
      at: match.start,
    })
  }
  for (const [index, token] of tokens.entries()) {
    if (inAlias.has(index) || STOP_WORDS.has(token.word)) continue
    push({
      written: token.written,
      read: token.word,
      ...correctionsIn(index, index + 1),
      term: termOf(token.word),
      factor: factors[index] ?? 1,
      certainty: certainties[index] ?? 1,
      rarity: rarityOf(token.word, commonness, options),
      known: known[index] ?? false,
      frame: FRAME_WORDS.has(token.word),
      at: index,
    })
  }
  return units
}
