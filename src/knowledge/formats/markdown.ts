/**
 * Reads a Markdown document with marked's lexer, a syntax tree of its blocks and inline marks: YAML front
 * matter gives the title; headings of every level name sections; links read as their text; emphasis and code
 * marks go; list items and table rows become blocks of their own; inline and block HTML are read as HTML.
 * Template tags (Liquid's `{% … %}` and `{{ … }}`, as Jekyll and Hugo sites hold) are markup, not text.
 */
import { decodeHTML } from 'entities'
import { parseDocument } from 'htmlparser2'
import { load as parseYaml } from 'js-yaml'
import { Lexer, type MarkedToken, type Token, type Tokens } from 'marked'
import { DocumentBuilder } from './document-builder.ts'
import { readHtmlNodes } from './html.ts'

/** `---` YAML `---` at the very start of the file */
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/
/** a template tag of Liquid (Jekyll), Nunjucks or Hugo: `{% … %}`, `{{ … }}`, `{{< … >}}` */
const TEMPLATE_TAG = /\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g
const QUOTED = /"([^"]*)"|'([^']*)'/g

/**
 * What a template tag shows in the text. A tag that names something in a sentence, with its name quoted
 * (`{% slack_channel "equipment" %}`, `{% slack_channel "people-ops" "People Ops" %}`), shows its last
 * quoted argument, so "ask in {% … %} or email" keeps its object; a tag naming a file or an address (an
 * image, an include, a page link) or none (`{% alert %}`) shows nothing.
 */
function renderTag(tag: string): string {
  const names = [...tag.matchAll(QUOTED)].map((match) => match[1] ?? match[2] ?? '')
  const shown = names.at(-1)
  if (shown === undefined || names.some((name) => /[/\\]|\.[a-z]{2,4}$/i.test(name))) return ''
  return shown
}

/** What a document's front matter says of where it is published and when it last changed. */
export interface PublishedDetails {
  url?: string
  updated?: string
}

/**
 * The published address and last-change date in a Markdown document's front matter, under the names static
 * site generators use (url, canonical_url; updated, last_modified_at, date). Only an absolute http(s)
 * address and a date that reads as one are taken; anything else is left for `kb add --url/--updated`.
 */
export function publishedDetails(raw: string): PublishedDetails {
  const match = FRONT_MATTER.exec(raw)
  if (!match) return {}
  let fields: Record<string, unknown> = {}
  try {
    const parsed: unknown = parseYaml(match[1] ?? '')
    if (parsed && typeof parsed === 'object') fields = parsed as Record<string, unknown>
  } catch {
    return {}
  }
  const url = [fields.url, fields.canonical_url].find(
    (value): value is string => typeof value === 'string' && /^https?:\/\/\S+$/i.test(value.trim()),
  )
  const dateOf = (value: unknown) => {
    // YAML reads an unquoted 2026-01-31 as a Date
    const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : ''
    const day = /^(\d{4}-\d{2}-\d{2})/.exec(text.trim())?.[1]
    return day && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ? day : undefined
  }
  const updated = [fields.updated, fields.last_modified_at, fields.date].map(dateOf).find(Boolean)
  return { ...(url ? { url: url.trim() } : {}), ...(updated ? { updated } : {}) }
}

/** The front matter's title, when the document has front matter with one. */
function frontMatter(raw: string): { title?: string; body: string } {
  const match = FRONT_MATTER.exec(raw)
  if (!match) return { body: raw }
  // the front matter's lines are kept as blank lines, so the body's line numbers stay the file's
  const body = match[0].replace(/[^\n]/g, '') + raw.slice(match[0].length)
  let title: unknown
  try {
    title = (parseYaml(match[1] ?? '') as { title?: unknown } | null)?.title
  } catch {
    // front matter that is not YAML gives no title; the body is read all the same
  }
  return { ...(typeof title === 'string' && title.trim() ? { title: title.trim() } : {}), body }
}

const asMarked = (token: Token) => token as MarkedToken

/** The text a reader sees of inline tokens. */
function inlineText(tokens: readonly Token[] | undefined): string {
  let text = ''
  for (const token of tokens ?? []) {
    const marked = asMarked(token)
    switch (marked.type) {
      case 'text':
        text += 'tokens' in marked && marked.tokens ? inlineText(marked.tokens) : decodeHTML(marked.text)
        break
      case 'escape':
        text += marked.text
        break
      case 'codespan':
        text += decodeHTML(marked.text)
        break
      case 'br':
        text += ' '
        break
      case 'html':
        // a tag between words (<br>, <a …>, </a>): what it marks up stays, the tag goes
        text += /^<br\b/i.test(marked.text) ? ' ' : ''
        break
      case 'image':
        break
      case 'link':
      case 'strong':
      case 'em':
      case 'del':
        text += inlineText(marked.tokens)
        break
      default:
        text += 'tokens' in marked && Array.isArray(marked.tokens) ? inlineText(marked.tokens) : ''
    }
  }
  return text
}

function readList(list: Tokens.List, builder: DocumentBuilder): void {
  for (const item of list.items) {
    // an item's own text is what precedes its nested lists; those become items of their own
    const own: Token[] = []
    const nested: Token[] = []
    for (const child of item.tokens) {
      const type = asMarked(child).type
      if (type === 'list' || type === 'table' || type === 'code' || type === 'blockquote') nested.push(child)
      else own.push(child)
    }
    builder.bullet(
      own
        .map((child) => {
          const marked = asMarked(child)
          if (marked.type === 'html') return htmlText(marked.text)
          return 'tokens' in marked && marked.tokens
            ? inlineText(marked.tokens)
            : 'text' in marked
              ? marked.text
              : ''
        })
        .join(' '),
    )
    readBlocks(nested, builder)
  }
}

const htmlText = (html: string) => {
  const fragment = new DocumentBuilder()
  readHtmlNodes(parseDocument(html, { decodeEntities: true }).children, fragment)
  return fragment
    .finish('')
    .blocks.map((block) => block.text)
    .join(' ')
}

function readBlocks(tokens: readonly Token[], builder: DocumentBuilder): void {
  for (const token of tokens) {
    const marked = asMarked(token)
    switch (marked.type) {
      case 'heading':
        builder.heading(marked.depth, inlineText(marked.tokens))
        break
      case 'paragraph':
      case 'text':
        builder.paragraph(inlineText(marked.tokens ?? []) || decodeHTML(marked.text))
        break
      case 'list':
        readList(marked, builder)
        break
      case 'table':
        builder.table(
          marked.header.map((cell) => inlineText(cell.tokens)),
          marked.rows.map((row) => row.map((cell) => inlineText(cell.tokens))),
        )
        break
      case 'blockquote':
        readBlocks(marked.tokens, builder)
        break
      case 'code':
        builder.paragraph(marked.text)
        break
      case 'html':
        readHtmlNodes(parseDocument(marked.text, { decodeEntities: true }).children, builder)
        break
      default:
        // space, hr and link definitions carry no text
        break
    }
  }
}

/** A Markdown document: its title (front matter, else its only level-1 heading) and its blocks. */
export function readMarkdown(raw: string): { title?: string; builder: DocumentBuilder } {
  const { title, body } = frontMatter(raw)
  const builder = new DocumentBuilder()
  readBlocks(Lexer.lex(body.replace(TEMPLATE_TAG, renderTag), { gfm: true }), builder)
  return { ...(title ? { title } : {}), builder }
}
