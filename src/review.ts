/**
 * How every platform shows a passage drafted by `kb add` that no curator has reviewed: marked as such
 * beside its citation, and, while its statement is still the passage itself, shown once, as the quote.
 */
import type { Claim } from './types.ts'

/** the words beside the citation of a passage no curator has reviewed */
export const UNREVIEWED_NOTE = 'not yet reviewed'

export const isUnreviewed = (claim: Claim) => claim.reviewed === false

/** How much of a document answers, as every platform says it: "12 claims", "40 passages not yet reviewed". */
export function describeCounts({ claims, unreviewed = 0 }: { claims: number; unreviewed?: number }): string {
  const curated = `${claims} ${claims === 1 ? 'claim' : 'claims'}`
  if (unreviewed === 0) return curated
  const drafted = `${unreviewed} ${unreviewed === 1 ? 'passage' : 'passages'} ${UNREVIEWED_NOTE}`
  return claims === 0 ? drafted : `${curated}, ${drafted}`
}

/** true when the statement only repeats the quote, so that showing both would say the same thing twice */
export const statementIsQuote = (claim: Claim) => claim.statement === claim.quote
