/**
 * One way in for every document format: a document's raw text and its format give the cleaned document that
 * citations quote. Plain text goes through the cleaner of damaged web text; Markdown and HTML through a
 * parser of their syntax. Deterministic, so `kb check` can clean the raw text again and compare.
 */
import { extname } from 'node:path'
import type { CleanDocument } from '../../types.ts'
import { cleanSource, INTRODUCTION_SECTION } from '../clean/clean-source.ts'
import { repairEncoding } from '../clean/encoding.ts'
import { readHtml } from './html.ts'
import { readMarkdown } from './markdown.ts'

export const DOCUMENT_FORMATS = ['text', 'markdown', 'html'] as const
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number]

const EXTENSIONS: Record<string, DocumentFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.mkd': 'markdown',
  '.mdx': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
}

/** The format of a file, from its name, else from how it starts (an HTML page opens with a tag). */
export function detectFormat(fileName: string, text: string): DocumentFormat {
  const byName = EXTENSIONS[extname(fileName).toLowerCase()]
  if (byName) return byName
  return /^\s*(?:<!doctype html|<html[\s>])/i.test(text) ? 'html' : 'text'
}

export interface ReadOptions {
  /** the document's title: a first heading that repeats it is the title, not a section */
  title: string
  /** an English word list, lower-case, for the cleaner of damaged web text */
  dictionary: ReadonlySet<string>
}

const comparable = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

function parsed(raw: string, format: Exclude<DocumentFormat, 'text'>) {
  const text = repairEncoding(raw)
  return format === 'markdown' ? readMarkdown(text) : readHtml(text)
}

/** The title a document gives itself: Markdown's front matter, HTML's <title>, else a lone top heading. */
export function titleOf(raw: string, format: DocumentFormat): string | undefined {
  if (format === 'text') return undefined
  const { title, builder } = parsed(raw, format)
  if (title) return title
  return builder.topHeading()
}

/** Clean a document's raw text into the blocks citations quote. */
export function readDocument(raw: string, format: DocumentFormat, options: ReadOptions): CleanDocument {
  if (format === 'text') return cleanSource(raw, options)
  const document = parsed(raw, format).builder.finish(options.title)
  const [first] = document.blocks
  if (first?.kind === 'heading' && comparable(first.text) === comparable(options.title)) {
    // the title heading is the document's name, not a section: what follows it is its introduction
    const rest = document.blocks.slice(1)
    const renamed = rest.map((block) =>
      block.section === first.text ? { ...block, section: INTRODUCTION_SECTION } : block,
    )
    return { title: document.title, blocks: renamed }
  }
  return document
}
