/**
 * Splits words that lost the space between them when markup was removed ("regardingeconomic",
 * "andmilitary", "SouthKorea"), only where the evidence leaves one reading.
 */

/** short words that markup most often sits beside; a glued token may start with one of them */
const LEADING_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'between',
  'but',
  'by',
  'for',
  'from',
  'in',
  'into',
  'of',
  'on',
  'or',
  'regarding',
  'the',
  'to',
  'via',
  'with',
])

const WORD = /[A-Za-z]+/g

/** What the glued-word repair knows of the document it works on. */
export interface GlueEvidence {
  /** how often each lower-cased word occurs in the document */
  wordCounts: ReadonlyMap<string, number>
  /** each pair of adjacent lower-cased words in the document, as "first second" */
  bigrams: ReadonlySet<string>
  /** an English word list (lower-case) */
  dictionary: ReadonlySet<string>
}

/** Gather word counts and adjacent word pairs from the texts of one document. */
export function collectGlueEvidence(texts: Iterable<string>, dictionary: ReadonlySet<string>): GlueEvidence {
  const wordCounts = new Map<string, number>()
  const bigrams = new Set<string>()
  for (const text of texts) {
    let previous: string | undefined
    for (const match of text.matchAll(/[A-Za-z]+|[^A-Za-z\s]+/g)) {
      const token = match[0]
      if (!/^[A-Za-z]+$/.test(token)) {
        previous = undefined
        continue
      }
      const word = token.toLowerCase()
      wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1)
      if (previous) bigrams.add(`${previous} ${word}`)
      previous = word
    }
  }
  return { wordCounts, bigrams, dictionary }
}

/** The one position where `token` splits into two words, or undefined when there is none or more than one. */
function findSplit(token: string, evidence: GlueEvidence): number | undefined {
  const lower = token.toLowerCase()
  // a word the document uses more than once, or a dictionary word, is not glued
  if ((evidence.wordCounts.get(lower) ?? 0) > 1 || evidence.dictionary.has(lower)) return undefined
  const isKnown = (word: string) => evidence.dictionary.has(word) || evidence.wordCounts.has(word)
  const splits: number[] = []
  for (let at = 1; at < lower.length; at++) {
    const left = lower.slice(0, at)
    const right = lower.slice(at)
    // the document itself writes the two words apart elsewhere ("north korea" for "northkorea")
    const writtenApart = evidence.bigrams.has(`${left} ${right}`)
    // a short leading word glued to a known word ("andmilitary")
    const leadingWord = LEADING_WORDS.has(left) && right.length >= 3 && isKnown(right)
    if (writtenApart || leadingWord) splits.push(at)
  }
  return splits.length === 1 ? splits[0] : undefined
}

/** Put back the space between glued words in `text`, where the document's own evidence allows one reading. */
export function splitGluedWords(text: string, evidence: GlueEvidence): string {
  return text.replace(WORD, (token) => {
    if (token.length < 5) return token
    const at = findSplit(token, evidence)
    return at === undefined ? token : `${token.slice(0, at)} ${token.slice(at)}`
  })
}
