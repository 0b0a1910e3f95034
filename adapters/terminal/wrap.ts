/**
 * Wrapping the terminal's replies to its width: at spaces, measured in the columns characters take on
 * screen (colour codes none, wide CJK characters and emoji two), each continuation line indented under the
 * text of the line it continues, and colours closed at the end of a line and reopened on the next.
 */

/** a colour or style code (SGR); the renderer writes no other escape sequence */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const STYLE_CODE = /(\u001b\[[0-9;]*m)/

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })

/** East Asian Wide and Fullwidth blocks; an approximation of Unicode's table that fits on a screen */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
]

const SHOWN_AS_EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}/u
const TAKES_NO_COLUMN = /^[\p{Cc}\p{Mn}\p{Me}\p{Cf}]+$/u

/** The columns one grapheme takes on screen. */
export function graphemeWidth(grapheme: string): number {
  if (TAKES_NO_COLUMN.test(grapheme)) return 0
  if (SHOWN_AS_EMOJI.test(grapheme)) return 2
  const code = grapheme.codePointAt(0) ?? 0
  return WIDE_RANGES.some(([first, last]) => code >= first && code <= last) ? 2 : 1
}

interface Unit {
  text: string
  width: number
  isCode: boolean
}

function unitsOf(text: string): Unit[] {
  const units: Unit[] = []
  for (const [index, part] of text.split(STYLE_CODE).entries()) {
    // split with a capturing group puts the codes at the odd places
    if (index % 2 === 1) units.push({ text: part, width: 0, isCode: true })
    else
      for (const { segment } of graphemes.segment(part)) {
        units.push({ text: segment, width: graphemeWidth(segment), isCode: false })
      }
  }
  return units
}

/** The columns a text takes on screen, colour codes left out. */
export function visibleWidth(text: string): number {
  return unitsOf(text).reduce((sum, unit) => sum + unit.width, 0)
}

/** the attribute each SGR parameter sets, and the parameter that resets it */
function slotOf(parameter: number): { slot: string; reset: number } | undefined {
  if (parameter === 1 || parameter === 2) return { slot: `intensity-${parameter}`, reset: 22 }
  if (parameter >= 3 && parameter <= 9 && parameter !== 6)
    return { slot: `${parameter}`, reset: 20 + parameter }
  if (parameter === 6) return { slot: '5', reset: 25 }
  if ((parameter >= 30 && parameter <= 38) || (parameter >= 90 && parameter <= 97)) {
    return { slot: 'foreground', reset: 39 }
  }
  if ((parameter >= 40 && parameter <= 48) || (parameter >= 100 && parameter <= 107)) {
    return { slot: 'background', reset: 49 }
  }
  return undefined
}

/** The styles a line has switched on so far, so that a wrapped line can close them and the next reopen them. */
class OpenStyles {
  /** slot → the parameters that set it, in the order they were set */
  private readonly open = new Map<string, { parameters: string; reset: number }>()

  apply(code: string): void {
    const parameters = code.slice(2, -1).split(';').map(Number)
    for (let at = 0; at < parameters.length; at++) {
      const parameter = parameters[at] ?? 0
      if (parameter === 0) {
        this.open.clear()
        continue
      }
      const slot = slotOf(parameter)
      if (slot) {
        // 38;5;n and 38;2;r;g;b carry their colour in the parameters that follow
        const extra = parameter === 38 || parameter === 48 ? (parameters[at + 1] === 2 ? 4 : 2) : 0
        this.open.delete(slot.slot)
        this.open.set(slot.slot, {
          parameters: parameters.slice(at, at + 1 + extra).join(';'),
          reset: slot.reset,
        })
        at += extra
        continue
      }
      for (const [name, style] of this.open) if (style.reset === parameter) this.open.delete(name)
    }
  }

  reopen(): string {
    return [...this.open.values()].map((style) => `\u001b[${style.parameters}m`).join('')
  }

  close(): string {
    const resets = new Set([...this.open.values()].reverse().map((style) => style.reset))
    return [...resets].map((reset) => `\u001b[${reset}m`).join('')
  }
}

/** leading spaces, and a list marker ("1. ", "• ") the rest of the line hangs under */
const LINE_LEAD = /^( *)((?:\d+\.|•) )?/

function wrapLine(line: string, width: number): string {
  if (visibleWidth(line) <= width) return line
  const units = unitsOf(line)
  const plain = units.filter((unit) => !unit.isCode).map((unit) => unit.text)
  const lead = LINE_LEAD.exec(plain.join(''))?.[0] ?? ''
  // a hanging indent wider than half the line would leave too little room to read: the text starts at the edge
  const hang = lead.length <= width / 2 ? lead.length : 0
  let prefixEnd = 0
  if (hang > 0) {
    for (let taken = 0; taken < hang && prefixEnd < units.length; prefixEnd++)
      taken += units[prefixEnd]?.width ?? 0
  }
  const prefix = units.slice(0, prefixEnd)
  const firstText = units.findIndex((unit) => !unit.isCode && unit.text !== ' ')
  // without a hanging indent the line's own indent goes too; its colour codes stay
  const body = hang > 0 ? units.slice(prefixEnd) : units.filter((unit, at) => unit.isCode || at >= firstText)

  const lines: string[] = []
  const styles = new OpenStyles()
  let current = ''
  let column = 0
  let lineHasText = false
  const put = (unit: Unit) => {
    current += unit.text
    column += unit.width
    if (unit.isCode) styles.apply(unit.text)
    else lineHasText = true
  }
  const breakLine = () => {
    lines.push(current + styles.close())
    current = ' '.repeat(hang) + styles.reopen()
    column = hang
    lineHasText = false
  }

  for (const unit of prefix) put(unit)
  lineHasText = false
  let spaces: Unit[] = []
  let word: Unit[] = []
  let wordWidth = 0
  const flushWord = () => {
    if (word.length === 0) return
    if (lineHasText) {
      const spaceWidth = spaces.reduce((sum, space) => sum + space.width, 0)
      if (column + spaceWidth + wordWidth <= width) for (const space of spaces) put(space)
      else breakLine()
    }
    for (const unit of word) {
      // only a word longer than a whole line is broken inside
      if (!unit.isCode && lineHasText && column + unit.width > width) breakLine()
      put(unit)
    }
    spaces = []
    word = []
    wordWidth = 0
  }
  for (const unit of body) {
    if (unit.text === ' ') {
      flushWord()
      spaces.push(unit)
    } else {
      word.push(unit)
      wordWidth += unit.width
    }
  }
  flushWord()
  lines.push(current)
  return lines.join('\n')
}

/**
 * Wrap each line of `text` to `width` columns. Without a width (output to a file or a pipe) the text is
 * returned as it is.
 */
export function wrapForTerminal(text: string, width: number | undefined): string {
  if (width === undefined || !Number.isFinite(width) || width < 1) return text
  const columns = Math.floor(width)
  return text
    .split('\n')
    .map((line) => wrapLine(line, columns))
    .join('\n')
}
