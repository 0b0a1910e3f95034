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
  return {
    sources: new Map(parts.sources.map((source) => [source.id, source])),
    claims: parts.claims,
    claimById: new Map(parts.claims.map((claim) => [claim.id, claim])),
    topics: parts.topics,
    entities: parts.entities,
    terms: parts.terms,
    index: assembleAnswerIndex(parts, indexData, config),
  }
}
