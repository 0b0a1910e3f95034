/**
 * Discord: what a button under an answer carries, with nothing kept by the bot, so that buttons work after a
 * restart and on any replica. A custom_id holds at most 100 characters and a question up to 500, so the id
 * holds the button's kind, the page, and short digests: of the question (read back from the line above the
 * answer, asked-line.ts) and of the claims the page showed (worked out again from the question). A digest
 * that no longer matches means the knowledge base changed since the answer was shown. A recap's Share
 * button holds its window in whole minutes; its channel is the one it is pressed in. Pure; nothing here
 * throws on what Discord sends back.
 */
import { createHash } from 'node:crypto'
import { RECAP_MINUTES } from '../../src/commands.ts'
import type { Vote } from '../../src/feedback.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'

/** the kinds of button, as their custom_id names them */
export const BUTTON = {
  share: 'share',
  more: 'more',
  voteUp: 'up',
  voteDown: 'down',
  why: 'why',
  ask: 'ask',
  shareRecap: 'recap',
} as const
export type ButtonKind = (typeof BUTTON)[keyof typeof BUTTON]

/**
 * the first part of every custom_id this version writes; the previous version's ids (`more:<token>`) held a
 * token for state kept in that process's memory, and begin with the kind instead
 */
const VERSION = 'v2'

/**
 * 10 base64url characters, 60 bits of SHA-256: a different question or set of claims passes for the one
 * shown about once in 10^18 tries, and five buttons with two digests each stay well inside 100 characters
 */
export const DIGEST_CHARS = 10

/** A short digest of `text`, in characters a custom_id may hold. */
export function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, DIGEST_CHARS)
}

/** The digest of the claims a page showed, in the order shown (claim ids never hold a newline). */
export const claimsDigestOf = (ids: readonly string[]): string => digestOf(ids.join('\n'))

/** The page of an answer a button acts on. */
export interface PageRef {
  /** how many matches earlier pages showed: this page starts here */
  offset: number
  /** the digest of the question */
  question: string
  /** the digest of the claims the page showed */
  claims: string
}

/** What a pressed button asks for. */
export type ButtonPress =
  | { kind: 'share' | 'more'; page: PageRef }
  | { kind: 'vote'; vote: Vote; page: PageRef }
  /** why the page's first match answered, worked out again from the question */
  | { kind: 'why'; page: PageRef }
  /** `question` is the digest of the question offered; `index` only keeps two equal offers apart */
  | { kind: 'ask'; index: number; question: string }
  /** a recap's Share button: the window to read again, in the channel it is pressed in */
  | { kind: 'share-recap'; since: Date; until: Date }
  /** a previous version's button, whose state was in the memory of a process that is gone */
  | { kind: 'outdated' }
  | { kind: 'invalid' }

/** the most "ask this" buttons a reply has: one row */
export const MAX_ASK_BUTTONS = 5
/** more pages than any answer has; a bound on what is read back */
const MAX_OFFSET = 9999

const PAGE_KINDS = [BUTTON.share, BUTTON.more, BUTTON.voteUp, BUTTON.voteDown, BUTTON.why] as const
type PageKind = (typeof PAGE_KINDS)[number]

/** The custom_id of a Share, More results, 👍, 👎 or Why this answer? button. */
export const pageButtonId = (kind: PageKind, page: PageRef): string =>
  `${VERSION}:${kind}:${page.offset}:${page.question}:${page.claims}`

/** The custom_id of the `index`th "ask this" button, offering the question whose digest is `question`. */
export const askButtonId = (index: number, question: string): string =>
  `${VERSION}:${BUTTON.ask}:${index}:${question}`

const MINUTE_MS = 60_000

/** The custom_id of a recap's Share button: its window, in minutes since 1970. */
export const recapButtonId = (window: { since: Date; until: Date }): string =>
  `${VERSION}:${BUTTON.shareRecap}:${Math.round(window.since.getTime() / MINUTE_MS)}:${Math.round(window.until.getTime() / MINUTE_MS)}`

/** minutes since 1970: eight digits until the year 2160 */
const MINUTES = /^\d{1,10}$/

function parseRecapId(since: string, rest: readonly string[]): ButtonPress {
  const [until = '', ...extra] = rest
  if (!MINUTES.test(since) || !MINUTES.test(until) || extra.length > 0) return { kind: 'invalid' }
  const span = Number(until) - Number(since)
  if (span < RECAP_MINUTES.min || span > RECAP_MINUTES.max) return { kind: 'invalid' }
  return {
    kind: 'share-recap',
    since: new Date(Number(since) * MINUTE_MS),
    until: new Date(Number(until) * MINUTE_MS),
  }
}

const DIGEST = new RegExp(`^[\\w-]{${DIGEST_CHARS}}$`)
const OFFSET = /^(?:0|[1-9]\d{0,3})$/
/** the previous version's ids: kind, a token of 8 to 32 base64url characters, and for ask buttons a position */
const OUTDATED = /^(?:share|more|up|down|ask):[\w-]{8,32}(?::\d)?$/

/** Read a button's custom_id, as this version or the previous one wrote it; anything else is `invalid`. */
export function parseButtonId(customId: unknown): ButtonPress {
  if (typeof customId !== 'string' || customId.length > 100) return { kind: 'invalid' }
  if (OUTDATED.test(customId)) return { kind: 'outdated' }
  const [version, kind, at = '', ...digests] = customId.split(':')
  if (version !== VERSION) return { kind: 'invalid' }
  if (kind === BUTTON.shareRecap) return parseRecapId(at, digests)
  if (kind === BUTTON.ask) {
    const [question = '', ...extra] = digests
    const index = Number(at)
    return /^\d$/.test(at) && index < MAX_ASK_BUTTONS && DIGEST.test(question) && extra.length === 0
      ? { kind: 'ask', index, question }
      : { kind: 'invalid' }
  }
  const [question = '', claims = '', ...extra] = digests
  const offset = Number(at)
  if (!OFFSET.test(at) || offset > MAX_OFFSET || !DIGEST.test(question) || !DIGEST.test(claims))
    return { kind: 'invalid' }
  if (extra.length > 0) return { kind: 'invalid' }
  const page = { offset, question, claims }
  switch (kind) {
    case BUTTON.share:
      return { kind: 'share', page }
    case BUTTON.more:
      return { kind: 'more', page }
    case BUTTON.voteUp:
      return { kind: 'vote', vote: 'up', page }
    case BUTTON.voteDown:
      return { kind: 'vote', vote: 'down', page }
    case BUTTON.why:
      return { kind: 'why', page }
    default:
      return { kind: 'invalid' }
  }
}

/**
 * Whether `user` may press a `kind` button on an answer shown to `owner` alone (undefined: shown to a
 * channel). More results and the votes of a private answer act for its asker (a page shown as theirs, a vote
 * counted as theirs), so no one else's press counts; Share, naming who shares, and the questions offered,
 * asked for whoever presses, are anyone's.
 */
export function mayPress(owner: string | undefined, kind: ButtonPress['kind'], user: string): boolean {
  if (owner === undefined || owner === user) return true
  return kind !== 'more' && kind !== 'vote'
}

const offered = new WeakMap<KnowledgeBase, Map<string, string>>()

/**
 * The question an "ask this" button offers, by its digest, if the knowledge base still holds it. Such
 * buttons offer claims' example questions (help's examples, a no-answer's related questions), so these are
 * looked up rather than read back; the lookup is built once per knowledge base.
 */
export function offeredQuestion(kb: KnowledgeBase, digest: string): string | undefined {
  let byDigest = offered.get(kb)
  if (!byDigest) {
    byDigest = new Map()
    for (const claim of kb.claims)
      for (const question of claim.questions) byDigest.set(digestOf(question), question)
    offered.set(kb, byDigest)
  }
  return byDigest.get(digest)
}
