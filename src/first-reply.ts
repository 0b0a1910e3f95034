/**
 * What a chat reply to a question shows first, sized to be read aloud in a meeting: the best match in full
 * (statement, quote, citation), then up to two more as one line each (the statement and its document's
 * title), all within about 600 characters a reader sees. Long parts give way in a fixed order until the
 * reply fits: first the quote (the cited section holds the rest), then the one-liners, then the titles
 * and sections of the citation, the statement last. Each platform measures its own rendering against the
 * same budget. Pure.
 */

import type { Match } from './types.ts'

/** the matches one reply shows: the best in full, the rest as one-liners; the page the adapters ask for */
export const SHOWN_MATCHES = 3

/**
 * The characters of visible text a first reply aims at: the target for 95% of answered questions
 * ("Beyond the anchors": a reply read in a meeting), measured by `npm run eval`.
 */
const REPLY_CHARS = 600

/**
 * what the buttons under an answer show (Share to channel, More results, 👍, 👎, Why this answer?, a line
 * each) and the break after the question line: kept back from the budget so that one answer fits the same
 * way wherever it is shown, with or without its buttons, and a shared answer is the answer that was seen;
 * the fifth button's 17 characters took the evaluation's first replies within 600 from 98.6% to 98.4%
 */
const CHROME_CHARS = 53

/** How long each part of a reply may be, in characters before escaping. */
export interface Caps {
  /** the best match's statement */
  statement: number
  /** the best match's quote */
  quote: number
  /** each title in the best match's citation; below `MAIN_TITLE_BELOW`, the main title alone */
  title: number
  /** each section in the best match's citation */
  section: number
  /** each one-liner's statement */
  line: number
  /** each one-liner's title, its main title */
  lineTitle: number
}

/** below this, a title is given as its main title (before a colon), as short citations do */
const MAIN_TITLE_BELOW = 100

/**
 * A reply before any part gives way: quotes to 500 characters as before replies were sized, and a
 * one-liner about a line of a chat window (a statement of 110 characters, a title of 48)
 */
const ROOMY: Caps = { statement: 1000, quote: 500, title: 200, section: 200, line: 110, lineTitle: 48 }

/**
 * The parts that give way while a reply is too long, in this order, each down to its floor: the quote
 * first (its section is cited, and holds the rest), then the one-liners, then the citation's section and
 * title, then the quote again, and the statement last, only when it is longer than most. Chosen on the
 * evaluation's 514 answered questions: with the statement kept whole, 96.7% of first replies fit, a thin
 * margin as the knowledge base grows; cutting statements past 180 characters (13 replies) makes it 98.6%.
 */
const GIVING: readonly { part: keyof Caps; floor: number }[] = [
  { part: 'quote', floor: 120 },
  { part: 'line', floor: 50 },
  { part: 'lineTitle', floor: 26 },
  { part: 'section', floor: 32 },
  { part: 'title', floor: 32 },
  { part: 'quote', floor: 60 },
  { part: 'statement', floor: 180 },
]

/** what cutting a part first adds beside its ellipsis: for the quote, the note that it was shortened */
const CUT_COST: Partial<Record<keyof Caps, number>> = { quote: 18 }

/** The characters a reply's answer may take beside the question line and the buttons. */
export function answerBudget(question: string): number {
  return REPLY_CHARS - CHROME_CHARS - Array.from(`You asked: ${question}`).length
}

const UNCUT: Caps = {
  statement: Infinity,
  quote: Infinity,
  title: Infinity,
  section: Infinity,
  line: Infinity,
  lineTitle: Infinity,
}

/**
 * How long each part shows under `caps`, cut as the renderers cut it, in `matches` (the best first, then
 * the one-liners): where a part is in more than one place, its longest.
 */
function shownLengths(matches: readonly Match[], caps: Caps): Caps {
  const [best, ...lines] = matches
  const longest = (texts: readonly string[]) => Math.max(0, ...texts.map((text) => Array.from(text).length))
  const cited = best ? [best.citation, ...best.corroborations.map(({ citation }) => citation)] : []
  return {
    statement: longest(best ? [cutAtWord(best.claim.statement, caps.statement)] : []),
    quote: longest(best ? [cutAtWord(best.citation.quote, caps.quote)] : []),
    title: longest(cited.map(({ title }) => titleWithin(title, caps.title))),
    section: longest(cited.map(({ section }) => cutAtWord(section, caps.section))),
    line: longest(lines.map(({ claim }) => cutAtWord(claim.statement, caps.line))),
    lineTitle: longest(lines.map(({ citation }) => titleWithin(citation.title, caps.lineTitle))),
  }
}

/**
 * `matches` (the best first) rendered by `render` with as few cuts as bring its visible text (`length`)
 * within `budget`: each part in `GIVING` order is cut by what is still over, down to its floor. When all
 * are at their floors, the reply is as short as it gets, and may still be over.
 */
export function fitAnswer<T>(
  matches: readonly Match[],
  render: (caps: Caps) => T,
  length: (rendered: T) => number,
  budget: number,
): T {
  const whole = shownLengths(matches, UNCUT)
  let caps = ROOMY
  let rendered = render(caps)
  for (const { part, floor } of GIVING) {
    // a cap binds only the longest of the one-liners, so cutting it may take less than was over
    for (let tries = 0; tries < 3; tries++) {
      const over = length(rendered) - budget
      if (over <= 0) return rendered
      const now = shownLengths(matches, caps)[part]
      if (now <= floor) break
      const cost = now === whole[part] ? (CUT_COST[part] ?? 0) : 0
      caps = { ...caps, [part]: Math.max(floor, now - over - cost) }
      rendered = render(caps)
    }
  }
  return rendered
}

/**
 * At most `max` characters, cut at a word when one ends near the limit, so a one-liner reads as words:
 * "By seeking dialogue and negotiation…" rather than "…negotiat…".
 */
export function cutAtWord(text: string, max: number): string {
  const points = Array.from(text)
  if (points.length <= max) return text
  const cut = points.slice(0, max - 1).join('')
  const space = cut.lastIndexOf(' ')
  // a word that ends well before the limit would waste the room: a long word or a link is cut through
  const words = space >= cut.length * 0.6 ? cut.slice(0, space) : cut
  return `${words.replace(/[\s.,;:!?–—-]+$/, '')}…`
}

/** A document's title in at most `max` characters: its main title when it has a subtitle and `max` is short. */
export function titleWithin(title: string, max: number): string {
  const colon = title.indexOf(': ')
  // a colon within the first few characters ends a label ("FAQ: …"), not a main title
  const main = max < MAIN_TITLE_BELOW && colon >= 8 ? title.slice(0, colon) : title
  return cutAtWord(main, max)
}
