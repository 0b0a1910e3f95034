/**
 * Rebuilds the structure of a web page flattened into text: headings, paragraphs, list items and tables,
 * from the line breaks and the markup residue that survived.
 */
import { isTableLine, type Mark, type Piece, scanResidue } from './html-residue.ts'

/** A block as the text gives it, before spacing is mended. */
export type RoughBlock =
  | { kind: 'paragraph' | 'bullet' | 'heading'; text: string; plainLine: boolean; implicitBullet?: boolean }
  | { kind: 'table'; header: string[]; rows: string[][] }

/** a list marker at the start of a line: "- ", "* ", "• ", "1. ", "2) "; also "-Word" */
const LINE_BULLET = /^(?:[-*•·](?=\s|[A-Za-z<])|\d{1,2}[.)](?=\s))\s*/
/** "include:- item": a list that starts in the middle of a line, after a colon */
const INLINE_BULLET = /(?<=[A-Za-z]\s?:)\s*-(?:\s+|$)/
/** a pipe-table separator row: "---|---|", "|—|—|", "| :-- | --: |" */
const PIPE_SEPARATOR = /^\|?\s*:?[-—–]+:?\s*(?:\|\s*:?[-—–]+:?\s*)*\|?\s*$/

const isPipeLine = (line: string) => {
  const pipes = line.split('|').length - 1
  return pipes >= 2 || (pipes === 1 && (line.startsWith('|') || line.endsWith('|')))
}

function pipeCells(line: string): string[] {
  const cells = line.trim().split('|')
  if (line.trim().startsWith('|')) cells.shift()
  if (line.trim().endsWith('|')) cells.pop()
  return cells.map((cell) => cell.trim())
}

/** Cells of a table under construction; rows close on row marks, cells on cell marks. */
class TableBuilder {
  header: string[] = []
  rows: string[][] = []
  private row: string[] = []
  private cell = ''

  addText(text: string) {
    this.cell += text
  }

  endCell(header: boolean) {
    const text = this.cell.trim()
    this.cell = ''
    if (!text) return
    if (header) this.header.push(text)
    else this.row.push(text)
  }

  endRow() {
    this.endCell(false)
    if (this.row.length > 0) this.rows.push(this.row)
    this.row = []
  }

  /** Close the table; returns text that followed the last cell and belongs after the table. */
  finish(closedByTableTag: boolean): string {
    const rest = this.cell.trim()
    this.cell = ''
    const columns = inferColumnCount([...this.rows, this.row], this.header)
    // text after the last closed cell is the table's last cell only when that row is still short of cells
    // or a table tag closed it; otherwise the markup ended and ordinary text resumed
    const restIsCell = rest !== '' && (closedByTableTag || this.row.length < columns)
    if (restIsCell) this.row.push(rest)
    if (this.row.length > 0) this.rows.push(this.row)
    this.row = []
    return restIsCell ? '' : rest
  }
}

/** The number of columns the rows agree on: the shortest row of two or more cells, else the header's. */
function inferColumnCount(rows: string[][], header: string[]): number {
  const lengths = rows.map((row) => row.length).filter((length) => length >= 2)
  if (lengths.length > 0) return Math.min(...lengths)
  return Math.max(header.length, 1)
}

/** "(Containment) (Limited communist expansion …)": one cell that holds a whole row in parentheses. */
const PARENTHESISED_ROW = /^(?:\([^()]+\)\s*){2,}$/

/** Tidy a table's rows: unpack parenthesised rows, split rows that ran together, drop empty ones. */
function normalizeRows(rows: string[][], header: string[]): string[][] {
  const unpacked = rows.map((row) => {
    const [only] = row
    if (row.length === 1 && only !== undefined && PARENTHESISED_ROW.test(only.trim())) {
      return [...only.matchAll(/\(([^()]+)\)/g)].map((match) => (match[1] ?? '').trim())
    }
    return row
  })
  const columns = inferColumnCount(unpacked, header)
  const result: string[][] = []
  for (const row of unpacked) {
    // rows whose row tags were lost run together; a multiple of the column count splits evenly
    if (columns >= 2 && row.length > columns && row.length % columns === 0) {
      for (let start = 0; start < row.length; start += columns) result.push(row.slice(start, start + columns))
    } else if (row.length > 0) {
      result.push(row)
    }
  }
  return result
}

/** Rebuild the rough blocks of a text from its lines and its markup residue. */
export function buildBlocks(text: string): RoughBlock[] {
  const blocks: RoughBlock[] = []
  let current: { kind: 'paragraph' | 'bullet' | 'heading'; text: string; plainLine: boolean } | null = null
  let table: TableBuilder | null = null
  let pipeLines: string[] = []

  const flush = () => {
    if (current?.text.trim()) blocks.push({ ...current, text: current.text.trim() })
    current = null
  }
  const start = (kind: 'paragraph' | 'bullet' | 'heading', plainLine = false) => {
    flush()
    current = { kind, text: '', plainLine }
  }
  const append = (piece: string) => {
    if (!current) current = { kind: 'paragraph', text: '', plainLine: false }
    current.text += piece
  }
  const closeTable = (closedByTableTag: boolean) => {
    if (!table) return
    const rest = table.finish(closedByTableTag)
    const rows = normalizeRows(table.rows, table.header)
    if (rows.length > 0 || table.header.length > 0) blocks.push({ kind: 'table', header: table.header, rows })
    table = null
    if (rest) blocks.push({ kind: 'paragraph', text: rest, plainLine: false })
  }
  const closePipeTable = () => {
    if (pipeLines.length === 0) return
    const separator = pipeLines.findIndex((line) => PIPE_SEPARATOR.test(line))
    const headerLine = separator > 0 ? pipeLines[separator - 1] : undefined
    const header = headerLine === undefined ? [] : pipeCells(headerLine)
    const bodyLines = pipeLines.filter((_, index) => index !== separator && index !== separator - 1)
    const rows: string[][] = []
    const after: string[] = []
    for (const line of bodyLines) {
      const cells = pipeCells(line)
      // cells beyond the header's width are text that followed the table on the same line
      if (header.length > 0 && cells.length > header.length)
        after.push(cells.splice(header.length).join(' | '))
      rows.push(cells)
    }
    blocks.push({ kind: 'table', header, rows: normalizeRows(rows, header) })
    for (const text of after) blocks.push({ kind: 'paragraph', text, plainLine: false })
    pipeLines = []
  }
  const lastTextBlock = () => {
    const last = blocks.at(-1)
    return last && last.kind !== 'table' ? last : undefined
  }

  const onMark = (mark: Mark) => {
    if (table) {
      if (mark === 'cell' || mark === 'header-cell') table.endCell(mark === 'header-cell')
      else if (mark === 'row') table.endRow()
      else if (mark === 'table-end') closeTable(true)
      else if (mark !== 'inline') table.endCell(false)
      else table.addText(' ')
      return
    }
    switch (mark) {
      case 'inline':
      case 'cell':
      case 'header-cell':
        append(' ')
        return
      case 'bullet':
        start('bullet')
        return
      case 'heading-start':
        start('heading')
        return
      case 'heading-end': {
        if (current?.text.trim()) {
          current.kind = 'heading'
          flush()
          return
        }
        // "Heading text\n< h2/>": the closing tag came after the line that held the heading
        const previous = lastTextBlock()
        if (previous && previous.kind === 'paragraph' && previous.text.split(/\s+/).length <= 20) {
          previous.kind = 'heading'
        }
        return
      }
      default:
        flush()
    }
  }

  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (const rawLine of lines) {
    const line = rawLine.trim()
    if (!line) {
      flush()
      closeTable(false)
      closePipeTable()
      continue
    }
    if (isPipeLine(line) && !isTableLine(line)) {
      flush()
      closeTable(false)
      pipeLines.push(line)
      continue
    }
    closePipeTable()

    const tableLine = isTableLine(line)
    if (table && !tableLine) closeTable(false)
    if (!table && tableLine) {
      flush()
      table = new TableBuilder()
    }
    if (table) {
      for (const piece of scanResidue(line, true)) {
        if ('mark' in piece) onMark(piece.mark)
        else (table as TableBuilder).addText(piece.text)
      }
      ;(table as TableBuilder | null)?.addText(' ')
      continue
    }

    const bullet = LINE_BULLET.exec(line)
    const body = bullet ? line.slice(bullet[0].length) : line
    const pieces: Piece[] = scanResidue(body, false)
    const plainLine = !bullet && pieces.every((piece) => !('mark' in piece) || piece.mark === 'inline')
    start(bullet ? 'bullet' : 'paragraph', plainLine)
    for (const piece of pieces) {
      if ('mark' in piece) {
        onMark(piece.mark)
        continue
      }
      const [first, ...rest] = piece.text.split(INLINE_BULLET)
      append(first ?? '')
      for (const item of rest) {
        start('bullet')
        append(item)
      }
    }
    flush()
  }
  flush()
  closeTable(false)
  closePipeTable()
  return blocks
}
