/** Loading with every check: what tools, tests and a changed knowledge base go through. */
import { DEFAULT_CONFIG, type MatchingConfig } from '../answer/config.ts'
import type { Claim } from '../types.ts'
import { checkKnowledge } from './audit.ts'
import { loadDictionary } from './clean/dictionary.ts'
import { invalidKnowledgeError } from './issues.ts'
import { assembleKnowledgeBase, type KnowledgeBase, type KnowledgeParts } from './knowledge-base.ts'
import { knowledgeLayout } from './layout.ts'
import { type KnowledgeData, readKnowledge } from './read.ts'
import { servableDrafts, validateKnowledge } from './validate.ts'

/** The checked parts of parsed knowledge; throws an error listing every problem when invalid. */
export function checkedParts(data: KnowledgeData): KnowledgeParts {
  const issues = validateKnowledge(data)
  if (issues.length > 0) throw invalidKnowledgeError(issues, data.layout)
  return partsOf(data)
}

/** The parts of read knowledge; `drafts` are its servable drafted passages, when already worked out. */
function partsOf(
  data: KnowledgeData,
  drafts: readonly Claim[] = servableDrafts(data).claims,
): KnowledgeParts {
  return {
    sources: data.sources.map(({ meta }) => meta),
    // curated claims first: between equal matches, the earlier claim ranks first
    claims: [...data.claimSets.flatMap((set) => set.claims), ...drafts],
    topics: data.topics,
    entities: data.entities,
    terms: data.terms,
  }
}

/** Validate parsed knowledge and build its index. */
export function createKnowledgeBase(
  data: KnowledgeData,
  config: MatchingConfig = DEFAULT_CONFIG,
): KnowledgeBase {
  return assembleKnowledgeBase(checkedParts(data), undefined, config)
}

/**
 * What the bot answers from: a knowledge directory that passes every check \`kb check\` makes, the received
 * documents against their recorded hashes and the cleaned text against the cleaner's output included, so
 * that an edit made by hand to a raw document, a cleaned text and a quote together is refused, not served.
 * Throws the error \`kb check\` would print.
 */
export async function loadVerifiedKnowledge(
  root?: string,
  config: MatchingConfig = DEFAULT_CONFIG,
): Promise<KnowledgeBase> {
  const layout = knowledgeLayout(root)
  const { data, issues, drafts } = checkKnowledge(layout, await loadDictionary())
  if (issues.length > 0) throw invalidKnowledgeError(issues, layout)
  return assembleKnowledgeBase(partsOf(data, drafts), undefined, config)
}

/**
 * Read, check and index a knowledge directory (the shipped one by default): its files and quotes, not the
 * received documents against the cleaner, which tools that only read (the evaluation, the benchmark) skip.
 */
export function loadKnowledge(root?: string, config: MatchingConfig = DEFAULT_CONFIG): KnowledgeBase {
  const { data, issues } = readKnowledge(knowledgeLayout(root))
  if (issues.length > 0) throw invalidKnowledgeError([...issues, ...validateKnowledge(data)], data.layout)
  return createKnowledgeBase(data, config)
}
