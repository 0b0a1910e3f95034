/**
 * A channel's recap: the questions asked there in the last minutes, each with what the knowledge base
 * answered and where that is cited, shared answers first, then the questions nothing answered, as open.
 * The history is the event store's, read under its privacy rule; the claims are looked up in the knowledge
 * base as it is now, so one removed since is said to be gone rather than shown as it was.
 */
import { type AskOptions, citationOf } from './answer/ask.ts'
import { type Command, handle, type Reply } from './commands.ts'
import type { KnowledgeBase } from './knowledge/knowledge-base.ts'
import { isUnreviewed } from './review.ts'
import type { EventStore, RecapDeclined, Scope, Seen } from './store/store.ts'
import type { Citation } from './types.ts'

/** A stretch of a channel's history. */
export interface RecapWindow {
  since: Date
  until: Date
}

const MINUTE_MS = 60_000

/**
 * The last `minutes` up to the next whole minute: a window in whole minutes, so that a Share button can
 * carry it in a few digits and read the same stretch again.
 */
export function recapWindow(minutes: number, now: Date): RecapWindow {
  const until = Math.ceil(now.getTime() / MINUTE_MS) * MINUTE_MS
  return { since: new Date(until - minutes * MINUTE_MS), until: new Date(until) }
}

/** The window's length in whole minutes. */
export const minutesOf = (window: RecapWindow) =>
  Math.round((window.until.getTime() - window.since.getTime()) / MINUTE_MS)

/** "the last hour", "the last 30 minutes", "the last 2 hours" */
export function describeSpan(minutes: number): string {
  if (minutes === 1) return 'the last minute'
  if (minutes === 60) return 'the last hour'
  if (minutes % 60 === 0) return `the last ${minutes / 60} hours`
  return `the last ${minutes.toLocaleString('en-US')} minutes`
}

/** What a recap reads of the event store. */
export type RecapEvents = Pick<EventStore, 'recap' | 'declinedIn'>

/** Where a recap reads its history, and for whom. */
export interface RecapHistory {
  events: RecapEvents
  /** the channel recapped: a recap covers one channel only */
  scope: Scope
  /**
   * the platform's id of who will read it, whose own private answers are listed too; none for a recap
   * the channel reads (shared, or the reply to a mention)
   */
  viewer?: string
}

/** One claim an answer showed, as the knowledge base holds it now, or gone from it. */
export type RecapClaim =
  | { id: string; found: true; statement: string; citation: Citation; unreviewed: boolean }
  | { id: string; found: false }

/** One answer in a recap, with its claims, best first. */
export interface RecapItem {
  question: string
  seen: Seen
  /** when it was last given or shared in the window (ISO 8601) */
  at: string
  asked: number
  shares: number
  claims: RecapClaim[]
}

/** A channel's questions in a window: answers (shared first, then in the order asked) and open questions. */
export interface Recap extends RecapWindow {
  /** the length of the window, in minutes */
  minutes: number
  /** `viewer`: with the reader's own private answers; `channel`: only what the channel saw */
  view: 'viewer' | 'channel'
  answers: RecapItem[]
  open: RecapDeclined[]
}

const claimOf = (id: string, kb: KnowledgeBase): RecapClaim => {
  const claim = kb.claimById.get(id)
  if (!claim) return { id, found: false }
  return {
    id,
    found: true,
    statement: claim.statement,
    citation: citationOf(claim, kb),
    unreviewed: isUnreviewed(claim),
  }
}

/** Read the recap of `window` in the history's channel, as its viewer (or the channel) may see it. */
export async function readRecap(
  window: RecapWindow,
  kb: KnowledgeBase,
  history: RecapHistory,
): Promise<Recap> {
  const query = {
    scope: { ...history.scope, channel: history.scope.channel ?? '' },
    since: window.since,
    until: window.until,
    ...(history.viewer === undefined ? {} : { viewer: history.viewer }),
  }
  const [answers, open] = await Promise.all([history.events.recap(query), history.events.declinedIn(query)])
  return {
    ...window,
    minutes: minutesOf(window),
    view: history.viewer === undefined ? 'channel' : 'viewer',
    // shared answers first, then the rest in the order asked: the store puts the viewer's private ones
    // after the channel's, which would read as if they were asked last
    answers: answers
      .map(({ message: _message, claims, ...answer }) => ({
        ...answer,
        claims: claims.map((id) => claimOf(id, kb)),
      }))
      .sort((a, b) => Number(b.seen === 'shared') - Number(a.seen === 'shared') || a.at.localeCompare(b.at)),
    open,
  }
}

/** Whether the recap lists anything at all. */
export const isEmptyRecap = (recap: Recap) => recap.answers.length === 0 && recap.open.length === 0

/**
 * Carry out a command with the channel's history at hand: `recap` reads it (without one, or outside a
 * channel, the reply says no history is kept here); every other command is `handle`'s.
 */
export async function handleWithHistory(
  command: Command,
  kb: KnowledgeBase,
  options: AskOptions,
  history: RecapHistory | undefined,
  now: Date = new Date(),
): Promise<Reply> {
  if (command.kind !== 'recap') return handle(command, kb, options)
  if (!history || history.scope.channel === undefined) return { kind: 'no-history' }
  const recap = await readRecap(recapWindow(command.minutes, now), kb, history)
  return { kind: 'recap', recap }
}
