/**
 * What changed in the knowledge base since the bot last started: each claim's statement and quote as a
 * digest, compared with the versions the event store kept from the last start. Pure.
 */
import { createHash } from 'node:crypto'
import { citationOf } from '../answer/ask.ts'
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import type { ClaimVersion } from '../store/store.ts'
import type { Claim } from '../types.ts'

/** The parts of a claim a reader was shown and a correction is about. */
export type ChangedPart = 'statement' | 'quote'

export type ClaimChange =
  | {
      kind: 'changed'
      claim: Claim
      before: ClaimVersion
      /** the claim's version now */
      version: string
      changed: ChangedPart[]
    }
  | {
      kind: 'withdrawn'
      before: ClaimVersion
      /** stands for the withdrawal of that version: a claim withdrawn, restored and withdrawn again is new */
      version: string
    }

/** A digest of what a reader of a claim is shown: its statement and its quote. */
export function versionOf(statement: string, quote: string): string {
  return createHash('sha256')
    .update(JSON.stringify([statement, quote]))
    .digest('hex')
    .slice(0, 32)
}

/** One digest of every claim's version: the same knowledge base digests alike in every process. */
export function knowledgeFingerprint(kb: KnowledgeBase): string {
  const versions = claimVersionsOf(kb)
    .map(({ claim, version }) => `${claim}\t${version}`)
    .sort()
  return createHash('sha256').update(versions.join('\n')).digest('hex')
}

/** The knowledge base's claims as the event store keeps them. */
export function claimVersionsOf(kb: KnowledgeBase): ClaimVersion[] {
  return kb.claims.map((claim) => ({
    claim: claim.id,
    version: versionOf(claim.statement, claim.quote),
    statement: claim.statement,
    quote: claim.quote,
    source: claim.source,
    title: citationOf(claim, kb).title,
    section: claim.section,
  }))
}

/**
 * The claims whose statement or quote changed, and those withdrawn, since `previous` (the last start's
 * claims; none on the first start, which has nothing to compare). A claim whose id changed while its
 * statement and quote stand elsewhere in the knowledge base was moved or renamed, not withdrawn: what
 * readers were told still holds. A change of title or section alone says nothing new either.
 */
export function diffClaims(previous: readonly ClaimVersion[], kb: KnowledgeBase): ClaimChange[] {
  const standing = new Set(kb.claims.map((claim) => versionOf(claim.statement, claim.quote)))
  const changes: ClaimChange[] = []
  for (const before of previous) {
    const claim = kb.claimById.get(before.claim)
    if (!claim) {
      if (!standing.has(before.version))
        changes.push({ kind: 'withdrawn', before, version: `withdrawn:${before.version}` })
      continue
    }
    const version = versionOf(claim.statement, claim.quote)
    if (version === before.version) continue
    const changed: ChangedPart[] = [
      ...(claim.statement !== before.statement ? (['statement'] as const) : []),
      ...(claim.quote !== before.quote ? (['quote'] as const) : []),
    ]
    changes.push({ kind: 'changed', claim, before, version, changed })
  }
  return changes
}
