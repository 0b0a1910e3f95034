/**
 * `npm run eval`: answer quality on the question set in tests/eval, per kind of question — top-1 and top-3
 * for questions the documents answer, the share correctly declined for those they do not, and how often a
 * declined answerable question is offered its right claim's example question to ask instead. The held-out
 * questions are reported apart: matching is tuned on the development questions only.
 *   --ablations   also score variants of the engine on the development questions, to justify each choice
 *   --misses      list the development questions answered wrongly
 *   --dev-only    score the development questions only (what tuning looks at)
 *   --folds       also ask each curated example question of a knowledge base built without it (five folds)
 *   --domain-only score only the second domain, a team handbook the engine was never tuned on
 * Last (in a full run), how long the first reply to each answered question of both domains reads on Slack
 * and on Discord (eval-replies.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Fuse from 'fuse.js'
import { load as parseYaml } from 'js-yaml'
import { ask } from '../answer/ask.ts'
import { DEFAULT_CONFIG, type MatchingConfig } from '../answer/config.ts'
import { assembleKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledge-base.ts'
import { DEFAULT_KNOWLEDGE_DIR } from '../knowledge/layout.ts'
import { loadKnowledge } from '../knowledge/load.ts'
import type { Claim } from '../types.ts'
import { combineSizes, measureReplies, reportReplySizes } from './eval-replies.ts'
import { evaluateDomain, readEvidenceQuestions } from './evidence-eval.ts'

interface EvalQuestion {
  q: string
  kind: string
  answers: string[]
}

/**
 * what a system says to a question: its answers, best first, or none to decline; each answer is the ids of
 * the claims it cites (a claim and those that make the same point, its `sameAs`). On a decline, `offered`
 * holds the claims whose example questions the no-answer offers to ask instead, given the same way.
 */
type System = (question: string) => { answers: (readonly string[])[]; offered?: (readonly string[])[] }

const KINDS = ['direct', 'paraphrase', 'alias', 'typo', 'keyword', 'unanswerable'] as const

function readQuestions(file: string): EvalQuestion[] {
  if (!existsSync(file)) throw new Error(`No question set at ${file}`)
  const value = parseYaml(readFileSync(file, 'utf8')) as { questions?: EvalQuestion[] }
  return value.questions ?? []
}

interface Tally {
  total: number
  top1: number
  top3: number
  declined: number
  /** answerable questions declined whose right claim the no-answer offers among its related questions */
  offered: number
}

const empty = (): Tally => ({ total: 0, top1: 0, top3: 0, declined: 0, offered: 0 })

function score(system: System, questions: readonly EvalQuestion[]) {
  const byKind = new Map<string, Tally>()
  const misses: string[] = []
  for (const question of questions) {
    const tally = byKind.get(question.kind) ?? empty()
    byKind.set(question.kind, tally)
    tally.total++
    const { answers, offered = [] } = system(question.q)
    const first = answers[0]?.join(' + ')
    if (answers.length === 0) tally.declined++
    if (question.answers.length === 0) {
      if (first) misses.push(`answered an unanswerable question: "${question.q}" → ${first}`)
      continue
    }
    const right = (ids: readonly string[] = []) => ids.some((id) => question.answers.includes(id))
    if (right(answers[0])) tally.top1++
    else
      misses.push(
        `${question.kind}: "${question.q}" → ${first ?? '(declined)'}; expected ${question.answers.join(', ')}`,
      )
    if (answers.slice(0, 3).some((ids) => right(ids))) tally.top3++
    if (answers.length === 0 && offered.some((ids) => right(ids))) tally.offered++
  }
  const answerable = empty()
  for (const [kind, tally] of byKind) {
    if (kind === 'unanswerable') continue
    answerable.total += tally.total
    answerable.top1 += tally.top1
    answerable.top3 += tally.top3
    answerable.declined += tally.declined
    answerable.offered += tally.offered
  }
  return { byKind, answerable, unanswerable: byKind.get('unanswerable') ?? empty(), misses }
}

const pct = (part: number, whole: number) =>
  whole === 0 ? '   —  ' : `${((part / whole) * 100).toFixed(1).padStart(5)}%`

function report(title: string, result: ReturnType<typeof score>) {
  console.log(`\n${title}`)
  console.log('  kind           n    top-1    top-3   declined')
  for (const kind of KINDS) {
    const tally = result.byKind.get(kind)
    if (!tally) continue
    const declined = pct(tally.declined, tally.total)
    if (kind === 'unanswerable') {
      console.log(
        `  ${kind.padEnd(13)}${String(tally.total).padStart(4)}       —        —   ${declined}  ← correctly declined`,
      )
    } else {
      console.log(
        `  ${kind.padEnd(13)}${String(tally.total).padStart(4)}  ${pct(tally.top1, tally.total)}  ${pct(tally.top3, tally.total)}   ${declined}`,
      )
    }
  }
  const { answerable, unanswerable } = result
  console.log(
    `  answerable   ${String(answerable.total).padStart(4)}  ${pct(answerable.top1, answerable.total)}  ${pct(answerable.top3, answerable.total)}   ${pct(answerable.declined, answerable.total)}`,
  )
  console.log(
    `  unanswerable ${String(unanswerable.total).padStart(4)}  correctly declined ${pct(unanswerable.declined, unanswerable.total)}`,
  )
  if (answerable.offered > 0) {
    console.log(
      `  of the ${answerable.declined} answerable questions declined, ${answerable.offered} offer the right claim's example question to ask instead`,
    )
  }
}

/**
 * the engine; `credit: 'own claim'` counts only each match's own claim, not those that make the same point.
 * A no-answer's related questions are read back to the claims (with those making the same point) they are
 * example questions of.
 */
function engine(kb: KnowledgeBase, credit: 'same point' | 'own claim' = 'same point'): System {
  const claimOf = new Map(kb.claims.flatMap((claim) => claim.questions.map((question) => [question, claim])))
  return (question) => {
    const answer = ask(question, kb, { limit: 3 })
    if (answer.kind === 'no-answer') {
      const offered = answer.related.flatMap((related) => {
        const claim = claimOf.get(related)
        return claim ? [[claim.id, ...(kb.sameAs.get(claim.id) ?? []).map((other) => other.id)]] : []
      })
      return { answers: [], offered }
    }
    const answers = answer.matches.map((match) =>
      [match.claim, ...(credit === 'same point' ? match.corroborations.map((other) => other.claim) : [])].map(
        (claim) => claim.id,
      ),
    )
    return { answers }
  }
}

/**
 * The baseline the engine is measured against: Fuse.js with its default options over each claim's statement,
 * quote and example questions, matching the whole question; it declines when Fuse.js finds nothing.
 */
function naiveFuse(kb: KnowledgeBase): System {
  const fuse = new Fuse([...kb.claims], { keys: ['statement', 'quote', 'questions'] })
  return (question) => ({ answers: fuse.search(question, { limit: 3 }).map((result) => [result.item.id]) })
}

/** the knowledge base rebuilt with changed settings, without its aliases or sameAs, or with other claims */
function variant(
  kb: KnowledgeBase,
  change: Partial<MatchingConfig>,
  strip?: 'aliases' | 'sameAs',
  claims: readonly Claim[] = kb.claims,
): KnowledgeBase {
  const config = { ...DEFAULT_CONFIG, ...change }
  const parts = {
    sources: [...kb.sources.values()],
    claims: strip === 'sameAs' ? claims.map(({ sameAs: _, ...claim }) => claim) : claims,
    topics: kb.topics,
    entities: strip === 'aliases' ? [] : kb.entities,
    terms: strip === 'aliases' ? [] : kb.terms,
  }
  return assembleKnowledgeBase(parts, undefined, config)
}

function ablations(kb: KnowledgeBase, dev: readonly EvalQuestion[]) {
  console.log('\nAblations on the development questions (answerable top-1 / unanswerable declined):')
  const line = (name: string, system: System) => {
    const result = score(system, dev)
    console.log(
      `  ${name.padEnd(52)} ${pct(result.answerable.top1, result.answerable.total)}  ${pct(result.unanswerable.declined, result.unanswerable.total)}`,
    )
  }
  line('engine as configured', engine(kb))
  line('naive Fuse.js over claims (whole question)', naiveFuse(kb))
  line('without the alias table', engine(variant(kb, {}, 'aliases')))
  line('without sameAs (claims making the same point apart)', engine(variant(kb, {}, 'sameAs')))
  line('crediting only the first claim of a sameAs group', engine(kb, 'own claim'))
  line('without spelling correction', engine(variant(kb, { spellingThreshold: 0 })))
  line('without the exact-word bonus', engine(variant(kb, { exactWordBonus: 0 })))
  line('without the word-pair bonus', engine(variant(kb, { wordPairBonus: 0 })))
  line('without the coverage factor in ranking', engine(variant(kb, { coverageRankExponent: 0 })))
  line('claims about a country not asked about counted alike', engine(variant(kb, { otherSubjectFactor: 1 })))
  line('coverage factor squared', engine(variant(kb, { coverageRankExponent: 2 })))
  line('coverage weighing knowledge-base rarity uncapped', engine(variant(kb, { coverageIdfCap: Infinity })))
  const only = (field: keyof MatchingConfig['fieldWeights']) => {
    const weights = { questions: 0, statement: 0, quote: 0, section: 0, topics: 0, entities: 0, context: 0 }
    weights[field] = 1
    return engine(variant(kb, { fieldWeights: weights }))
  }
  line('statement field only', only('statement'))
  line('quote field only', only('quote'))
  line('example-questions field only', only('questions'))
  const equal = { questions: 1, statement: 1, quote: 1, section: 1, topics: 1, entities: 1, context: 1 }
  line('all fields weighted equally', engine(variant(kb, { fieldWeights: equal })))
  line('without weighing words by everyday-English commonness', engine(variant(kb, { commonWordFloor: 1 })))
  for (const floor of [0.1, 0.3, 0.5])
    line(`common-word floor ${floor}`, engine(variant(kb, { commonWordFloor: floor })))
  for (const weight of [0.3, 0.7, 1])
    line(`unknown-word weight ${weight}`, engine(variant(kb, { unknownWordWeight: weight })))
  for (const weight of [1, 2])
    line(`unknown-word coverage ${weight}`, engine(variant(kb, { unknownWordCoverage: weight })))
  for (const weight of [0, 1])
    line(`frame-word coverage ${weight}`, engine(variant(kb, { frameWordCoverage: weight })))
  for (const minCoverage of [0.4, 0.5, 0.55, 0.6, 0.65, 0.68, 0.7, 0.8]) {
    line(`abstention threshold (coverage) ${minCoverage}`, engine(variant(kb, { minCoverage })))
  }
}

/**
 * How well the curated example questions stand in for questions nobody wrote down: each fifth of them is
 * asked of a knowledge base built without that fifth, and counts when its claim (or one making the same
 * point) comes first; and how often it would, were the bot never to decline.
 */
function folds(kb: KnowledgeBase) {
  const asked = kb.claims.flatMap((claim) => claim.questions.map((question) => ({ claim, question })))
  const FOLDS = 5
  let first = 0
  let firstIfAnswered = 0
  for (let fold = 0; fold < FOLDS; fold++) {
    const held = asked.filter((_, at) => at % FOLDS === fold)
    const heldQuestions = new Set(held.map(({ question }) => question))
    const claims = kb.claims.map((claim) => ({
      ...claim,
      questions: claim.questions.filter((question) => !heldQuestions.has(question)),
    }))
    const answering = engine(variant(kb, {}, undefined, claims))
    const neverDeclining = engine(variant(kb, { minCoverage: 0 }, undefined, claims))
    for (const { claim, question } of held) {
      if (answering(question).answers[0]?.includes(claim.id)) first++
      if (neverDeclining(question).answers[0]?.includes(claim.id)) firstIfAnswered++
    }
  }
  console.log(
    `\nThe ${asked.length} example questions, each asked of a knowledge base built without its fifth of them: ` +
      `${pct(first, asked.length).trim()} find their claim first; ${pct(firstIfAnswered, asked.length).trim()} would if the bot never declined.`,
  )
}

async function main() {
  const { values } = parseArgs({
    options: {
      ablations: { type: 'boolean' },
      misses: { type: 'boolean' },
      'dev-only': { type: 'boolean' },
      folds: { type: 'boolean' },
      'domain-only': { type: 'boolean' },
    },
  })
  const evalDir = join(DEFAULT_KNOWLEDGE_DIR, '..', 'tests', 'eval')
  const handbook = join(evalDir, 'tts-handbook')
  const handbookQuestions = {
    dev: readEvidenceQuestions(join(handbook, 'questions.dev.yaml')),
    heldout: readEvidenceQuestions(join(handbook, 'questions.heldout.yaml')),
  }
  await evaluateDomain({
    name: 'the TTS Handbook (leave, travel FAQ, equipment, benefits)',
    knowledgeDir: join(handbook, 'knowledge'),
    ...handbookQuestions,
    devOnly: values['dev-only'] === true,
    misses: values.misses === true,
  })
  if (values['domain-only']) return
  const dev = readQuestions(join(evalDir, 'questions.dev.yaml'))
  const heldout = readQuestions(join(evalDir, 'questions.heldout.yaml'))
  const kb = loadKnowledge()
  console.log(`Evaluation on the shipped knowledge base (${kb.claims.length} claims).`)
  const devResult = score(engine(kb), dev)
  report(`Development questions (${dev.length}; matching is tuned on these)`, devResult)
  if (values.ablations) ablations(kb, dev)
  if (values.misses) for (const miss of devResult.misses) console.log(`  miss: ${miss}`)
  if (values.folds) folds(kb)
  if (values['dev-only']) return
  const heldResult = score(engine(kb), heldout)
  report(`Held-out questions (${heldout.length}; never tuned on)`, heldResult)
  report(`Baseline, naive Fuse.js over claims, held-out questions`, score(naiveFuse(kb), heldout))
  const { answerable, unanswerable } = heldResult
  console.log(
    `\nHeld-out: top-1 ${pct(answerable.top1, answerable.total).trim()} of answerable (target ≥ 90%), ` +
      `${pct(unanswerable.declined, unanswerable.total).trim()} of unanswerable declined (target ≥ 90%).`,
  )
  // every answered question of both domains, as the target counts them
  const shipped = measureReplies(
    kb,
    [...dev, ...heldout].map((question) => question.q),
  )
  const handbookSizes = measureReplies(
    loadKnowledge(join(handbook, 'knowledge')),
    [...handbookQuestions.dev, ...handbookQuestions.heldout].map((question) => question.q),
  )
  reportReplySizes([
    { name: 'shipped, development + held-out', sizes: shipped },
    { name: 'TTS Handbook, development + held-out', sizes: handbookSizes },
    { name: 'both', sizes: combineSizes(shipped, handbookSizes) },
  ])
}

await main()
