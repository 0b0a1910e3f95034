/**
 * Answers a question from the knowledge base: the claims that answer it, best first, each with its
 * citation, or a plain "not in the knowledge base" with the nearest topics. Pure: no I/O, no logging.
 */
import { INTRODUCTION_SECTION } from '../knowledge/clean/clean-source.ts'
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import type { Answer, Citation, Claim, Match, SourceInfo, Topic } from '../types.ts'
import { analyzeField, type QueryUnit } from './analyze.ts'
import type { AnswerIndex } from './answer-index.ts'
import { questionKey, questionUnits } from './answer-index.ts'
import { ASKS_FOR_FIGURE, ASKS_FOR_NAMES, ASKS_FOR_TIME } from './config.ts'
import { explanationOf, type QuestionReading, readingOf } from './explain.ts'

export interface AskOptions {
  /** how many matches to return (default: the engine's maximum) */
  limit?: number
  /** skip this many matches first, for "more results" */
  offset?: number
  /** false: leave out each match's explanation, for `npm run bench` to measure what building it costs */
  explain?: boolean
}

/** A claim's standing against one question. */
export interface Scored {
  position: number
  /** weighted sum over the question's units of how well the claim contains each */
  score: number
  /** the share of the question's weight the claim contains, 0–1 */
  coverage: number
}

/** what a unit weighs in the question: its rarity in the knowledge base; a word it never uses, a set weight */
function unitWeight(unit: QueryUnit, index: AnswerIndex): number {
  const idf = unit.known ? index.idf.get(unit.term) : undefined
  return (idf ?? index.unseenIdf * index.config.unknownWordWeight) * unit.rarity
}

/**
 * what a unit counts for in the share of the question a claim holds: its everyday-English rarity, with its
 * rarity in the knowledge base only lowering it (a word nearly every claim holds says little), never raising
 * it — a word the documents use once is not for that reason what the question is about. A word they never
 * use counts for more: the question may be about something they do not cover.
 */
function coverageWeight(unit: QueryUnit, weight: number, index: AnswerIndex): number {
  const { coverageIdfCap, unknownWordCoverage, frameWordCoverage } = index.config
  const frame = unit.frame ? frameWordCoverage : 1
  if (!unit.known) return unknownWordCoverage * unit.rarity * frame
  return Math.min(weight, coverageIdfCap * unit.rarity) * frame
}

/** per-claim accumulators, reused from question to question so that answering allocates little */
interface Scratch {
  score: Float64Array
  covered: Float64Array
  touched: Uint32Array
}

const scratches = new WeakMap<AnswerIndex, Scratch>()

function scratchOf(index: AnswerIndex): Scratch {
  let scratch = scratches.get(index)
  if (!scratch) {
    const size = index.claims.length
    scratch = {
      score: new Float64Array(size),
      covered: new Float64Array(size),
      touched: new Uint32Array(size),
    }
    scratches.set(index, scratch)
  }
  return scratch
}

/** the `k`-th largest of `values` (1-based), rearranging them: Hoare's quickselect, linear on average */
function kthLargest(values: Float64Array, k: number): number {
  let low = 0
  let high = values.length - 1
  const target = k - 1
  while (low < high) {
    const pivot = values[(low + high) >>> 1] ?? 0
    let left = low
    let right = high
    while (left <= right) {
      while ((values[left] ?? 0) > pivot) left++
      while ((values[right] ?? 0) < pivot) right--
      if (left <= right) {
        const swap = values[left] ?? 0
        values[left] = values[right] ?? 0
        values[right] = swap
        left++
        right--
      }
    }
    if (target <= right) high = right
    else if (target >= left) low = left
    else break
  }
  return values[target] ?? 0
}

export interface ScoreOptions {
  /** how many of the best claims to return, sorted (every claim is scored; only these are ranked) */
  keep: number
  /** only claims for which this holds are ranked */
  accept?: (position: number) => boolean
}

/**
 * Score every claim that contains any unit of the question and return the best `keep`, best first.
 * `maxScore` is what a claim would score holding every unit in every field, to express scores as a share.
 */
export function scoreClaims(
  units: readonly QueryUnit[],
  index: AnswerIndex,
  { keep, accept }: ScoreOptions,
): { ranked: Scored[]; maxScore: number } {
  const { score, covered, touched } = scratchOf(index)
  let count = 0
  let total = 0
  let maxScore = 0
  for (const unit of units) {
    const weight = unitWeight(unit, index)
    const share = coverageWeight(unit, weight, index)
    total += share
    // the very words the user typed count for a little more than their synonyms; a phrase's words share it
    const exactTerms = unit.exactTerms ?? []
    const exactShare = index.config.exactWordBonus / Math.max(1, exactTerms.length)
    let exactWeight = 0
    for (const term of exactTerms) exactWeight += (index.idf.get(term) ?? 0) * exactShare
    maxScore += unit.factor * (weight + exactWeight) * index.config.maxWordWeight
    const postings = unit.known ? index.postings.get(unit.term) : undefined
    if (!postings) continue
    const idf = (index.idf.get(unit.term) ?? 0) * unit.rarity
    const coverage = share * unit.certainty
    for (let at = 0; at < postings.claims.length; at++) {
      const position = postings.claims[at] ?? 0
      // a claim's coverage is positive from its first unit on, so zero marks one not yet touched
      if (covered[position] === 0) touched[count++] = position
      score[position] =
        (score[position] ?? 0) + unit.factor * idf * (index.maskWeight[postings.fields[at] ?? 0] ?? 0)
      covered[position] = (covered[position] ?? 0) + (coverage > 0 ? coverage : Number.MIN_VALUE)
    }
    for (const term of exactTerms) {
      const exact = index.postings.get(term)
      if (!exact) continue
      const exactIdf = (index.idf.get(term) ?? 0) * exactShare
      for (let at = 0; at < exact.claims.length; at++) {
        const position = exact.claims[at] ?? 0
        if (covered[position] === 0) continue
        score[position] =
          (score[position] ?? 0) + unit.factor * exactIdf * (index.maskWeight[exact.fields[at] ?? 0] ?? 0)
      }
    }
  }
  let accepted = 0
  for (let at = 0; at < count; at++) {
    const position = touched[at] ?? 0
    if (!accept || accept(position)) touched[accepted++] = position
    else {
      score[position] = 0
      covered[position] = 0
    }
  }
  // with many matching claims, rank only those scoring at least the keep-th best score
  let threshold = Number.NEGATIVE_INFINITY
  if (accepted > keep * 4) {
    const values = new Float64Array(accepted)
    for (let at = 0; at < accepted; at++) values[at] = score[touched[at] ?? 0] ?? 0
    threshold = kthLargest(values, keep)
  }
  const ranked: Scored[] = []
  for (let at = 0; at < accepted; at++) {
    const position = touched[at] ?? 0
    const claimScore = score[position] ?? 0
    if (claimScore >= threshold) {
      const claimCovered = covered[position] ?? 0
      ranked.push({ position, score: claimScore, coverage: total > 0 ? claimCovered / total : 0 })
    }
    score[position] = 0
    covered[position] = 0
  }
  ranked.sort((a, b) => b.score - a.score || b.coverage - a.coverage || a.position - b.position)
  if (ranked.length > keep) ranked.length = keep
  return { ranked, maxScore }
}

/**
 * A value worked out for a claim when it is first a candidate, and kept per index (it depends on the
 * index's alias table): a table of every claim's, built at load, would cost memory in proportion to the
 * knowledge base for claims most questions never reach.
 */
function perCandidate<T>(compute: (claim: Claim | undefined, index: AnswerIndex) => T) {
  const byIndex = new WeakMap<AnswerIndex, Array<T | undefined>>()
  return (position: number, index: AnswerIndex): T => {
    let byPosition = byIndex.get(index)
    if (!byPosition) {
      byPosition = []
      byIndex.set(index, byPosition)
    }
    let value = byPosition[position]
    if (value === undefined) {
      value = compute(index.claims[position], index)
      byPosition[position] = value
    }
    return value
  }
}

/** The keys of a claim's example questions (`questionKey`). */
const exampleQuestionKeys = perCandidate((claim) => new Set((claim?.questions ?? []).map(questionKey)))

/** a pair of terms, in either order ("sharing intelligence" is "intelligence sharing") */
const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`)

/** The pairs of terms that stand next to each other in a claim's statement, quote or any example question. */
const claimPairs = perCandidate((claim, index) => {
  const pairs = new Set<string>()
  for (const text of claim ? [claim.statement, claim.quote, ...claim.questions] : []) {
    const { sequence } = analyzeField(text, index.aliases)
    for (let at = 1; at < sequence.length; at++)
      pairs.add(pairKey(sequence[at - 1] ?? '', sequence[at] ?? ''))
  }
  return pairs
})

/** the pairs of units that stand next to each other in the question, each weighing as its lighter unit */
function questionPairs(units: readonly QueryUnit[], weights: readonly number[]) {
  const inOrder = units
    .map((unit, at) => ({ unit, weight: weights[at] ?? 0 }))
    .sort((a, b) => a.unit.at - b.unit.at)
  const pairs: Array<{ key: string; weight: number }> = []
  for (let at = 1; at < inOrder.length; at++) {
    const first = inOrder[at - 1]
    const second = inOrder[at]
    if (first && second)
      pairs.push({
        key: pairKey(first.unit.term, second.unit.term),
        weight: Math.min(first.weight, second.weight),
      })
  }
  return pairs
}

/**
 * Re-rank the candidates by three signs that pooled scoring misses, each a factor on the score:
 * - how many of the question's neighbouring word pairs the claim holds as neighbours too, as the term
 *   proximity of a sequential dependence model does: a phrase asked is surer found whole than in pieces.
 * - how much of the question the claim holds at all (its coverage, raised to `coverageRankExponent`), as
 *   classic Lucene's coordination factor did: a claim holding a rare word of the question twice over should
 *   not outrank one that holds every word, and then be declined for what it lacks.
 * - whether the claim is about what the question asks about: one whose statement starts from an entity (a
 *   country, a team, a system…) the question does not name, while it names some, counts for less
 *   (`otherSubjectFactor`).
 */
function rerank(ranked: Scored[], units: readonly QueryUnit[], index: AnswerIndex): void {
  const { coverageRankExponent, wordPairBonus, otherSubjectFactor, unreviewedFactor } = index.config
  const weights = units.map((unit) => unitWeight(unit, index) * unit.certainty)
  const pairs = questionPairs(units, weights)
  const pairTotal = pairs.reduce((sum, pair) => sum + pair.weight, 0)
  const named = new Set(units.flatMap((unit) => (unit.term.startsWith('@') ? [unit.term] : [])))
  for (const entry of ranked) {
    let pairsHeld = 0
    if (wordPairBonus > 0 && pairTotal > 0) {
      const held = claimPairs(entry.position, index)
      for (const pair of pairs) if (held.has(pair.key)) pairsHeld += pair.weight
      pairsHeld /= pairTotal
    }
    entry.score *= (1 + wordPairBonus * pairsHeld) * entry.coverage ** coverageRankExponent
    const subject = index.subjects[entry.position] ?? ''
    if (named.size > 0 && subject && !named.has(subject)) entry.score *= otherSubjectFactor
    if (index.claims[entry.position]?.reviewed === false) entry.score *= unreviewedFactor
  }
  ranked.sort((a, b) => b.score - a.score || b.coverage - a.coverage || a.position - b.position)
}

/** the longer words of each claim's statement, computed once per claim */
const statementWords = new WeakMap<Claim, Set<string>>()
function statementWordSet(claim: Claim): Set<string> {
  let words = statementWords.get(claim)
  if (!words) {
    words = new Set(claim.statement.toLowerCase().match(/[a-z]{4,}/g) ?? [])
    statementWords.set(claim, words)
  }
  return words
}

/** Two claims that say nearly the same thing from the same passage, or in nearly the same words. */
function nearDuplicate(a: Claim, b: Claim): boolean {
  if (a.source === b.source && (a.quote.includes(b.quote) || b.quote.includes(a.quote))) return true
  const wordsA = statementWordSet(a)
  const wordsB = statementWordSet(b)
  let shared = 0
  for (const word of wordsA) if (wordsB.has(word)) shared++
  return shared / Math.max(1, Math.min(wordsA.size, wordsB.size)) > 0.8
}

/**
 * Order the candidates for reading: near-copies of an earlier match move to the end, and where the best
 * candidates argue different strategies, or come from different documents, the first `page` show both.
 */
function diversify(candidates: readonly Claim[], page: number): Claim[] {
  const ordered: Claim[] = []
  const copies: Claim[] = []
  for (const claim of candidates) {
    if (ordered.some((kept) => nearDuplicate(kept, claim))) copies.push(claim)
    else ordered.push(claim)
  }
  const firstPage = () => ordered.slice(0, page)
  const bringForward = (claim: Claim | undefined) => {
    if (!claim || firstPage().includes(claim)) return
    ordered.splice(ordered.indexOf(claim), 1)
    ordered.splice(Math.min(1, ordered.length), 0, claim)
  }
  const stances = new Set(firstPage().flatMap((claim) => (claim.stance ? [claim.stance] : [])))
  if (stances.size === 1) {
    const [present] = stances
    bringForward(ordered.find((claim) => claim.stance && claim.stance !== present))
  }
  const sources = new Set(firstPage().map((claim) => claim.source))
  if (sources.size === 1 && page > 1) {
    const other = ordered.find((claim) => !sources.has(claim.source))
    if (other && !firstPage().includes(other)) {
      ordered.splice(ordered.indexOf(other), 1)
      ordered.splice(page - 1, 0, other)
    }
  }
  return [...ordered, ...copies]
}

/**
 * The citation of a claim: its document's title, its section, its quote, and where the document says, a
 * link to it (to the section's heading in a Markdown document) and when it was last changed.
 */
export function citationOf(claim: Claim, kb: KnowledgeBase): Citation {
  const source = kb.sources.get(claim.source)
  const url = source?.url ? linkTo(source.url, source.format, claim.section) : undefined
  return {
    source: claim.source,
    title: source?.title ?? claim.source,
    section: claim.section,
    quote: claim.quote,
    ...(url ? { url } : {}),
    ...(source?.updated ? { updated: source.updated } : {}),
  }
}

/**
 * A link to a section of a published document. Markdown renderers (GitHub's, Jekyll's, most static sites')
 * give each heading an anchor made of its words, lower-case, hyphenated; that is linked to. A section named
 * after its parent (a repeated heading) or the introduction has no anchor of its own, so the link is to the
 * document; so is any section of an HTML or text document, whose anchors cannot be known.
 */
function linkTo(url: string, format: SourceInfo['format'], section: string): string {
  if (
    format !== 'markdown' ||
    section === INTRODUCTION_SECTION ||
    section.includes(' › ') ||
    url.includes('#')
  )
    return url
  const anchor = section
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-')
  return anchor ? `${url}#${anchor}` : url
}

const popularTopics = new WeakMap<KnowledgeBase, string[]>()

/** the knowledge base's topic ids, those with the most claims first (computed once per knowledge base) */
function topicsByClaims(kb: KnowledgeBase): string[] {
  let ids = popularTopics.get(kb)
  if (!ids) {
    const counts = new Map<string, number>()
    for (const claim of kb.claims)
      for (const topic of claim.topics) counts.set(topic, (counts.get(topic) ?? 0) + 1)
    ids = [...counts].sort((a, b) => b[1] - a[1]).map(([id]) => id)
    popularTopics.set(kb, ids)
  }
  return ids
}

/** the topics and example questions of the claims that came closest, for a no-answer */
function nearest(ranked: readonly Scored[], kb: KnowledgeBase): { suggestions: Topic[]; related: string[] } {
  const topicById = new Map(kb.topics.map((topic) => [topic.id, topic]))
  const close = ranked
    .slice(0, 5)
    .map((entry) => kb.index.claims[entry.position])
    .filter((c) => c !== undefined)
  const topicIds = close.flatMap((claim) => claim.topics)
  if (topicIds.length === 0) topicIds.push(...topicsByClaims(kb))
  const suggestions = [...new Set(topicIds)]
    .slice(0, 3)
    .map((id) => topicById.get(id))
    .filter((topic): topic is Topic => topic !== undefined)
  const related = close
    .slice(0, 3)
    .map((claim) => claim.questions[0])
    .filter((question): question is string => question !== undefined)
  return { suggestions, related }
}

/**
 * For a question that asks for a figure, a time, or the names of several things of one kind, the test a
 * claim must pass to answer it at all: it states a number, says when, or names at least two such things
 * besides those the question names. Undefined for other questions.
 */
function answersKind(
  question: string,
  units: readonly QueryUnit[],
  index: AnswerIndex,
): ((position: number) => boolean) | undefined {
  const tests: Array<(position: number) => boolean> = []
  if (ASKS_FOR_FIGURE.test(question)) tests.push((position) => index.statesFigure[position] === 1)
  if (ASKS_FOR_TIME.test(question)) tests.push((position) => index.statesTime[position] === 1)
  const names = ASKS_FOR_NAMES.find(({ pattern }) => pattern.test(question))
  if (names) {
    const named = new Set(units.flatMap((unit) => (unit.term.startsWith('@') ? [unit.term.slice(1)] : [])))
    tests.push((position) => {
      let others = 0
      for (const id of index.claims[position]?.entities ?? []) {
        if (!named.has(id) && names.kinds.includes(index.entityKinds.get(id) ?? '')) others++
      }
      return others >= 2
    })
  }
  if (tests.length === 0) return undefined
  return (position) => tests.every((test) => test(position))
}

/**
 * the claims a question's words reach, best first, what a claim holding every word would score, and the
 * units they were ranked by, which explain each match
 */
interface Ranking {
  ranked: Scored[]
  maxScore: number
  units: readonly QueryUnit[]
}

/** Every claim the question's words reach, best first; undefined when the question has no words to match. */
function rankClaims(question: string, index: AnswerIndex): Ranking | undefined {
  const { config } = index
  const units = questionUnits(question, index)
  if (units.length === 0) return undefined
  const accept = answersKind(question, units, index)
  let { ranked, maxScore } = scoreClaims(units, index, {
    // enough to fill every page of "more results" after near-copies and weak matches are set aside
    keep: config.maxCandidates * 2,
    ...(accept ? { accept } : {}),
  })
  rerank(ranked, units, index)
  // a claim listing the very question among its example questions answers first: what `kb teach` promises
  const key = questionKey(question)
  const listsIt = (entry: Scored) => exampleQuestionKeys(entry.position, index).has(key)
  if (ranked.some(listsIt)) ranked = [...ranked.filter(listsIt), ...ranked.filter((entry) => !listsIt(entry))]
  return { ranked, maxScore, units }
}

/** A claim the engine ranked for a question, with the share of the question's words it holds (0–1). */
export interface Candidate {
  claim: Claim
  coverage: number
}

/**
 * The answer to a question and the claims that come closest to it, best first, whether or not they pass the
 * abstention threshold: what a curator looks at to decide where a question the bot declined belongs. Both
 * come from one ranking.
 */
export function askWithClosest(
  question: string,
  kb: KnowledgeBase,
  limit = 3,
): { answer: Answer; closest: Candidate[] } {
  const ranking = rankClaims(question, kb.index)
  return { answer: answerFrom(question, kb, ranking), closest: closestOf(ranking, kb, limit) }
}

function closestOf(ranking: Ranking | undefined, kb: KnowledgeBase, limit: number): Candidate[] {
  if (!ranking) return []
  return ranking.ranked.slice(0, limit).flatMap((entry) => {
    const claim = kb.index.claims[entry.position]
    return claim ? [{ claim, coverage: Math.round(entry.coverage * 100) / 100 }] : []
  })
}

/** Answer a question from the knowledge base. */
export function ask(question: string, kb: KnowledgeBase, options: AskOptions = {}): Answer {
  return answerFrom(question, kb, rankClaims(question, kb.index), options)
}

function answerFrom(
  question: string,
  kb: KnowledgeBase,
  ranking: Ranking | undefined,
  options: AskOptions = {},
): Answer {
  const { index } = kb
  const { config } = index
  const limit = Math.max(1, Math.min(options.limit ?? config.maxMatches, config.maxMatches))
  const offset = Math.max(0, options.offset ?? 0)
  if (!ranking) return { kind: 'no-answer', question, reason: 'no-question', ...nearest([], kb) }
  const { ranked, maxScore } = ranking
  const best = ranked[0]
  const holdsEnough = (entry: Scored) =>
    entry.coverage >=
    (index.claims[entry.position]?.reviewed === false ? config.minCoverageUnreviewed : config.minCoverage)
  if (!best || !holdsEnough(best)) {
    return { kind: 'no-answer', question, reason: 'not-found', ...nearest(ranked, kb) }
  }
  const candidates: Scored[] = []
  for (const entry of ranked) {
    // pages past the last candidate kept are never read, and diversifying compares candidates pairwise
    if (candidates.length >= config.maxCandidates) break
    if (entry.score >= best.score * config.relativeCutoff && holdsEnough(entry)) candidates.push(entry)
  }
  // a claim that states the same point as a better one is not another answer: it corroborates that one
  const scoreOf = new Map<Claim, Scored>()
  for (const entry of candidates) {
    const claim = index.claims[entry.position]
    if (!claim) continue
    const same = kb.sameAs.get(claim.id) ?? []
    if (!same.some((other) => scoreOf.has(other))) scoreOf.set(claim, entry)
  }
  // arranged for the first page a chat reply shows whatever the page size asked for, so that a longer page
  // only adds matches after the same first ones
  const ordered = diversify([...scoreOf.keys()], config.firstPage)
  const page = ordered.slice(offset, offset + limit)
  // read once for the page: only which words each claim holds differs from match to match
  const reading: QuestionReading | undefined =
    options.explain !== false && page.length > 0 ? readingOf(ranking.units) : undefined
  const matches: Match[] = page.map((claim) => {
    const entry = scoreOf.get(claim)
    return {
      claim,
      citation: citationOf(claim, kb),
      corroborations: (kb.sameAs.get(claim.id) ?? []).map((other) => ({
        claim: other,
        citation: citationOf(other, kb),
      })),
      score: Math.round(Math.min(1, (entry?.score ?? 0) / maxScore) * 1000) / 1000,
      ...(reading && entry ? { explanation: explanationOf(reading, entry.position, index) } : {}),
    }
  })
  if (matches.length === 0) {
    return { kind: 'no-answer', question, reason: 'not-found', ...nearest(ranked, kb) }
  }
  return {
    kind: 'answered',
    question,
    matches,
    perspectives: offset === 0 && new Set(matches.flatMap(({ claim }) => claim.stance ?? [])).size > 1,
    hasMore: ordered.length > offset + limit,
  }
}
