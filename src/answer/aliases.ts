/**
 * Recognises the many names of one thing ("Pyongyang", "DPRK", "N. Korea" → North Korea; "embargo" →
 * sanctions) in questions and in claims alike, so both meet on one canonical token.
 */
import type { Entity, TermGroup } from '../types.ts'
import { normalizeText, STOP_WORDS } from './text.ts'

export interface AliasTarget {
  kind: 'entity' | 'term'
  id: string
  /** what the target is called, to say what a name was read as: an entity's name, a term's words */
  name: string
  /** a term that frames a question rather than names its subject */
  frames?: boolean
}

/** the canonical token a target is indexed and searched under */
export const targetToken = (target: AliasTarget) => `${target.kind === 'entity' ? '@' : '#'}${target.id}`

interface Phrase {
  words: string[]
  target: AliasTarget
  /**
   * a short all-capitals alias whose lower-case form is an ordinary word ("US" and "us"): it counts only
   * in capitals, or where the words around it make the country the likely reading
   */
  capitalsOnly: boolean
}

export interface AliasTable {
  /** phrases by their first word, longest first */
  byFirstWord: ReadonlyMap<string, readonly Phrase[]>
}

export function buildAliasTable(entities: readonly Entity[], terms: readonly TermGroup[]): AliasTable {
  const byFirstWord = new Map<string, Phrase[]>()
  const add = (alias: string, target: AliasTarget) => {
    const words = normalizeText(alias).split(' ').filter(Boolean)
    const [first] = words
    if (!first) return
    const capitalsOnly = words.length === 1 && /^[A-Z]{2,3}$/.test(alias.trim()) && STOP_WORDS.has(first)
    const list = byFirstWord.get(first) ?? []
    if (!list.some((phrase) => phrase.words.join(' ') === words.join(' ')))
      list.push({ words, target, capitalsOnly })
    byFirstWord.set(first, list)
  }
  for (const entity of entities) {
    const target: AliasTarget = { kind: 'entity', id: entity.id, name: entity.name }
    add(entity.name, target)
    for (const alias of entity.aliases) add(alias, target)
  }
  for (const term of terms) {
    const name = term.id.replace(/-/g, ' ')
    const target: AliasTarget = { kind: 'term', id: term.id, name, ...(term.frames ? { frames: true } : {}) }
    add(name, target)
    for (const alias of term.aliases) add(alias, target)
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length)
  return { byFirstWord }
}

/** A word of a text with the form it was written in, for aliases that only count in capitals. */
export interface Token {
  word: string
  written: string
}

/** punctuation that maps one-for-one to ASCII, so a text keeps its length and offsets */
const ASCII_PUNCTUATION: Record<string, string> = {
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '—': ' ',
  '–': ' ',
  '…': '.',
}
const ASCII_PUNCTUATION_RE = /[’‘“”—–…]/g
const NON_ASCII = /[\u0080-\uffff]/
const ASCII_WORD = /[A-Za-z0-9]+/g
const ANY_WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu

/** Split text into normalised words, keeping how each was written. */
export function tokenize(text: string): Token[] {
  const ascii = text.replace(ASCII_PUNCTUATION_RE, (char) => ASCII_PUNCTUATION[char] ?? char)
  if (NON_ASCII.test(ascii)) return tokenizeUnicode(text)
  const tokens: Token[] = []
  for (const match of ascii.matchAll(ASCII_WORD)) {
    const written = match[0]
    // the "s" of a possessive belongs to the word before it ("Korea’s" is "korea")
    if (written.length === 1 && (written === 's' || written === 'S') && ascii[match.index - 1] === "'")
      continue
    tokens.push({ word: written.toLowerCase(), written })
  }
  return tokens
}

/** The general path, for text with letters beyond ASCII: accents folded word by word. */
function tokenizeUnicode(text: string): Token[] {
  const tokens: Token[] = []
  for (const match of text.matchAll(ANY_WORD)) {
    for (const word of normalizeText(match[0]).split(' ')) {
      if (word) tokens.push({ word, written: match[0] })
    }
  }
  return tokens
}

/** "us" in lower case reads as the country after "the", "and", "between"… or before a word of substance. */
function readsAsCountry(tokens: readonly Token[], at: number): boolean {
  const before = tokens[at - 1]?.word
  const after = tokens[at + 1]?.word
  if (before === undefined) return true
  if (
    [
      'the',
      'and',
      'between',
      'of',
      'for',
      'with',
      'against',
      'by',
      'from',
      'to',
      'do',
      'does',
      'should',
      'can',
      'will',
      'did',
    ].includes(before)
  ) {
    return before !== 'to' || (after !== undefined && !STOP_WORDS.has(after))
  }
  return after !== undefined && !STOP_WORDS.has(after)
}

export interface AliasMatch {
  target: AliasTarget
  /** index of the first token of the match */
  start: number
  /** index after the last token of the match */
  end: number
}

/** Every alias in a token list, longest match first at each position, without overlaps. */
export function findAliases(tokens: readonly Token[], table: AliasTable): AliasMatch[] {
  const matches: AliasMatch[] = []
  let at = 0
  while (at < tokens.length) {
    const candidates = table.byFirstWord.get(tokens[at]?.word ?? '') ?? []
    const found = candidates.find(
      (phrase) =>
        phrase.words.every((word, offset) => tokens[at + offset]?.word === word) &&
        (!phrase.capitalsOnly || /^[A-Z]+$/.test(tokens[at]?.written ?? '') || readsAsCountry(tokens, at)),
    )
    if (found) {
      matches.push({ target: found.target, start: at, end: at + found.words.length })
      at += found.words.length
    } else {
      at++
    }
  }
  return matches
}

/** The ids of the entities a text names, in order of first mention. */
export function findEntities(text: string, table: AliasTable): string[] {
  const ids = findAliases(tokenize(text), table)
    .filter((match) => match.target.kind === 'entity')
    .map((match) => match.target.id)
  return [...new Set(ids)]
}
