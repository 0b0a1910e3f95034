/**
 * Collects the blocks of a document as a format reader walks it, and names each block's section after the
 * heading it sits under. Every format reader (Markdown, HTML) feeds one of these, so documents of every
 * format come out the same shape: headings, paragraphs, list items and table rows, each one line of text.
 */
import type { Block, CleanDocument } from '../../types.ts'
import { INTRODUCTION_SECTION, TABLE_CELL_SEPARATOR } from '../clean/clean-source.ts'

/** Whitespace of every kind (line breaks inside a paragraph, non-breaking spaces) as single spaces. */
export const collapseSpace = (text: string) => text.replace(/\s+/gu, ' ').trim()

/** a block as read, with the path of headings above it (outermost first), before sections are named */
type PendingBlock = Omit<Block, 'section'> & { path: readonly string[] }

/** how a nested heading joins its parent where its own name is not unique in the document */
const SECTION_JOIN = ' › '

export class DocumentBuilder {
  private readonly pending: PendingBlock[] = []
  /** the headings above the current position, by depth */
  private readonly open: Array<{ depth: number; text: string }> = []
  /** the texts of the level-1 headings, for a document that names itself by its one top heading */
  private readonly topHeadings: string[] = []

  heading(depth: number, raw: string): void {
    const text = collapseSpace(raw)
    if (!/[\p{L}\p{N}]/u.test(text)) return
    while ((this.open.at(-1)?.depth ?? 0) >= depth) this.open.pop()
    this.open.push({ depth, text })
    if (depth === 1) this.topHeadings.push(text)
    this.pending.push({ kind: 'heading', text, path: this.path() })
  }

  paragraph(raw: string): void {
    this.text('paragraph', raw)
  }

  bullet(raw: string): void {
    this.text('bullet', raw)
  }

  table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
    const path = this.path()
    const tidy = (cells: readonly string[]) => {
      const result = cells.map(collapseSpace)
      while (result.length > 0 && result.at(-1) === '') result.pop()
      return result
    }
    const headerCells = tidy(header)
    const bodyRows = rows.map(tidy).filter((cells) => cells.some((cell) => /[\p{L}\p{N}]/u.test(cell)))
    if (headerCells.length > 0 && bodyRows.length > 0) {
      this.pending.push({
        kind: 'table-header',
        text: headerCells.join(TABLE_CELL_SEPARATOR),
        cells: headerCells,
        path,
      })
    }
    for (const cells of bodyRows) {
      this.pending.push({ kind: 'table-row', text: cells.join(TABLE_CELL_SEPARATOR), cells, path })
    }
  }

  /** the document's one level-1 heading, which names it; undefined when it has none or several */
  topHeading(): string | undefined {
    return this.topHeadings.length === 1 ? this.topHeadings[0] : undefined
  }

  /**
   * The document, each block under its section: a heading's own text, or where two headings share it
   * ("Civilian" under both "Funeral leave" and "Sick leave"), its parent's and its own.
   */
  finish(title: string): CleanDocument {
    const uses = new Map<string, number>()
    for (const block of this.pending)
      if (block.kind === 'heading') uses.set(block.text, (uses.get(block.text) ?? 0) + 1)
    const sectionOf = (path: readonly string[]) => {
      const leaf = path.at(-1)
      if (leaf === undefined) return INTRODUCTION_SECTION
      const parent = path.at(-2)
      return (uses.get(leaf) ?? 0) > 1 && parent !== undefined ? `${parent}${SECTION_JOIN}${leaf}` : leaf
    }
    const blocks = this.pending.map(({ path, ...block }): Block => {
      const section = sectionOf(path)
      return block.kind === 'heading' ? { ...block, text: section, section } : { ...block, section }
    })
    return { title, blocks: dropEmptyHeadings(blocks) }
  }

  private text(kind: 'paragraph' | 'bullet', raw: string): void {
    const text = collapseSpace(raw)
    // a block left with no letters or digits was markup only
    if (!/[\p{L}\p{N}]/u.test(text)) return
    this.pending.push({ kind, text, path: this.path() })
  }

  private path(): string[] {
    return this.open.map((heading) => heading.text)
  }
}

/**
 * Two headings in a row with nothing between stay (the first names a part, the second its first section),
 * but a heading with nothing under it at the very end, or two headings of one name in a row, say nothing.
 */
function dropEmptyHeadings(blocks: Block[]): Block[] {
  const result: Block[] = []
  for (const [index, block] of blocks.entries()) {
    const next = blocks[index + 1]
    if (
      block.kind === 'heading' &&
      (next === undefined || (next.kind === 'heading' && next.text === block.text))
    )
      continue
    result.push(block)
  }
  return result
}
