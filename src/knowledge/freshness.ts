/**
 * Which documents are due a review: a curator confirms now and then that a document's claims still hold
 * (`kb review`), as the best knowledge tools ask of their cards, and `kb check` lists those not confirmed
 * within an interval. Pure: today's date is given.
 */
import type { SourceInfo } from '../types.ts'

/** how long a review holds unless REVIEW_INTERVAL_DAYS or --review-days says otherwise: half a year */
export const DEFAULT_REVIEW_DAYS = 180

export interface ReviewDue {
  id: string
  title: string
  /** the last review (YYYY-MM-DD), or undefined when the document was never reviewed */
  reviewed?: string
  /** whole days since that review */
  days?: number
}

const DAY_MS = 24 * 60 * 60 * 1000

/** The documents whose last review is older than `intervalDays`, or that were never reviewed; oldest first. */
export function reviewsDue(
  sources: readonly Pick<SourceInfo, 'id' | 'title' | 'reviewed'>[],
  today: Date,
  intervalDays: number,
): ReviewDue[] {
  const due: ReviewDue[] = []
  for (const source of sources) {
    if (!source.reviewed) {
      due.push({ id: source.id, title: source.title })
      continue
    }
    const days = Math.floor((today.getTime() - Date.parse(`${source.reviewed}T00:00:00Z`)) / DAY_MS)
    if (days > intervalDays) due.push({ id: source.id, title: source.title, reviewed: source.reviewed, days })
  }
  // never reviewed first, then the longest unreviewed
  return due.sort((a, b) => (b.days ?? Number.POSITIVE_INFINITY) - (a.days ?? Number.POSITIVE_INFINITY))
}

/** `value` as a number of days for the review interval; a clear error for anything else. */
export function reviewDays(value: string | undefined, from: string): number {
  if (value === undefined || value.trim() === '') return DEFAULT_REVIEW_DAYS
  const days = Number(value)
  if (!/^\d+$/.test(value.trim()) || days < 1 || days > 36_500) {
    throw new Error(`${from} must be a whole number of days from 1 to 36500; got "${value.slice(0, 20)}"`)
  }
  return days
}

/** How old a date is, in words a meeting reads at a glance: "today", "3 days ago", "5 months ago". */
export function ageOf(date: string, today: Date): string | undefined {
  const then = Date.parse(`${date}T00:00:00Z`)
  if (Number.isNaN(then)) return undefined
  const days = Math.floor((today.getTime() - then) / DAY_MS)
  if (days < 0) return undefined
  if (days === 0) return 'today'
  if (days === 1) return 'yesterday'
  if (days < 31) return `${days} days ago`
  const months = Math.floor(days / 30.44)
  if (months < 12) return `${months} month${months === 1 ? '' : 's'} ago`
  const years = Math.floor(days / 365.25)
  return `${years} year${years === 1 ? '' : 's'} ago`
}

/** What a citation says of its document's age, "updated 6 months ago", or nothing when it has no date. */
export function freshnessNote(
  citation: { updated?: string | undefined },
  today: Date = new Date(),
): string | undefined {
  if (!citation.updated) return undefined
  const age = ageOf(citation.updated, today)
  return age ? `updated ${age}` : `updated ${citation.updated}`
}
