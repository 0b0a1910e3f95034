/**
 * The answer a user was shown, rebuilt from the ids of its claims, so that what they share is what they
 * saw and not whatever the question would find now. Pure: no I/O, no logging.
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import type { Answer, Claim, Match } from '../types.ts'
import { ask, citationOf } from './ask.ts'
import { explainClaim } from './explain.ts'

type Answered = Extract<Answer, { kind: 'answered' }>

/** The answer as it was shown, or `changed` when none of its claims is in the knowledge base any more. */
export type RecalledAnswer = Answered | { kind: 'changed'; question: string }

export interface RecallOptions {
  /** how many matches earlier pages showed, as when the answer was given */
  offset?: number
}

/**
 * Rebuild the answer to `question` that showed the claims `claimIds`, in that order. Claims no longer in
 * the knowledge base are left out. Scores and whether more results follow come from asking the question
 * again, so they describe the knowledge base as it is now; a claim the question no longer finds scores 0.
 */
export function recallAnswer(
  question: string,
  claimIds: readonly string[],
  kb: KnowledgeBase,
  options: RecallOptions = {},
): RecalledAnswer {
  const claims = [...new Set(claimIds)]
    .map((id) => kb.claimById.get(id))
    .filter((claim): claim is Claim => claim !== undefined)
  if (claims.length === 0) return { kind: 'changed', question }
  const offset = Math.max(0, options.offset ?? 0)
  const now = ask(question, kb, { offset, limit: claims.length })
  const found = new Map(now.kind === 'answered' ? now.matches.map((m) => [m.claim.id, m]) : [])
  const matches: Match[] = claims.map((claim) => {
    // a claim the question no longer finds on this page is explained on its own
    const explanation = found.get(claim.id)?.explanation ?? explainClaim(question, claim.id, kb)
    return {
      claim,
      citation: citationOf(claim, kb),
      corroborations: (kb.sameAs.get(claim.id) ?? []).map((other) => ({
        claim: other,
        citation: citationOf(other, kb),
      })),
      score: found.get(claim.id)?.score ?? 0,
      ...(explanation ? { explanation } : {}),
    }
  })
  return {
    kind: 'answered',
    question,
    matches,
    // as `ask` decides it: side by side only on the first page
    perspectives: offset === 0 && new Set(claims.flatMap((claim) => claim.stance ?? [])).size > 1,
    hasMore: now.kind === 'answered' && now.hasMore,
  }
}
