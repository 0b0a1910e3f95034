import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { graphemeWidth, visibleWidth, wrapForTerminal } from '../../../adapters/terminal/wrap.ts'

const ESC = '\u001b'
const bold = (text: string) => `${ESC}[1m${text}${ESC}[22m`
const cyan = (text: string) => `${ESC}[36m${text}${ESC}[39m`
const dim = (text: string) => `${ESC}[2m${text}${ESC}[22m`
const wrap = (text: string, width: number | undefined) => wrapForTerminal(text, width).split('\n')

describe('wrapping plain text to the terminal’s width', () => {
  it('breaks at spaces, never inside a word, and hangs a numbered statement under its text', () => {
    expect(wrap('1. Iran’s main contribution is oil and energy trade.', 20)).toEqual([
      '1. Iran’s main',
      '   contribution is',
      '   oil and energy',
      '   trade.',
    ])
  })

  it('keeps the indent of a citation line on every line it wraps to', () => {
    expect(wrap('   — Pressure On The Partnership · Sanctions And Their Types', 24)).toEqual([
      '   — Pressure On The',
      '   Partnership ·',
      '   Sanctions And Their',
      '   Types',
    ])
  })

  it('hangs a two-digit number and a bullet under their text', () => {
    expect(wrap('12. Asset freezes target individuals', 16)).toEqual([
      '12. Asset',
      '    freezes',
      '    target',
      '    individuals',
    ])
    expect(wrap('• The Case For Engagement — 3 claims', 14)).toEqual([
      '• The Case For',
      '  Engagement —',
      '  3 claims',
    ])
  })

  it('fills a line up to exactly the width', () => {
    expect(wrap('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc'])
  })

  it('breaks a word only when it is longer than a whole line, and goes on after it', () => {
    expect(wrap('Supercalifragilisticexpialidocious is long', 10)).toEqual([
      'Supercalif',
      'ragilistic',
      'expialidoc',
      'ious is',
      'long',
    ])
    expect(wrap('   “https://example.org/a/very/long/path” ok', 16)).toEqual([
      '   “https://exam',
      '   ple.org/a/ver',
      '   y/long/path”',
      '   ok',
    ])
  })

  it('starts a long word on a line of its own rather than after another word', () => {
    expect(wrap('see abcdefghijkl', 8)).toEqual(['see', 'abcdefgh', 'ijkl'])
  })

  it('drops an indent that would leave less than half the line, rather than wrap one letter a line', () => {
    expect(wrap('   “abc def”', 4)).toEqual(['“abc', 'def”'])
    expect(wrap('1. abc def', 2)).toEqual(['1.', 'ab', 'c', 'de', 'f'])
  })

  it('keeps the spaces inside a line that is not broken there', () => {
    expect(wrap('IRAN | Oil  and more words', 12)).toEqual(['IRAN | Oil', 'and more', 'words'])
  })

  it('leaves a line that fits, blank lines and every line when there is no width, exactly as they are', () => {
    const text = '1. Short.\n\n   “Quote  with two spaces”  '
    expect(wrapForTerminal(text, 80)).toBe(text)
    const long = `${'word '.repeat(40)}\n   ${'x'.repeat(200)}`
    expect(wrapForTerminal(long, undefined)).toBe(long)
    expect(wrapForTerminal(long, 0)).toBe(long)
    expect(wrapForTerminal(long, Number.NaN)).toBe(long)
  })
})

describe('wrapping coloured text', () => {
  it('measures without the colour codes, and closes and reopens a colour at each break', () => {
    expect(wrap(`   ${cyan('— Pressure On The Partnership · Sanctions')}`, 24)).toEqual([
      `   ${ESC}[36m— Pressure On The${ESC}[39m`,
      `   ${ESC}[36mPartnership ·${ESC}[39m`,
      `   ${ESC}[36mSanctions${ESC}[39m`,
    ])
  })

  it('hangs a bold number under the statement and leaves the closed bold closed', () => {
    expect(wrap(`${bold('1.')} Iran’s main contribution is oil.`, 20)).toEqual([
      `${ESC}[1m1.${ESC}[22m Iran’s main`,
      '   contribution is',
      '   oil.',
    ])
  })

  it('carries several open styles across lines, and a colour that ends mid-line ends there', () => {
    const text = `${ESC}[1m${ESC}[33mbold yellow words${ESC}[39m then bold${ESC}[22m plain`
    expect(wrap(text, 11)).toEqual([
      `${ESC}[1m${ESC}[33mbold yellow${ESC}[39m${ESC}[22m`,
      `${ESC}[1m${ESC}[33mwords${ESC}[39m then${ESC}[22m`,
      `${ESC}[1mbold${ESC}[22m plain`,
    ])
  })

  it('keeps a 256-colour code whole when it reopens it', () => {
    expect(wrap(`${ESC}[38;5;208mone two${ESC}[39m`, 4)).toEqual([
      `${ESC}[38;5;208mone${ESC}[39m`,
      `${ESC}[38;5;208mtwo${ESC}[39m`,
    ])
  })

  it('breaks inside a coloured word longer than the line with the colour on each part', () => {
    expect(wrap(`   ${dim('“abcdefghij”')}`, 8)).toEqual([
      `   ${ESC}[2m“abcd${ESC}[22m`,
      `   ${ESC}[2mefghi${ESC}[22m`,
      `   ${ESC}[2mj”${ESC}[22m`,
    ])
  })
})

describe('measuring what a terminal shows', () => {
  it('counts wide CJK characters and emoji as two columns, combining marks and colour codes as none', () => {
    expect(visibleWidth('日本語')).toBe(6)
    expect(visibleWidth('👍🏽 ok')).toBe(5)
    expect(visibleWidth('👨‍👩‍👧')).toBe(2)
    expect(visibleWidth('🇺🇦')).toBe(2)
    expect(visibleWidth('e\u0301')).toBe(1)
    expect(visibleWidth(cyan('abc'))).toBe(3)
    expect(graphemeWidth('\u200b')).toBe(0)
  })

  it('wraps wide characters by the columns they take, and never splits an emoji', () => {
    expect(wrap('日本語のテキスト 中文', 6)).toEqual(['日本語', 'のテキ', 'スト', '中文'])
    expect(wrap('ok 👨‍👩‍👧👨‍👩‍👧', 4)).toEqual(['ok', '👨‍👩‍👧👨‍👩‍👧'])
  })

  it('puts a character wider than the whole line on a line of its own', () => {
    expect(wrap('a日b', 1)).toEqual(['a', '日', 'b'])
  })
})

/** text of words, runs of spaces, wide characters and colour codes, as the renderer produces */
const styledText = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[a-z’“”.·—]{1,14}$/),
      fc.constantFrom(' ', ' ', '  ', '日本', '👍', `${ESC}[36m`, `${ESC}[39m`, `${ESC}[1m`, `${ESC}[22m`),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''))
const lead = fc.constantFrom('', '   ', '1. ', `${bold('2.')} `, '• ')

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the colour codes is the point
const STYLE_CODES = /\u001b\[[0-9;]*m/g
const wordsOf = (text: string) => text.replace(STYLE_CODES, '').split(' ').filter(Boolean)
const isOneGrapheme = (text: string) => [...new Intl.Segmenter().segment(text)].length === 1

describe('wrapping any text', () => {
  it('fits every line in the width, keeps every letter in order and leaves no colour open at a break', () => {
    fc.assert(
      fc.property(lead, styledText, fc.integer({ min: 1, max: 40 }), (start, body, width) => {
        const text = `${start}${body}`
        const lines = wrapForTerminal(text, width).split('\n')
        for (const line of lines) {
          const shown = line.replace(STYLE_CODES, '')
          // only a character wider than the room left after the indent may overflow
          if (!isOneGrapheme(shown.trim())) expect(visibleWidth(line)).toBeLessThanOrEqual(width)
        }
        expect(wordsOf(lines.join(' ')).join('')).toBe(wordsOf(text).join(''))
        for (const line of lines.slice(0, -1)) {
          const codes = line.match(STYLE_CODES) ?? []
          const open = { intensity: 0, colour: 0 }
          for (const code of codes) {
            if (code === `${ESC}[1m`) open.intensity = 1
            if (code === `${ESC}[22m`) open.intensity = 0
            if (code === `${ESC}[36m`) open.colour = 1
            if (code === `${ESC}[39m`) open.colour = 0
          }
          expect(open).toEqual({ intensity: 0, colour: 0 })
        }
      }),
      { numRuns: 500, seed: 7 },
    )
  })

  it('changes nothing when wrapped again', () => {
    fc.assert(
      fc.property(lead, styledText, fc.integer({ min: 2, max: 40 }), (start, body, width) => {
        const once = wrapForTerminal(`${start}${body}`, width)
        expect(wrapForTerminal(once, width)).toBe(once)
      }),
      { numRuns: 300, seed: 11 },
    )
  })
})
