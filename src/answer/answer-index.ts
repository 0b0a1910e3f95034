/**
 * The inverted index a knowledge base answers from, built once when it loads: for each term, the claims
 * that contain it and in which fields.
 */
import type { Claim, Entity, TermGroup, Topic } from '../types.ts'
import { type AliasTable, buildAliasTable } from './aliases.ts'
import { analyzeField, analyzeQuestion, type QueryUnit } from './analyze.ts'
import {
  DEFAULT_CONFIG,
  FIELDS,
  type Field,
  type MatchingConfig,
  STATES_FIGURE,
  STATES_TIME,
} from './config.ts'
import { type Commonness, decodeCommonness, encodeCommonness, loadCommonness } from './english.ts'
import { buildSpellingIndex, type SpellingIndex } from './spelling.ts'
import { words } from './text.ts'

export interface Postings {
  /** positions of the claims that contain the term, ascending */
  claims: Uint32Array
  /** for each of those claims, a bit per field the term appears in (bit i = FIELDS[i]) */
  fields: Uint8Array
}

export interface AnswerIndex {
  claims: readonly Claim[]
  postings: ReadonlyMap<string, Postings>
  /** inverse document frequency of each term (BM25's form, always positive) */
  idf: ReadonlyMap<string, number>
  /** the idf a term would have if no claim contained it */
  unseenIdf: number
  /** for each field bitmask, how much a word found in those fields counts */
  maskWeight: Float64Array
  aliases: AliasTable
  spelling: SpellingIndex
  /** the words misspellings may be corrected to */
  vocabulary: readonly string[]
  /** how common each word is in everyday English (log10 of its count) */
  commonness: Commonness
  /** 1 for each claim whose statement or quote states a number, for questions that ask for one */
  statesFigure: Uint8Array
  /** 1 for each claim whose statement or quote says when or for how long, for questions that ask */
  statesTime: Uint8Array
  /** the kind of each entity ("country", "organization"…), for questions that ask for names of one kind */
  entityKinds: ReadonlyMap<string, string>
  /** for each claim, the first entity its statement names (its likely subject) as an index term, or '' */
  subjects: readonly string[]
  config: MatchingConfig
}

/** What the index is made of, in a form that survives JSON: rebuilt into an index without re-reading claims. */
export interface IndexData {
  /** term → [claim positions, field bitmasks] */
  postings: Record<string, [number[], number[]]>
  vocabulary: string[]
  /** word commonness in English, encoded by `encodeCommonness` */
  commonness: string
  /** for each claim, the first entity its statement names, as an index term ("@china"), or '' */
  subjects: string[]
}

export interface IndexInput {
  claims: readonly Claim[]
  entities: readonly Entity[]
  terms: readonly TermGroup[]
  topics: readonly Topic[]
}

const bm25Idf = (claims: number, containing: number) =>
  Math.log(1 + (claims - containing + 0.5) / (containing + 0.5))

function fieldTexts(claim: Claim, topicNames: ReadonlyMap<string, string>): Record<Field, string> {
  return {
    questions: claim.questions.join(' \n '),
    statement: claim.statement,
    quote: claim.quote,
    section: claim.section,
    topics: claim.topics.map((topic) => topicNames.get(topic) ?? topic.replace(/-/g, ' ')).join(' \n '),
    entities: '',
    context: claim.context ?? '',
  }
}

/** Tokenise every claim once: the postings and the vocabulary of a set of claims. */
export function collectIndexData(input: IndexInput): IndexData {
  const aliases = buildAliasTable(input.entities, input.terms)
  const topicNames = new Map(input.topics.map((topic) => [topic.id, topic.name]))
  const postings: Record<string, [number[], number[]]> = Object.create(null)
  const vocabulary = new Set<string>()
  const subjects: string[] = []

  for (const [position, claim] of input.claims.entries()) {
    const masks = new Map<string, number>()
    const texts = fieldTexts(claim, topicNames)
    for (const [bit, field] of FIELDS.entries()) {
      const analyzed =
        field === 'entities'
          ? { terms: claim.entities.map((id) => `@${id}`), words: [] }
          : analyzeField(texts[field], aliases)
      for (const term of analyzed.terms) masks.set(term, (masks.get(term) ?? 0) | (1 << bit))
      for (const word of analyzed.words) vocabulary.add(word)
      if (field === 'statement' && 'sequence' in analyzed)
        subjects[position] = analyzed.sequence.find((term) => term.startsWith('@')) ?? ''
    }
    for (const [term, mask] of masks) {
      const entry = postings[term]
      if (entry) {
        entry[0].push(position)
        entry[1].push(mask)
      } else {
        postings[term] = [[position], [mask]]
      }
    }
  }
  const names = [
    ...input.entities.flatMap((entity) => [entity.name, ...entity.aliases]),
    ...input.terms.flatMap((term) => [term.id.replace(/-/g, ' '), ...term.aliases]),
  ]
  for (const name of names) for (const word of analyzeField(name, aliases).words) vocabulary.add(word)
  return {
    postings,
    vocabulary: [...vocabulary],
    commonness: encodeCommonness(loadCommonness()),
    subjects: Array.from(input.claims, (_, position) => subjects[position] ?? ''),
  }
}

/** The key an example question, or a question asked, is looked up under: its words, case and punctuation aside. */
export const questionKey = (question: string) => words(question).join(' ')

/** Assemble the index from its data; cheap, so a stored snapshot of the data loads fast. */
export function assembleAnswerIndex(
  input: IndexInput,
  data: IndexData,
  config: MatchingConfig = DEFAULT_CONFIG,
): AnswerIndex {
  // data read back from a snapshot on disk may be damaged: one that cannot serve every claim is refused
  if (!Array.isArray(data.subjects) || data.subjects.length !== input.claims.length)
    throw new Error('The index data does not match the claims: rebuild it from the knowledge files.')
  const postings = new Map<string, Postings>()
  const idf = new Map<string, number>()
  for (const term in data.postings) {
    const [claims = [], fields = []] = data.postings[term] ?? []
    postings.set(term, { claims: Uint32Array.from(claims), fields: Uint8Array.from(fields) })
    idf.set(term, bm25Idf(input.claims.length, claims.length))
  }
  const maskWeight = new Float64Array(1 << FIELDS.length)
  for (let mask = 0; mask < maskWeight.length; mask++) {
    let weight = 0
    for (const [bit, field] of FIELDS.entries()) if (mask & (1 << bit)) weight += config.fieldWeights[field]
    maskWeight[mask] = Math.min(weight, config.maxWordWeight)
  }
  return {
    claims: input.claims,
    postings,
    idf,
    unseenIdf: bm25Idf(input.claims.length, 0),
    maskWeight,
    aliases: buildAliasTable(input.entities, input.terms),
    spelling: buildSpellingIndex(data.vocabulary),
    vocabulary: data.vocabulary,
    commonness: decodeCommonness(data.commonness),
    statesFigure: Uint8Array.from(input.claims, (claim) =>
      STATES_FIGURE.test(claim.statement) || STATES_FIGURE.test(claim.quote) ? 1 : 0,
    ),
    statesTime: Uint8Array.from(input.claims, (claim) =>
      STATES_TIME.test(claim.statement) || STATES_TIME.test(claim.quote) ? 1 : 0,
    ),

    entityKinds: new Map(input.entities.map((entity) => [entity.id, entity.kind])),
    subjects: data.subjects,
    config,
  }
}

/** Build the index of a set of claims. */
export function buildAnswerIndex(input: IndexInput, config: MatchingConfig = DEFAULT_CONFIG): AnswerIndex {
  return assembleAnswerIndex(input, collectIndexData(input), config)
}

/** What a question asks about, read against an index's aliases, vocabulary and settings. */
export function questionUnits(question: string, index: AnswerIndex): QueryUnit[] {
  const claimsUsing = (term: string) => index.postings.get(term)?.claims.length ?? 0
  return analyzeQuestion(question, index.aliases, index.spelling, claimsUsing, index.commonness, index.config)
}
