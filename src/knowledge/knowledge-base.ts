/** The loaded knowledge base: sources, claims and the index questions are answered from. */
import {
  type AnswerIndex,
  assembleAnswerIndex,
  collectIndexData,
  type IndexData,
} from '../answer/answer-index.ts'
import { DEFAULT_CONFIG, type MatchingConfig } from '../answer/config.ts'
import type { Claim, Entity, SourceInfo, TermGroup, Topic } from '../types.ts'

export interface KnowledgeBase {
  sources: ReadonlyMap<string, SourceInfo>
  claims: readonly Claim[]
  claimById: ReadonlyMap<string, Claim>
  /** for each claim that states the same point as others (`sameAs`, both ways and through a chain), the others */
  sameAs: ReadonlyMap<string, readonly Claim[]>
  topics: readonly Topic[]
  entities: readonly Entity[]
  terms: readonly TermGroup[]
  index: AnswerIndex
}

/** Everything a knowledge base is made of, once checked. */
export interface KnowledgeParts {
  sources: readonly SourceInfo[]
  claims: readonly Claim[]
  topics: readonly Topic[]
  entities: readonly Entity[]
  terms: readonly TermGroup[]
}

/** Put a checked knowledge base together; `indexData` comes from a snapshot, or is computed here. */
export function assembleKnowledgeBase(
  parts: KnowledgeParts,
  indexData: IndexData = collectIndexData(parts),
  config: MatchingConfig = DEFAULT_CONFIG,
): KnowledgeBase {
  const claimById = new Map(parts.claims.map((claim) => [claim.id, claim]))
  return {
    sources: new Map(parts.sources.map((source) => [source.id, source])),
    claims: parts.claims,
    claimById,
    sameAs: groupSamePoints(parts.claims, claimById),
    topics: parts.topics,
    entities: parts.entities,
    terms: parts.terms,
    index: assembleAnswerIndex(parts, indexData, config),
  }
}

/**
 * The groups of claims that state the same point: `sameAs` read both ways and followed through chains, so a
 * curator lists each pair once, on either claim.
 */
function groupSamePoints(
  claims: readonly Claim[],
  claimById: ReadonlyMap<string, Claim>,
): Map<string, readonly Claim[]> {
  const groupOf = new Map<string, Set<Claim>>()
  const join = (a: Claim, b: Claim) => {
    const first = groupOf.get(a.id) ?? new Set([a])
    const second = groupOf.get(b.id) ?? new Set([b])
    if (first === second) return
    for (const claim of second) first.add(claim)
    for (const claim of first) groupOf.set(claim.id, first)
  }
  for (const claim of claims) {
    for (const id of claim.sameAs ?? []) {
      const other = claimById.get(id)
      if (other && other !== claim) join(claim, other)
    }
  }
  const order = new Map(claims.map((claim, position) => [claim, position]))
  const others = new Map<string, readonly Claim[]>()
  for (const [id, group] of groupOf) {
    const members = [...group].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    others.set(
      id,
      members.filter((claim) => claim.id !== id),
    )
  }
  return others
}
