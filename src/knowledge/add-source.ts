/**
 * Adds a document to the knowledge base: stores its raw text exactly as received with where it came from,
 * cleans it, and drafts candidate claims for a curator to edit and promote.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { dump } from 'js-yaml'
import { type AliasTable, findEntities } from '../answer/aliases.ts'
import { CitedAnswersError } from '../errors.ts'
import type { Claim, CleanDocument } from '../types.ts'
import { sha256 } from './audit.ts'
import { renderCleanMarkdown } from './clean-markdown.ts'
import { publishedDetails } from './formats/markdown.ts'
import { detectFormat, readDocument, titleOf } from './formats/read-document.ts'
import { splitSentences } from './formats/sentences.ts'
import { displayPath, draftFile, type KnowledgeLayout, kbCommand, sourceFiles } from './layout.ts'
import type { SourceMeta } from './schema.ts'
import { QUOTE_LENGTH } from './validate.ts'

/** the largest document `kb add` takes; larger ones are almost certainly not a single article */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024

export interface AddSourceOptions {
  /** the document's title; when not given, the title the document gives itself (front matter, <title>) */
  title?: string
  /** the source id; made from the title when not given */
  id?: string
  /** first and last line (1-based, inclusive) of the article within the file; the whole file by default */
  lines?: readonly [number, number]
  /** the document has no title of its own and the curators supplied it */
  titleSupplied?: boolean
  /** where the document is published (else its front matter's url, if any) */
  url?: string
  /** when it last changed, YYYY-MM-DD (else its front matter's date, if any) */
  updated?: string
}

export interface PreparedSource {
  meta: SourceMeta
  raw: Buffer
  document: CleanDocument
}

/** YAML as curators read it: block style, long lines kept whole. */
export const toYaml = (value: unknown) => dump(value, { lineWidth: -1, noRefs: true })

/** A source id made from a title: its first few words, lower-case, hyphenated. */
export function slugify(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
      .split(' ')
      .slice(0, 6)
      .join('-') || 'document'
  )
}

/** Byte offsets of the start of each line, and of the end of the file. */
function lineStarts(bytes: Buffer): number[] {
  const starts = [0]
  for (let index = 0; index < bytes.length; index++) if (bytes[index] === 0x0a) starts.push(index + 1)
  // a final newline does not start another line
  if (starts.at(-1) === bytes.length && bytes.length > 0) starts.pop()
  return starts
}

/** Check the bytes of a document and cut out the article; refuses what is not a text document. */
export function prepareSource(
  bytes: Buffer,
  originFile: string,
  options: AddSourceOptions,
  dictionary: ReadonlySet<string>,
): PreparedSource {
  const name = basename(originFile)
  const refuse = (message: string) => new CitedAnswersError('invalid-input', message)
  if (bytes.length === 0) throw refuse(`${name} is empty; there is nothing to add`)
  if (bytes.length > MAX_SOURCE_BYTES) {
    throw refuse(
      `${name} is ${bytes.length} bytes; documents up to ${MAX_SOURCE_BYTES} bytes are taken. Split it with --lines`,
    )
  }
  if (bytes.includes(0)) throw refuse(`${name} is a binary file; add a plain-text (UTF-8) document`)
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw refuse(`${name} is not UTF-8 text; convert it to UTF-8 first (for example with iconv)`)
  }
  if (options.title !== undefined && !options.title.trim()) throw refuse('--title must not be empty')

  const starts = lineStarts(bytes)
  const [firstLine, lastLine] = options.lines ?? [1, starts.length]
  if (!(firstLine >= 1 && lastLine >= firstLine && lastLine <= starts.length)) {
    throw refuse(`--lines ${firstLine}-${lastLine} is outside ${name}, which has ${starts.length} lines`)
  }
  const startByte = starts[firstLine - 1] ?? 0
  const endByte = starts[lastLine] ?? bytes.length
  const raw = bytes.subarray(startByte, endByte)
  const text = raw.toString('utf8')
  const format = detectFormat(name, text)
  const title = options.title?.trim() || titleOf(text, format)
  if (!title) {
    throw refuse(
      `${name} does not give itself a title (front matter "title:", an HTML <title> or one top-level heading); give it one with --title "…"`,
    )
  }
  const id = options.id ?? slugify(title)
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
    throw refuse(`--id "${id}" must be lower-case letters, digits and single hyphens`)
  }
  if (options.url !== undefined && !/^https?:\/\/\S+$/i.test(options.url)) {
    throw refuse(
      `--url must be a web address starting with http:// or https://; got "${options.url.slice(0, 80)}"`,
    )
  }
  if (
    options.updated !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(options.updated) || Number.isNaN(Date.parse(`${options.updated}T00:00:00Z`)))
  ) {
    throw refuse(
      `--updated must be a date written YYYY-MM-DD, like 2026-12-05; got "${options.updated.slice(0, 40)}"`,
    )
  }
  const published = format === 'markdown' ? publishedDetails(text) : {}
  const url = options.url ?? published.url
  const updated = options.updated ?? published.updated
  const meta: SourceMeta = {
    id,
    title,
    titleSupplied: options.titleSupplied ?? false,
    format,
    origin: { file: name, startLine: firstLine, endLine: lastLine, startByte, endByte },
    sha256: sha256(raw),
    ...(url ? { url } : {}),
    ...(updated ? { updated } : {}),
  }
  const document = readDocument(text, format, { title: meta.title, dictionary })
  if (document.blocks.length === 0)
    throw refuse(`${name} has no text left after cleaning; is it the right file?`)
  return { meta, raw, document }
}

/** A candidate claim as drafted: quote and section filled in, the rest for a curator to write. */
export type DraftClaim = Pick<
  Claim,
  'id' | 'section' | 'quote' | 'statement' | 'topics' | 'entities' | 'questions'
>

/** the longest passage a paragraph is drafted as; a longer paragraph is drafted as runs of its sentences */
export const PASSAGE_MAX = 600

/**
 * A paragraph as drafted passages: whole when it is short enough to read as one answer, else its sentences
 * grouped in order into runs no longer than `PASSAGE_MAX`. Each is a verbatim slice of the paragraph.
 */
export function passagesOf(text: string): string[] {
  if (text.length <= PASSAGE_MAX) return [text]
  const passages: string[] = []
  let start = 0
  let end = 0
  for (const sentence of splitSentences(text)) {
    const at = text.indexOf(sentence, end)
    const sentenceEnd = at + sentence.length
    if (sentenceEnd - start > PASSAGE_MAX && end > start) {
      passages.push(text.slice(start, end))
      start = at
    }
    end = sentenceEnd
  }
  if (end > start) passages.push(text.slice(start, end))
  return passages
}

/** One candidate claim per bullet, table row and paragraph sentence, with its quote and section filled in. */
export function draftClaims(sourceId: string, document: CleanDocument, aliases: AliasTable): DraftClaim[] {
  const drafts: DraftClaim[] = []
  const used = new Set<string>()
  for (const block of document.blocks) {
    if (block.kind === 'heading' || block.kind === 'table-header') continue
    const quotes = block.kind === 'paragraph' ? passagesOf(block.text) : [block.text]
    for (const quote of quotes) {
      // a short list item or table row ("Annual Leave") is drafted whole; a short sentence is not a claim
      const wholeItem = quote === block.text && (quote.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 2
      if (quote.length < QUOTE_LENGTH.min && !wholeItem) continue
      const base = `${sourceId}/${slugify(quote).split('-').slice(0, 5).join('-')}`
      let id = base
      for (let suffix = 2; used.has(id); suffix++) id = `${base}-${suffix}`
      used.add(id)
      drafts.push({
        id,
        section: block.section,
        quote: quote.length > QUOTE_LENGTH.max ? quote.slice(0, QUOTE_LENGTH.max) : quote,
        statement: quote,
        topics: [],
        entities: findEntities(quote, aliases),
        questions: [],
      })
    }
  }
  return drafts
}

/** The draft claims file a curator edits: what to do with each candidate, then the candidates. */
export function draftFileText(
  layout: KnowledgeLayout,
  sourceId: string,
  drafts: readonly DraftClaim[],
): string {
  const header = [
    `# Draft claims of "${sourceId}", one per list item, table row and sentence.`,
    '# Until promoted, each answers questions as it stands, marked as not yet reviewed.',
    '# For each: rewrite "statement" as clean, self-contained English that names its actors; trim the quote',
    `# to the passage the statement rests on (it must stay verbatim); add topics (${displayPath(layout, layout.topicsFile)}) and`,
    '# two or more questions a user might ask. Delete candidates that state nothing worth answering. Where a',
    '# claim already in the knowledge base makes the same point, add "sameAs: [<its id>]" to answer as one.',
    `# Then run: ${kbCommand(layout, `promote ${sourceId}`)}`,
  ]
  return `${header.join('\n')}\n\n${toYaml({ source: sourceId, claims: drafts })}`
}

/** Write a prepared source's files and its draft claims; refuses to overwrite an existing source. */
export function writeSource(layout: KnowledgeLayout, prepared: PreparedSource, aliases: AliasTable) {
  const files = sourceFiles(layout, prepared.meta.id)
  if (existsSync(files.meta)) {
    throw new CitedAnswersError(
      'invalid-input',
      `a source with id "${prepared.meta.id}" already exists; choose another with --id`,
    )
  }
  mkdirSync(layout.sourcesDir, { recursive: true })
  mkdirSync(layout.draftsDir, { recursive: true })
  writeFileSync(files.raw, prepared.raw)
  writeFileSync(files.meta, toYaml(prepared.meta))
  writeFileSync(files.clean, renderCleanMarkdown(prepared.document, basename(files.raw)))
  const draft = draftFile(layout, prepared.meta.id)
  const drafts = draftClaims(prepared.meta.id, prepared.document, aliases)
  writeFileSync(draft, draftFileText(layout, prepared.meta.id, drafts))
  return { files, draft, drafted: drafts.length }
}
