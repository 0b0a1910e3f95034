/**
 * Turns a document's raw text, as received from the web, into the cleaned blocks that citations quote.
 * Deterministic: the same raw text and word list always give the same cleaned document.
 */
import type { Block, CleanDocument } from '../../types.ts'
import { repairEncoding } from './encoding.ts'
import { collectGlueEvidence, splitGluedWords } from './glued-words.ts'
import { fixSpacing, tidyHeading } from './spacing.ts'
import { buildBlocks, type RoughBlock } from './structure.ts'

/** the section name of the text that comes before a document's first heading */
export const INTRODUCTION_SECTION = 'Introduction'
/** how a table row's cells are joined in its block text (and so in quotes of it) */
export const TABLE_CELL_SEPARATOR = ' | '

export interface CleanOptions {
  /** the document's title; a first line that repeats it is the title, not a heading */
  title: string
  /** an English word list, lower-case, for telling glued words from real ones */
  dictionary: ReadonlySet<string>
}

type TextBlock = Extract<RoughBlock, { text: string }>

/** words a line can end on when its sentence goes on in the next line */
const CONTINUING_WORDS = new Set([
  'and',
  'or',
  'but',
  'of',
  'the',
  'with',
  'by',
  'like',
  'from',
  'to',
  'a',
  'an',
])
const SMALL_WORDS = new Set([...CONTINUING_WORDS, 'in', 'on', 'at', 'for', 'as', 'amid', 'amidst'])

/** "include:Enhanced Monitoring: Implement …": a list whose first item is glued to the colon before it */
const GLUED_LIST_START = /:(?=[A-Z][\w-]*(?: [A-Za-z][\w-]*){0,3}: )/
/** "Sector-specific Sanctions: Target …": a line that reads as a labelled list item */
const LABELLED_ITEM = /^[A-Z][\w-]*(?: [A-Za-z][\w-]*){0,3}: \S/
/** "… act aggressively .Moreover, …": a list item glued to the sentence after it */
const GLUED_SENTENCE = /(?<=[a-z]{2}) ?\.(?=[A-Z][a-z])/

const lastWord = (text: string) => (text.match(/([A-Za-z]+)\W*$/)?.[1] ?? '').toLowerCase()

/** A line broken in the middle of a sentence: it ends on a comma or a small word, and the next goes on. */
function continuesInto(previous: TextBlock, next: TextBlock): boolean {
  if (previous.kind !== 'paragraph' || next.kind !== 'paragraph' || !previous.plainLine || !next.plainLine) {
    return false
  }
  const endsOpen = /,$/.test(previous.text) || CONTINUING_WORDS.has(lastWord(previous.text))
  return endsOpen && /^[a-z(]/.test(next.text)
}

function mergeBrokenLines(blocks: RoughBlock[]): RoughBlock[] {
  const result: RoughBlock[] = []
  for (const block of blocks) {
    const previous = result.at(-1)
    if (previous && previous.kind !== 'table' && block.kind !== 'table' && continuesInto(previous, block)) {
      previous.text = `${previous.text} ${block.text}`
      continue
    }
    result.push(block)
  }
  return result
}

/** Recover labelled lists written without list markup, and list items that swallowed the next sentence. */
function recoverLists(blocks: RoughBlock[]): RoughBlock[] {
  const result: RoughBlock[] = []
  for (const block of blocks) {
    if (block.kind === 'table') {
      result.push(block)
      continue
    }
    const previous = result.at(-1)
    let item: TextBlock | undefined
    if (block.kind === 'paragraph' && GLUED_LIST_START.test(block.text)) {
      const at = (GLUED_LIST_START.exec(block.text)?.index ?? 0) + 1
      result.push({ ...block, text: block.text.slice(0, at), plainLine: false })
      item = { kind: 'bullet', text: block.text.slice(at), plainLine: false, implicitBullet: true }
    } else if (
      block.kind === 'paragraph' &&
      previous?.kind === 'bullet' &&
      previous.implicitBullet &&
      LABELLED_ITEM.test(block.text)
    ) {
      item = { kind: 'bullet', text: block.text, plainLine: false, implicitBullet: true }
    } else if (block.kind === 'bullet') {
      item = block
    }
    if (!item) {
      result.push(block)
      continue
    }
    const glued = GLUED_SENTENCE.exec(item.text)
    if (glued) {
      result.push({ ...item, text: item.text.slice(0, glued.index + glued[0].length) })
      result.push({
        kind: 'paragraph',
        text: item.text.slice(glued.index + glued[0].length),
        plainLine: false,
      })
    } else {
      result.push(item)
    }
  }
  return result
}

/** A short line of mostly capitalised words with no closing punctuation, standing alone: a heading. */
function looksLikeHeading(block: TextBlock): boolean {
  if (block.kind !== 'paragraph' || !block.plainLine) return false
  const words = block.text.split(/\s+/)
  if (words.length > 14 || block.text.length > 120) return false
  if (/[.,;!?]$/.test(block.text)) return false
  if (/:$/.test(block.text) && words.length > 4) return false
  if (SMALL_WORDS.has(lastWord(block.text))) return false
  const longWords = words.filter((word) => word.replace(/\W/g, '').length >= 4)
  const capitalised = longWords.filter((word) => /^[“"‘(]?[A-Z]/.test(word))
  return longWords.length > 0 && capitalised.length * 2 >= longWords.length
}

const comparable = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

/** Clean a document's raw text into blocks, each under the heading of its section. */
export function cleanSource(raw: string, options: CleanOptions): CleanDocument {
  let rough = buildBlocks(repairEncoding(raw))
  rough = recoverLists(mergeBrokenLines(rough))

  const mended: RoughBlock[] = []
  for (const block of rough) {
    if (block.kind === 'table') {
      const header = block.header.map(fixSpacing).filter(Boolean)
      const rows = block.rows
        .map((row) => row.map(fixSpacing).filter(Boolean))
        .filter((row) => row.length > 0)
      if (header.length > 0 || rows.length > 0) mended.push({ ...block, header, rows })
      continue
    }
    const text = fixSpacing(block.text)
    // a block left with no letters or digits was residue only
    if (!/[\p{L}\p{N}]/u.test(text)) continue
    mended.push({ ...block, text, kind: looksLikeHeading({ ...block, text }) ? 'heading' : block.kind })
  }

  const first = mended[0]
  if (first && first.kind !== 'table' && comparable(first.text) === comparable(options.title)) mended.shift()

  const texts = mended.flatMap((block) =>
    block.kind === 'table' ? [...block.header, ...block.rows.flat()] : [block.text],
  )
  const evidence = collectGlueEvidence(texts, options.dictionary)
  const unglue = (text: string) => splitGluedWords(text, evidence)

  const blocks: Block[] = []
  let section = INTRODUCTION_SECTION
  for (const block of mended) {
    if (block.kind === 'table') {
      const header = block.header.map(unglue)
      if (header.length > 0) {
        blocks.push({ kind: 'table-header', text: header.join(TABLE_CELL_SEPARATOR), section, cells: header })
      }
      for (const row of block.rows) {
        const cells = row.map(unglue)
        blocks.push({ kind: 'table-row', text: cells.join(TABLE_CELL_SEPARATOR), section, cells })
      }
      continue
    }
    if (block.kind === 'heading') {
      section = tidyHeading(unglue(block.text))
      blocks.push({ kind: 'heading', text: section, section })
      continue
    }
    blocks.push({ kind: block.kind, text: unglue(block.text), section })
  }
  return { title: options.title, blocks }
}
