/**
 * Reads an HTML page, or the HTML inside a Markdown document, into blocks with htmlparser2: headings,
 * paragraphs, list items and table rows; scripts, styles, navigation and forms are not the document's text.
 */
import { parseDocument } from 'htmlparser2'
import { DocumentBuilder } from './document-builder.ts'

type Node = ReturnType<typeof parseDocument>['children'][number]
type Element = Extract<Node, { name: string; children: unknown }>

/** elements whose content is never the document's prose */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'nav',
  'form',
  'button',
  'select',
  'svg',
  'iframe',
  'object',
])
/** elements that end the line of text before them and start another */
const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'aside',
  'header',
  'footer',
  'blockquote',
  'pre',
  'figure',
  'figcaption',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'address',
  'hr',
  'center',
])
const HEADING = /^h([1-6])$/

const isElement = (node: Node): node is Element => 'name' in node && 'children' in node
const isText = (node: Node): node is Extract<Node, { data: string; type: 'text' }> => node.type === 'text'

/** The text of a node as a reader sees it, lists and tables inside it left out when `shallow`. */
export function textOf(node: Node, shallow = false): string {
  if (isText(node)) return node.data
  if (!isElement(node) || SKIPPED.has(node.name)) return ''
  if (node.name === 'br') return ' '
  if (node.name === 'img') return ''
  if (shallow && (node.name === 'ul' || node.name === 'ol' || node.name === 'table')) return ''
  const inner = node.children.map((child) => textOf(child, shallow)).join('')
  return BLOCK_ELEMENTS.has(node.name) || node.name === 'li' ? ` ${inner} ` : inner
}

function readTable(table: Element, builder: DocumentBuilder): void {
  const rows: Element[] = []
  const collect = (node: Node) => {
    if (!isElement(node) || node.name === 'table') return
    if (node.name === 'tr') rows.push(node)
    else node.children.forEach(collect)
  }
  table.children.forEach(collect)
  const cellsOf = (row: Element) =>
    row.children.filter(isElement).filter((cell) => cell.name === 'td' || cell.name === 'th')
  const [first, ...rest] = rows
  const firstCells = first ? cellsOf(first) : []
  const headed = firstCells.length > 0 && firstCells.every((cell) => cell.name === 'th')
  const body = headed ? rest : rows
  builder.table(
    headed ? firstCells.map((cell) => textOf(cell)) : [],
    body.map((row) => cellsOf(row).map((cell) => textOf(cell))),
  )
}

/** Walk nodes, gathering inline text into paragraphs and handing block elements to the builder. */
export function readHtmlNodes(nodes: readonly Node[], builder: DocumentBuilder): void {
  let inline = ''
  const flush = () => {
    builder.paragraph(inline)
    inline = ''
  }
  for (const node of nodes) {
    if (!isElement(node)) {
      if (isText(node)) inline += node.data
      continue
    }
    if (SKIPPED.has(node.name)) continue
    const heading = HEADING.exec(node.name)
    if (heading) {
      flush()
      builder.heading(Number(heading[1]), textOf(node))
    } else if (node.name === 'ul' || node.name === 'ol') {
      flush()
      for (const item of node.children.filter(isElement)) {
        if (item.name !== 'li') {
          readHtmlNodes([item], builder)
          continue
        }
        builder.bullet(textOf(item, true))
        readHtmlNodes(
          item.children.filter(
            (child) =>
              isElement(child) && (child.name === 'ul' || child.name === 'ol' || child.name === 'table'),
          ),
          builder,
        )
      }
    } else if (node.name === 'table') {
      flush()
      readTable(node, builder)
    } else if (BLOCK_ELEMENTS.has(node.name) || node.name === 'body' || node.name === 'html') {
      flush()
      readHtmlNodes(node.children, builder)
    } else {
      inline += textOf(node)
    }
  }
  flush()
}

/** An HTML page: its title (from <title>, else its first <h1>) and its blocks. */
export function readHtml(raw: string): { title?: string; builder: DocumentBuilder } {
  const document = parseDocument(raw, { decodeEntities: true })
  const builder = new DocumentBuilder()
  const find = (nodes: readonly Node[], name: string): Element | undefined => {
    for (const node of nodes) {
      if (!isElement(node)) continue
      if (node.name === name) return node
      const found = find(node.children, name)
      if (found) return found
    }
    return undefined
  }
  const titleElement = find(document.children, 'title')
  const title = titleElement ? textOf(titleElement).replace(/\s+/g, ' ').trim() : undefined
  readHtmlNodes(document.children, builder)
  return { ...(title ? { title } : {}), builder }
}
