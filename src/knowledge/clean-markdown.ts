/**
 * The stored form of a cleaned document: Markdown a curator can read and review in a diff, which parses
 * back to exactly the blocks it was written from.
 */
import type { Block, CleanDocument } from '../types.ts'
import { INTRODUCTION_SECTION, TABLE_CELL_SEPARATOR } from './clean/clean-source.ts'

const GENERATED_NOTE = (rawFile: string) =>
  `<!-- Cleaned from ${rawFile} by \`npm run kb -- clean\`. Generated: edit the cleaner, not this file. -->`

/** text that would read as Markdown structure at the start of a line gets a backslash in front */
const STRUCTURAL_START = /^(?:#|-|\||\\|<!--|\d+[.)]\s)/

/** marks the section line of text that comes before the document's first heading */
const UNNAMED_SECTION_NOTE = '<!-- the source has no heading here -->'

const escapeLine = (text: string) => (STRUCTURAL_START.test(text) ? `\\${text}` : text)
const unescapeLine = (text: string) => (text.startsWith('\\') ? text.slice(1) : text)
const escapeCell = (cell: string) => cell.replace(/\\/g, '\\\\').replace(/\|/g, '\\|')

function tableLine(cells: string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`
}

function splitTableLine(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '')
  const cells: string[] = []
  let cell = ''
  for (let index = 0; index < inner.length; index++) {
    const char = inner[index]
    if (char === '\\' && index + 1 < inner.length) {
      cell += inner[index + 1]
      index++
    } else if (char === '|') {
      cells.push(cell.trim())
      cell = ''
    } else {
      cell += char
    }
  }
  cells.push(cell.trim())
  return cells
}

/** Write a cleaned document as Markdown. */
export function renderCleanMarkdown(document: CleanDocument, rawFile: string): string {
  const lines = [GENERATED_NOTE(rawFile), '', `# ${document.title}`]
  let section: string | undefined
  let inTable = false
  for (const [index, block] of document.blocks.entries()) {
    const isTable = block.kind === 'table-row' || block.kind === 'table-header'
    if (block.section !== section && block.kind !== 'heading') {
      // text before the first heading sits under a section the document does not name
      lines.push('', `## ${block.section} ${UNNAMED_SECTION_NOTE}`)
      inTable = false
    }
    section = block.section
    if (!isTable) inTable = false
    if (block.kind === 'heading') {
      lines.push('', `## ${block.text}`)
      continue
    }
    if (isTable) {
      const cells = block.cells ?? [block.text]
      // a header starts a new table even right after another table's rows
      if (!inTable || block.kind === 'table-header') {
        lines.push('')
        const header = block.kind === 'table-header' ? cells : cells.map(() => '')
        const columns = Math.max(header.length, ...tableWidths(document.blocks, index))
        lines.push(tableLine([...header, ...Array(columns - header.length).fill('')]))
        lines.push(tableLine(Array(columns).fill('---')))
        inTable = true
        if (block.kind === 'table-header') continue
      }
      lines.push(tableLine(cells))
      continue
    }
    lines.push('', block.kind === 'bullet' ? `- ${block.text}` : escapeLine(block.text))
  }
  return `${lines.join('\n')}\n`
}

/** widths of the rows of the table that starts at `start` */
function tableWidths(blocks: Block[], start: number): number[] {
  const widths: number[] = []
  for (let index = start; index < blocks.length; index++) {
    const block = blocks[index]
    if (!block || (block.kind !== 'table-row' && block.kind !== 'table-header')) break
    if (index > start && block.kind === 'table-header') break
    widths.push(block.cells?.length ?? 1)
  }
  return widths
}

/** Parse Markdown written by `renderCleanMarkdown` back into the document. */
export function parseCleanMarkdown(markdown: string): CleanDocument {
  const lines = markdown.split('\n')
  let title = ''
  let section = INTRODUCTION_SECTION
  const blocks: Block[] = []
  let tableLines: string[] = []
  let previousBlank = true

  const flushTable = () => {
    if (tableLines.length < 2) {
      tableLines = []
      return
    }
    const [headerLine = '', , ...rowLines] = tableLines
    const header = splitTableLine(headerLine)
    const trim = (cells: string[]) => {
      const result = [...cells]
      while (result.length > 0 && result.at(-1) === '') result.pop()
      return result
    }
    const headerCells = trim(header)
    if (headerCells.length > 0) {
      blocks.push({
        kind: 'table-header',
        text: headerCells.join(TABLE_CELL_SEPARATOR),
        section,
        cells: headerCells,
      })
    }
    for (const line of rowLines) {
      const cells = trim(splitTableLine(line))
      blocks.push({ kind: 'table-row', text: cells.join(TABLE_CELL_SEPARATOR), section, cells })
    }
    tableLines = []
  }

  for (const line of lines) {
    if (line.startsWith('|')) {
      tableLines.push(line)
      previousBlank = false
      continue
    }
    flushTable()
    if (line === '' || line.startsWith('<!--')) {
      previousBlank = true
      continue
    }
    if (line.startsWith('# ') && !title) {
      title = line.slice(2)
    } else if (line.startsWith('## ')) {
      const unnamed = line.endsWith(` ${UNNAMED_SECTION_NOTE}`)
      section = unnamed ? line.slice(3, -UNNAMED_SECTION_NOTE.length - 1) : line.slice(3)
      if (!unnamed) blocks.push({ kind: 'heading', text: section, section })
    } else if (line.startsWith('- ')) {
      blocks.push({ kind: 'bullet', text: line.slice(2), section })
    } else if (previousBlank) {
      blocks.push({ kind: 'paragraph', text: unescapeLine(line), section })
    } else {
      const last = blocks.at(-1)
      if (last) last.text += ` ${line}`
    }
    previousBlank = false
  }
  flushTable()
  return { title, blocks }
}
