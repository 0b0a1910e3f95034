/** Loading with every check: what tools, tests and a changed knowledge base go through. */
import { DEFAULT_CONFIG, type MatchingConfig } from '../answer/config.ts'
import { invalidKnowledgeError } from './issues.ts'
import { assembleKnowledgeBase, type KnowledgeBase, type KnowledgeParts } from './knowledge-base.ts'
import { knowledgeLayout } from './layout.ts'
import { type KnowledgeData, readKnowledge } from './read.ts'
import { servableDrafts, validateKnowledge } from './validate.ts'

/** The checked parts of parsed knowledge; throws an error listing every problem when invalid. */
export function checkedParts(data: KnowledgeData): KnowledgeParts {
  const issues = validateKnowledge(data)
  if (issues.length > 0) throw invalidKnowledgeError(issues, data.layout)
  return {
    sources: data.sources.map(({ meta }) => meta),
    // curated claims first: between equal matches, the earlier claim ranks first
    claims: [...data.claimSets.flatMap((set) => set.claims), ...servableDrafts(data).claims],
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

/** Read, check and index a knowledge directory (the shipped one by default). */
export function loadKnowledge(root?: string, config: MatchingConfig = DEFAULT_CONFIG): KnowledgeBase {
  const { data, issues } = readKnowledge(knowledgeLayout(root))
  if (issues.length > 0) throw invalidKnowledgeError([...issues, ...validateKnowledge(data)], data.layout)
  return createKnowledgeBase(data, config)
}
