/**
 * How every platform shows a passage drafted by `kb add` that no curator has reviewed: marked as such
 * beside its citation, and, while its statement is still the passage itself, shown once, as the quote.
 */
import type { Claim } from './types.ts'

/** the words beside the citation of a passage no curator has reviewed */
export const UNREVIEWED_NOTE = 'not yet reviewed'

export const isUnreviewed = (claim: Claim) => claim.reviewed === false

/** true when the statement only repeats the quote, so that showing both would say the same thing twice */
export const statementIsQuote = (claim: Claim) => claim.statement === claim.quote
