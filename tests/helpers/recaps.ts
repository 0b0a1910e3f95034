/** Recaps as the core hands them to the renderers, for the render tests of every platform. */
import type { Recap, RecapClaim, RecapItem } from '../../src/recap.ts'
import type { RecapDeclined } from '../../src/store/store.ts'

export const RECAP_TITLE = 'The Shifting Dynamics of Global Alliances: A New Coalition Emerges'
export const RECAP_SECTION = 'Economic And Military Collaboration With Russia'

/** 10:00 to 11:00 UTC on 5 January 2026 */
export const SINCE = new Date(Date.UTC(2026, 0, 5, 10, 0))
export const UNTIL = new Date(Date.UTC(2026, 0, 5, 11, 0))

export const found = (id: string, statement: string, extra: Partial<RecapClaim> = {}): RecapClaim =>
  ({
    id,
    found: true,
    statement,
    citation: { source: 'new-coalition', title: RECAP_TITLE, section: RECAP_SECTION, quote: statement },
    unreviewed: false,
    ...extra,
  }) as RecapClaim

export const gone = (id: string): RecapClaim => ({ id, found: false })

export const item = (question: string, claims: RecapClaim[], extra: Partial<RecapItem> = {}): RecapItem => ({
  question,
  seen: 'channel',
  at: SINCE.toISOString(),
  asked: 1,
  shares: 0,
  claims,
  ...extra,
})

export const open = (question: string, extra: Partial<RecapDeclined> = {}): RecapDeclined => ({
  question,
  seen: 'channel',
  at: SINCE.toISOString(),
  asked: 1,
  ...extra,
})

export const recapOf = (answers: RecapItem[], opens: RecapDeclined[], extra: Partial<Recap> = {}): Recap => ({
  since: SINCE,
  until: UNTIL,
  minutes: 60,
  view: 'viewer',
  answers,
  open: opens,
  ...extra,
})

/** a busy day: `count` answers, each with a long question and statement */
export const manyAnswers = (count: number): RecapItem[] =>
  Array.from({ length: count }, (_, at) =>
    item(`Question number ${at}: ${'what does the coalition do about it '.repeat(4)}?`, [
      found(`claim-${at}`, `Statement ${at}: ${'the documents say a good deal about this. '.repeat(6)}`),
      found(`claim-${at}-b`, 'A second claim.'),
    ]),
  )
