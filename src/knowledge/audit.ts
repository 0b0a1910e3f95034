/**
 * The checks only curators' tools run: the raw text is untouched, the stored cleaned text is what the
 * cleaner makes of it, which passages of each source no claim quotes, and which words of the example
 * questions may be misspelled.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { buildSpellingIndex } from '../answer/spelling.ts'
import { words } from '../answer/text.ts'
import type { Block, Claim } from '../types.ts'
import { renderCleanMarkdown } from './clean-markdown.ts'
import { readDocument } from './formats/read-document.ts'
import type { KnowledgeIssue } from './issues.ts'
import { claimsFile, displayPath, type KnowledgeLayout, kbCommand } from './layout.ts'
import { fileProblem, type KnowledgeData, readKnowledge, type SourceData } from './read.ts'
import { servableDrafts, validateKnowledge } from './validate.ts'

/** the kinds of block a coverage report counts; bullets and table rows must all be quoted */
export const COVERED_KINDS = ['bullet', 'table-row', 'paragraph'] as const
export type CoveredKind = (typeof COVERED_KINDS)[number]
const MUST_COVER: ReadonlySet<Block['kind']> = new Set(['bullet', 'table-row'])

export interface SourceCoverage {
  source: string
  counts: Record<CoveredKind, { covered: number; total: number }>
  /** the blocks no claim quotes, in reading order */
  uncovered: Block[]
}

const contentWordCount = (text: string) => (text.match(/[\p{L}\p{N}]+/gu) ?? []).length

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

/** Which bullets, table rows and paragraphs of a source no claim quotes. */
export function coverageOf(source: SourceData, claims: readonly Claim[]): SourceCoverage {
  const quotes = claims.filter((claim) => claim.source === source.meta.id)
  const counts = Object.fromEntries(COVERED_KINDS.map((kind) => [kind, { covered: 0, total: 0 }])) as Record<
    CoveredKind,
    { covered: number; total: number }
  >
  const uncovered: Block[] = []
  for (const block of source.document.blocks) {
    if (!(COVERED_KINDS as readonly string[]).includes(block.kind)) continue
    const count = counts[block.kind as CoveredKind]
    count.total++
    const covered = quotes.some(
      (claim) => claim.section === block.section && block.text.includes(claim.quote),
    )
    if (covered) count.covered++
    else uncovered.push(block)
  }
  return { source: source.meta.id, counts, uncovered }
}

/** Check each source's raw text against its recorded hash and its cleaned text against the cleaner. */
export function auditSources(data: KnowledgeData, dictionary: ReadonlySet<string>): KnowledgeIssue[] {
  const issues: KnowledgeIssue[] = []
  for (const source of data.sources) {
    const { meta, files } = source
    const rawFile = displayPath(data.layout, files.raw)
    if (!existsSync(files.raw)) {
      issues.push({
        code: 'missing-file',
        file: rawFile,
        message: 'the raw text of the source is missing',
        fix: `restore it from version control, or add the document again with \`${kbCommand(data.layout, 'add <file>')}\``,
      })
      continue
    }
    let raw: Buffer
    try {
      raw = readFileSync(files.raw)
    } catch (error) {
      issues.push({ code: 'unreadable-file', file: rawFile, ...fileProblem(error) })
      continue
    }
    if (sha256(raw) !== meta.sha256) {
      issues.push({
        code: 'raw-modified',
        file: rawFile,
        message: 'the raw text differs from the text as received (its sha256 does not match the metadata)',
        fix: 'raw text is never edited by hand: restore it from version control; fix damage in the cleaner instead',
      })
      continue
    }
    const expected = renderCleanMarkdown(
      readDocument(raw.toString('utf8'), meta.format, { title: meta.title, dictionary }),
      `${meta.id}.raw.txt`,
    )
    const stored = existsSync(files.clean) ? readFileSync(files.clean, 'utf8') : ''
    if (expected !== stored) {
      issues.push({
        code: 'clean-stale',
        file: displayPath(data.layout, files.clean),
        message: 'the stored cleaned text is not what the cleaner makes of the raw text',
        fix: `run \`${kbCommand(data.layout, `clean ${meta.id}`)}\` and review the diff, then re-check the claims' quotes`,
      })
    }
  }
  return issues
}

/** Coverage of every source that has claims; a bullet or table row no claim quotes is an issue. */
export function auditCoverage(data: KnowledgeData): { coverage: SourceCoverage[]; issues: KnowledgeIssue[] } {
  const claims = data.claimSets.flatMap((set) => set.claims)
  const curated = new Set(data.claimSets.map((set) => set.source))
  const coverage = data.sources.map((source) => coverageOf(source, claims))
  const issues: KnowledgeIssue[] = []
  for (const report of coverage) {
    if (!curated.has(report.source)) continue
    for (const block of report.uncovered) {
      // a list item of one word or none ("Inform ." where a template tag was) says nothing to quote
      if (!MUST_COVER.has(block.kind) || contentWordCount(block.text) < 2) continue
      issues.push({
        code: 'uncovered',
        file: displayPath(data.layout, claimsFile(data.layout, report.source)),
        subject: `section "${block.section}"`,
        message: `no claim quotes the ${block.kind === 'bullet' ? 'list item' : 'table row'} "${block.text}"`,
        fix: 'add a claim that quotes it (every list item and table row of a curated source has one)',
      })
    }
  }
  return { coverage, issues }
}

/** A word of the example questions that neither dictionary nor the knowledge base itself knows. */
export interface UnknownQuestionWord {
  word: string
  /** the claim and question it first appears in */
  claim: string
  question: string
  /** how many example questions use it */
  uses: number
  /** the closest word of the claims, statements and quotes, when one is close enough to be what was meant */
  suggestion?: string
}

/**
 * Words of the example questions no English word list and no claim, quote or alias uses: most are typos.
 * A typo in an example question joins the vocabulary the bot corrects questions against, so the same typo
 * in a user's question would then never be corrected. Reported for a curator to read, not as an error: a
 * rare real word ("rulebook") is also listed.
 */
export function auditQuestionWords(
  data: KnowledgeData,
  isEnglish: (word: string) => boolean,
): UnknownQuestionWord[] {
  const claims = data.claimSets.flatMap((set) => set.claims)
  const documentWords = new Set<string>()
  for (const claim of claims) {
    for (const word of [...words(claim.statement), ...words(claim.quote)]) documentWords.add(word)
  }
  const names = [
    ...data.entities.flatMap((entity) => [entity.name, ...entity.aliases]),
    ...data.terms.flatMap((term) => [term.id, ...term.aliases]),
  ]
  for (const name of names) for (const word of words(name)) documentWords.add(word)
  const found = new Map<string, UnknownQuestionWord>()
  for (const claim of claims) {
    for (const question of claim.questions) {
      for (const word of words(question)) {
        if (documentWords.has(word) || isEnglish(word) || /\d/.test(word)) continue
        const seen = found.get(word)
        if (seen) seen.uses++
        else found.set(word, { word, claim: claim.id, question, uses: 1 })
      }
    }
  }
  const spelling = buildSpellingIndex(documentWords)
  for (const entry of found.values()) {
    const correction = spelling.correct(entry.word, 0.3)
    if (correction) entry.suggestion = correction.word
  }
  return [...found.values()]
}

/**
 * Everything `npm run kb -- check` checks, in the order it reports it: the files as read, the sources against
 * their raw text, the claims against their sources, and coverage.
 */
export function checkKnowledge(
  layout: KnowledgeLayout,
  dictionary: ReadonlySet<string>,
): {
  data: KnowledgeData
  issues: KnowledgeIssue[]
  coverage: SourceCoverage[]
  /** what keeps drafted passages from answering, which does not make the knowledge base invalid */
  draftIssues: KnowledgeIssue[]
  /** the drafted passages that answer as they stand */
  drafts: Claim[]
} {
  const { data, issues } = readKnowledge(layout)
  const { coverage, issues: coverageIssues } = auditCoverage(data)
  const drafts = servableDrafts(data)
  return {
    data,
    // a document edited by hand first: quotes it makes fail are its consequence, and an error lists only 20
    issues: [...issues, ...auditSources(data, dictionary), ...validateKnowledge(data), ...coverageIssues],
    coverage,
    draftIssues: [...data.draftIssues, ...drafts.issues],
    drafts: drafts.claims,
  }
}
