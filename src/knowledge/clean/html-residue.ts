/**
 * Finds what is left of HTML markup in text copied from the web (`< strong >`, `/td >`, `Li/>`, `(tr )`,
 * `& ;` …) and turns it into structural marks, so the text between can be rebuilt as blocks.
 */

/** what a piece of residue means for the structure of the text around it */
export type Mark =
  | 'inline' // strong, em, span …: nothing but a word boundary
  | 'break' // p, br, div, ul, table …: ends the current block
  | 'bullet' // li opening tag or a "- " line start: a list item begins
  | 'bullet-end' // li closing tag
  | 'cell' // td closing or opening tag
  | 'header-cell' // th closing or opening tag
  | 'row' // tr
  | 'table-end' // table closing tag
  | 'heading-start' // h1–h6 opening tag
  | 'heading-end' // h1–h6 closing tag

export type Piece = { text: string } | { mark: Mark }

const INLINE = 'strong|b|i|em|u|span|a|font'
const BLOCK = 'p|div|blockquote|ul|ol|tbody|thead|br|li|table|h[1-6]'
// cell and row tags sometimes lost a letter to a stray space ("t d")
const TABLE = 't ?d|t ?h|t ?r'
/** tag names too short or too word-like to be residue without an angle bracket */
const NEEDS_BRACKET = new Set(['b', 'i', 'u', 'a', 'em', 'font', 'table'])

const ANY_TAG = `${INLINE}|${BLOCK}|${TABLE}`
const DANGLING_TAG = ANY_TAG.split('|')
  .filter((name) => !NEEDS_BRACKET.has(name))
  .join('|')

/** each alternative is one residue shape; the first that matches at a position wins */
const RESIDUE = new RegExp(
  [
    // a character reference, whole or with its name lost: "&amp;", "& ;"
    String.raw`(?<entity>&(?<entityName>[a-z]+|#\d+|#x[0-9a-f]+)?\s*;)`,
    // a tag with both brackets, however spaced: "< / strong >", "< Li/>", "<br/>", "< td />"
    String.raw`(?<bracketed><\s*(?<bClose>\/)?\s*(?<bName>${ANY_TAG})\s*(?<bSelf>\/)?\s*>)`,
    // an opening tag whose ">" was lost: "< P response …", "< Strong strengthening …"
    String.raw`(?<unclosed><\s*(?<uName>${ANY_TAG})(?=\s|$))`,
    // a tag whose "<" was lost: "strong >", "/td >", "Li/>", "ul />", "//t d />"
    String.raw`(?<dangling>(?<![\w<])(?<dClose>\/+\s*)?(?<dName>${DANGLING_TAG})\s*(?<dSelf>\/)?\s*>)`,
    // a table tag in parentheses: "(td )", "(tr )", "(table)"
    String.raw`(?<paren>\(\s*(?<pName>t ?d|t ?h|t ?r|table)\s*\))`,
  ].join('|'),
  'gi',
)

/** bare cell and row tag names ("td Arms", "/t d Investment"), residue only on a line that is a table */
const BARE_TABLE_TAG = /(?<![\w/])\/{0,2}\s*(?<name>t ?d|t ?h|t ?r)(?![\w>])/gi

const ENTITIES: Record<string, string> = {
  amp: '&',
  nbsp: ' ',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
}

function decodeEntity(name: string | undefined): string {
  // a reference whose name was lost ("& ;") was almost always "&amp;" followed by a space
  if (!name) return '& '
  const lower = name.toLowerCase()
  if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16))
  if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10))
  return ENTITIES[lower] ?? `&${name};`
}

function markOf(rawName: string, closing: boolean): Mark {
  const name = rawName.toLowerCase().replace(/\s/g, '')
  if (name === 'td') return 'cell'
  if (name === 'th') return 'header-cell'
  if (name === 'tr') return 'row'
  if (name === 'table') return closing ? 'table-end' : 'break'
  if (name === 'li') return closing ? 'bullet-end' : 'bullet'
  if (/^h[1-6]$/.test(name)) return closing ? 'heading-end' : 'heading-start'
  if (new RegExp(`^(?:${INLINE})$`).test(name)) return 'inline'
  return 'break'
}

const isTableMark = (piece: Piece | undefined): boolean =>
  piece !== undefined &&
  'mark' in piece &&
  (piece.mark === 'cell' || piece.mark === 'header-cell' || piece.mark === 'row')

/** True when a line carries table markup: it starts with a cell or row tag, or holds two of them. */
export function isTableLine(line: string): boolean {
  const pieces = scanResidue(line.trim(), false)
  return isTableMark(pieces[0]) || pieces.filter(isTableMark).length >= 2
}

/** Split a line into text and the marks its residue stands for. */
export function scanResidue(line: string, tableLine: boolean): Piece[] {
  const pieces: Piece[] = []
  let last = 0
  const pushText = (text: string) => {
    if (!text) return
    if (!tableLine) {
      pieces.push({ text })
      return
    }
    let bareLast = 0
    for (const match of text.matchAll(BARE_TABLE_TAG)) {
      pieces.push({ text: text.slice(bareLast, match.index) })
      pieces.push({ mark: markOf(match.groups?.name ?? 'td', false) })
      bareLast = match.index + match[0].length
    }
    pieces.push({ text: text.slice(bareLast) })
  }
  for (const match of line.matchAll(RESIDUE)) {
    const groups = match.groups ?? {}
    pushText(line.slice(last, match.index))
    last = match.index + match[0].length
    if (groups.entity !== undefined) {
      pieces.push({ text: decodeEntity(groups.entityName) })
    } else if (groups.bracketed !== undefined) {
      const name = groups.bName ?? ''
      const closing = groups.bClose !== undefined || (groups.bSelf !== undefined && !/^br$/i.test(name))
      pieces.push({ mark: markOf(name, closing) })
    } else if (groups.unclosed !== undefined) {
      pieces.push({ mark: markOf(groups.uName ?? '', false) })
    } else if (groups.dangling !== undefined) {
      // without its "<", a tag reads as closing: the text it belonged to came before it
      pieces.push({ mark: markOf(groups.dName ?? '', true) })
    } else if (groups.paren !== undefined) {
      // "(table)" only ever stands where a table ends
      pieces.push({ mark: markOf(groups.pName ?? '', /table/i.test(groups.pName ?? '')) })
    }
  }
  pushText(line.slice(last))
  return pieces.filter((piece) => !('text' in piece) || piece.text !== '')
}
