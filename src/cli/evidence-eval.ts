/**
 * Answer quality on a second domain, a team handbook nobody tuned the engine on. Its questions were written
 * from the pages before any knowledge base was built from them, and are labelled by the document and the
 * verbatim passage that answers them, not by claim: so knowledge bases built from the pages in different
 * ways, and baselines that search the raw pages, are all judged by the one rule, the passage they cite.
 * Measured: (a) the drafts only, as `kb init` and `kb add` leave them with no curation; (b) the curated
 * knowledge base; and naive Fuse.js and BM25 over the raw pages cut at blank lines.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fuse from 'fuse.js'
import { load as parseYaml } from 'js-yaml'
import { buildAliasTable } from '../answer/aliases.ts'
import { ask } from '../answer/ask.ts'
import { STOP_WORDS, words } from '../answer/text.ts'
import { prepareSource, writeSource } from '../knowledge/add-source.ts'
import { loadDictionary } from '../knowledge/clean/dictionary.ts'
import { initKnowledge } from '../knowledge/init.ts'
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import { knowledgeLayout, sourceFiles } from '../knowledge/layout.ts'
import { loadKnowledge } from '../knowledge/load.ts'
import { readKnowledge } from '../knowledge/read.ts'

export interface EvidenceQuestion {
  q: string
  kind: string
  /** the document that answers it (its source id); absent for a question the pages do not answer */
  doc?: string
  /** short verbatim spans of that document, any of which states the answer */
  evidence?: string[]
}

/** a passage a system cites: which document, and the text it quotes */
interface Passage {
  source: string
  quote: string
}

/** what a system says: its answers best first, each the passages it cites; none to decline */
type PassageSystem = (question: string) => Passage[][]

export function readEvidenceQuestions(file: string): EvidenceQuestion[] {
  if (!existsSync(file)) throw new Error(`No question set at ${file}`)
  return (parseYaml(readFileSync(file, 'utf8')) as { questions?: EvidenceQuestion[] }).questions ?? []
}

/** the share of a span that must be cited, as an unbroken run of its words, for the citation to count */
const EVIDENCE_SHARE = 0.6

/** the length of the longest run of words two texts share in the same order */
function longestSharedRun(a: readonly string[], b: readonly string[]): number {
  let best = 0
  let previous = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0)
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        current[j] = (previous[j - 1] ?? 0) + 1
        if ((current[j] ?? 0) > best) best = current[j] ?? 0
      }
    }
    previous = current
  }
  return best
}

/**
 * A cited passage answers the question when it is in the right document and holds most of one evidence span
 * as an unbroken run of words, or, being shorter than the span (a table cell, a trimmed quote), is most of it.
 */
export function citesEvidence(question: EvidenceQuestion, passage: Passage): boolean {
  if (!question.doc || passage.source !== question.doc) return false
  const quote = words(passage.quote)
  return (question.evidence ?? []).some((span) => {
    const evidence = words(span)
    const run = longestSharedRun(evidence, quote)
    return (
      run >= EVIDENCE_SHARE * evidence.length || (quote.length >= 4 && run >= EVIDENCE_SHARE * quote.length)
    )
  })
}

export interface EvidenceScore {
  answerable: number
  top1: number
  top3: number
  /** answerable questions the system declined */
  declined: number
  unanswerable: number
  /** unanswerable questions the system declined, as it should */
  rightlyDeclined: number
  byKind: Map<string, { total: number; top1: number; declined: number }>
  misses: string[]
}

export function scoreEvidence(system: PassageSystem, questions: readonly EvidenceQuestion[]): EvidenceScore {
  const result: EvidenceScore = {
    answerable: 0,
    top1: 0,
    top3: 0,
    declined: 0,
    unanswerable: 0,
    rightlyDeclined: 0,
    byKind: new Map(),
    misses: [],
  }
  for (const question of questions) {
    const answers = system(question.q)
    const kind = result.byKind.get(question.kind) ?? { total: 0, top1: 0, declined: 0 }
    result.byKind.set(question.kind, kind)
    kind.total++
    if (answers.length === 0) kind.declined++
    const first = answers[0]?.[0]
    const shown = first ? `${first.source}: "${first.quote.slice(0, 90)}"` : '(declined)'
    if (!question.doc) {
      result.unanswerable++
      if (answers.length === 0) result.rightlyDeclined++
      else result.misses.push(`answered an unanswerable question: "${question.q}" → ${shown}`)
      continue
    }
    result.answerable++
    if (answers.length === 0) result.declined++
    const right = (answer: Passage[] | undefined) =>
      (answer ?? []).some((passage) => citesEvidence(question, passage))
    if (right(answers[0])) {
      result.top1++
      kind.top1++
    } else
      result.misses.push(
        `${question.kind}: "${question.q}" → ${shown}; expected ${question.doc}: "${question.evidence?.[0]}"`,
      )
    if (answers.slice(0, 3).some(right)) result.top3++
  }
  return result
}

/** The engine answering from a knowledge base: each match cites its own passage and those making the same point. */
export function enginePassages(kb: KnowledgeBase): PassageSystem {
  return (question) => {
    const answer = ask(question, kb, { limit: 3 })
    if (answer.kind === 'no-answer') return []
    return answer.matches.map((match) =>
      [match.citation, ...match.corroborations.map((other) => other.citation)].map(({ source, quote }) => ({
        source,
        quote,
      })),
    )
  }
}

/** The raw pages of a knowledge directory's sources, cut at blank lines: what a search over files would index. */
function rawPassages(knowledgeDir: string): Passage[] {
  const layout = knowledgeLayout(knowledgeDir)
  const { data } = readKnowledge(layout)
  return data.sources.flatMap(({ meta }) =>
    readFileSync(sourceFiles(layout, meta.id).raw, 'utf8')
      .split(/\n\s*\n/)
      .map((text) => text.trim())
      .filter(Boolean)
      .map((quote) => ({ source: meta.id, quote })),
  )
}

/** Fuse.js with its default options over the raw passages, matching the whole question. */
function naiveFusePassages(passages: readonly Passage[]): PassageSystem {
  const fuse = new Fuse([...passages], { keys: ['quote'] })
  return (question) => fuse.search(question, { limit: 3 }).map((result) => [result.item])
}

/** Okapi BM25 (k1 = 1.2, b = 0.75) over the raw passages' words, stop words left out; it never declines. */
function bm25Passages(passages: readonly Passage[]): PassageSystem {
  const terms = passages.map((passage) => words(passage.quote).filter((word) => !STOP_WORDS.has(word)))
  const averageLength = terms.reduce((sum, list) => sum + list.length, 0) / Math.max(1, terms.length)
  const documentFrequency = new Map<string, number>()
  for (const list of terms)
    for (const term of new Set(list)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1)
  const counts = terms.map((list) => {
    const count = new Map<string, number>()
    for (const term of list) count.set(term, (count.get(term) ?? 0) + 1)
    return count
  })
  const idf = (term: string) => {
    const n = documentFrequency.get(term) ?? 0
    return Math.log(1 + (passages.length - n + 0.5) / (n + 0.5))
  }
  return (question) => {
    const asked = [...new Set(words(question).filter((word) => !STOP_WORDS.has(word)))]
    const scored = counts.map((count, at) => {
      let score = 0
      const length = terms[at]?.length ?? 0
      for (const term of asked) {
        const frequency = count.get(term) ?? 0
        if (frequency === 0) continue
        score += (idf(term) * frequency * 2.2) / (frequency + 1.2 * (0.25 + (0.75 * length) / averageLength))
      }
      return { at, score }
    })
    return scored
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .flatMap((entry) => (passages[entry.at] ? [[passages[entry.at] as Passage]] : []))
  }
}

/**
 * The knowledge base a team has right after `kb init` and `kb add` of each page, nothing curated: built
 * afresh in a temporary folder from the raw pages kept in `knowledgeDir`, through the same code as `kb add`.
 */
async function draftsOnly(knowledgeDir: string): Promise<KnowledgeBase> {
  const from = knowledgeLayout(knowledgeDir)
  const { data } = readKnowledge(from)
  const root = join(mkdtempSync(join(tmpdir(), 'cited-answers-drafts-')), 'knowledge')
  try {
    const layout = knowledgeLayout(root)
    initKnowledge(layout)
    const dictionary = await loadDictionary()
    for (const { meta } of data.sources) {
      const bytes = readFileSync(sourceFiles(from, meta.id).raw)
      // the file name as received tells its format
      const prepared = prepareSource(bytes, meta.origin.file, { id: meta.id }, dictionary)
      writeSource(layout, prepared, buildAliasTable([], []))
    }
    return loadKnowledge(root)
  } finally {
    rmSync(join(root, '..'), { recursive: true, force: true })
  }
}

const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)}%`)

function line(name: string, result: EvidenceScore) {
  console.log(
    `  ${name.padEnd(28)} ${pct(result.top1, result.answerable).padStart(6)}  ${pct(result.top3, result.answerable).padStart(6)}  ${pct(result.declined, result.answerable).padStart(8)}    ${pct(result.rightlyDeclined, result.unanswerable).padStart(6)}`,
  )
}

export interface DomainOptions {
  name: string
  /** the curated knowledge directory; its raw pages also build the drafts-only one and feed the baselines */
  knowledgeDir: string
  dev: readonly EvidenceQuestion[]
  heldout: readonly EvidenceQuestion[]
  /** score the development questions only */
  devOnly: boolean
  /** list the development questions each knowledge base answers wrongly */
  misses: boolean
}

/** Report the second domain: both knowledge bases beside the baselines, development and held-out apart. */
export async function evaluateDomain(options: DomainOptions): Promise<void> {
  const drafts = await draftsOnly(options.knowledgeDir)
  const curated = loadKnowledge(options.knowledgeDir)
  const passages = rawPassages(options.knowledgeDir)
  const reviewed = curated.claims.filter((claim) => claim.reviewed !== false).length
  const systems: Array<[string, PassageSystem]> = [
    [`drafts only (${drafts.claims.length} passages)`, enginePassages(drafts)],
    [`curated (${reviewed} claims + ${curated.claims.length - reviewed} drafts)`, enginePassages(curated)],
    ['naive Fuse.js, raw pages', naiveFusePassages(passages)],
    ['BM25, raw pages', bm25Passages(passages)],
  ]
  console.log(
    `\nSecond domain: ${options.name}, never tuned on; questions written before its knowledge base.`,
  )
  const sets: Array<[string, readonly EvidenceQuestion[]]> = [['Development', options.dev]]
  if (!options.devOnly) sets.push(['Held-out', options.heldout])
  for (const [title, questions] of sets) {
    const answerable = questions.filter((question) => question.doc).length
    console.log(
      `${title} (${answerable} answerable / ${questions.length - answerable} not):  right first   top-3   answerable declined   unanswerable declined`,
    )
    for (const [name, system] of systems) {
      const result = scoreEvidence(system, questions)
      line(name, result)
      if (options.misses && title === 'Development' && !name.startsWith('naive') && !name.startsWith('BM25'))
        for (const miss of result.misses) console.log(`      miss: ${miss}`)
    }
    const kinds = [...new Set(questions.map((question) => question.kind))].filter(
      (kind) => kind !== 'unanswerable',
    )
    for (const [name, system] of systems.slice(0, 2)) {
      const { byKind } = scoreEvidence(system, questions)
      const parts = kinds.map((kind) => {
        const tally = byKind.get(kind)
        return `${kind} ${pct(tally?.top1 ?? 0, tally?.total ?? 0)}`
      })
      console.log(`    ${name.split(' (')[0]}, right first by kind: ${parts.join(', ')}`)
    }
  }
}
