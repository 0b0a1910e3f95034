/**
 * `npm run bench`: how fast the bot answers and how much memory it takes, checked against the targets.
 *   - per-question latency (median, p99) of the engine on the shipped knowledge base and on synthetic
 *     knowledge bases of 10,000 and 100,000 claims, with a naive Fuse.js scan over the same claims beside it;
 *   - the time to build the index and the memory it holds at each size;
 *   - the time from process start until the bot can answer, on a cold start (no snapshot) and a warm one;
 *   - a team's own documents: \`kb add\` of a 50-page Markdown document, and the shipped knowledge base with
 *     1,000 passages not yet reviewed beside it (start-up and latency);
 *   - the time the event store adds to each answer, and two replicas sharing PostgreSQL and Redis under
 *     load (bench-replicas.ts).
 *     --quick          fewer questions and repetitions (a smoke run)
 *     --no-startup     skip the start-up measurement
 *     --no-replicas    skip the replicas and PostgreSQL (no servers started)
 *     --replicas-only  only the event store and the replicas
 */
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import Fuse from 'fuse.js'
import { load as parseYaml } from 'js-yaml'
import { ask } from '../answer/ask.ts'
import { assembleKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledge-base.ts'
import { DEFAULT_KNOWLEDGE_DIR } from '../knowledge/layout.ts'
import { loadKnowledge } from '../knowledge/load.ts'
import type { Claim } from '../types.ts'
import { ms, quantile, verdict } from './bench-figures.ts'
import { benchStoreAndReplicas } from './bench-replicas.ts'

/** the targets the project holds itself to (see the README) */
const TARGETS = {
  shippedP99Ms: 2,
  largeP99Ms: 20,
  readyMs: 500,
  addMs: 5000,
  // whole commands as typed in a shell, spawn to ready or to exit
  npmStartReadyMs: 500,
  npmAskMs: 700,
  nodeAskMs: 400,
}

/** a small, seeded random generator, so every run benchmarks the same synthetic claims and questions */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Timing {
  median: number
  p99: number
  samples: number
}

/** time each question `rounds` times after a warm-up round; every single call is a sample */
function timeQuestions(answer: (question: string) => unknown, questions: readonly string[], rounds: number) {
  for (const question of questions) answer(question)
  const samples: number[] = []
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const start = performance.now()
      answer(question)
      samples.push(performance.now() - start)
    }
  }
  samples.sort((a, b) => a - b)
  return { median: quantile(samples, 0.5), p99: quantile(samples, 0.99), samples: samples.length }
}

/**
 * What building each match's explanation adds to answering: every question answered with and without,
 * alternately and in turn first, so that noise falls on both alike; p99 of each and their difference.
 */
export function timeExplanations(kb: KnowledgeBase, questions: readonly string[], rounds: number) {
  for (const question of questions) ask(question, kb, { limit: 5 })
  const plain: number[] = []
  const explained: number[] = []
  const time = (question: string, explain: boolean, into: number[]) => {
    const start = performance.now()
    ask(question, kb, { limit: 5, explain })
    into.push(performance.now() - start)
  }
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      if (round % 2 === 0) {
        time(question, false, plain)
        time(question, true, explained)
      } else {
        time(question, true, explained)
        time(question, false, plain)
      }
    }
  }
  plain.sort((a, b) => a - b)
  explained.sort((a, b) => a - b)
  const without = quantile(plain, 0.99)
  const withExplanations = quantile(explained, 0.99)
  return { without, withExplanations, delta: withExplanations - without, samples: plain.length }
}

/** the most building explanations may add to an answer's p99 (the "Beyond the anchors") */
const EXPLANATION_P99_MS = 0.1

function explanationLine(label: string, cost: ReturnType<typeof timeExplanations>) {
  console.log(
    `  ${label.padEnd(22)} explanations: p99 ${ms(cost.without)} ms without, ${ms(cost.withExplanations)} ms with, +${ms(Math.max(0, cost.delta))} ms  ${verdict(cost.delta, EXPLANATION_P99_MS)}   (${cost.samples} answers each)`,
  )
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`

function engineOf(kb: KnowledgeBase) {
  return (question: string) => ask(question, kb, { limit: 5 })
}

/** the baseline: Fuse.js with its defaults over each claim's statement, quote and questions, whole question */
function naiveFuseOf(claims: readonly Claim[]) {
  const fuse = new Fuse([...claims], { keys: ['statement', 'quote', 'questions'] })
  return (question: string) => fuse.search(question, { limit: 5 })
}

function shippedQuestions(kb: KnowledgeBase): string[] {
  const evalDir = join(DEFAULT_KNOWLEDGE_DIR, '..', 'tests', 'eval')
  const questions: string[] = []
  for (const file of ['questions.dev.yaml', 'questions.heldout.yaml']) {
    const path = join(evalDir, file)
    if (!existsSync(path)) continue
    const set = parseYaml(readFileSync(path, 'utf8')) as { questions?: { q: string }[] }
    for (const item of set.questions ?? []) questions.push(item.q)
  }
  // without the evaluation set (a knowledge base of one's own), the curated questions stand in
  return questions.length > 0 ? questions : kb.claims.flatMap((claim) => claim.questions)
}

/**
 * A synthetic knowledge base of `count` claims written in the shipped knowledge base's words, so its
 * vocabulary, word frequencies and claim lengths are those of real curated claims, with the shipped
 * entities, topics and alias table.
 */
export function syntheticKnowledgeBase(
  shipped: KnowledgeBase,
  count: number,
  random: () => number,
): KnowledgeBase {
  const words = shipped.claims.flatMap((claim) =>
    `${claim.statement} ${claim.quote} ${claim.questions.join(' ')}`.split(/\s+/).filter(Boolean),
  )
  // every word gets variants ("sanctions7") so that the vocabulary grows with the knowledge base, as a real one does
  const variety = Math.max(1, Math.round(count / 500))
  const word = () => {
    const base = words[Math.floor(random() * words.length)] ?? 'claim'
    const variant = Math.floor(random() * variety)
    return variant === 0 ? base : `${base.replace(/\W+$/, '')}${variant}`
  }
  const sentence = (length: number) => Array.from({ length }, word).join(' ')
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T
  const source = [...shipped.sources.values()][0]
  if (!source) throw new Error('The shipped knowledge base has no source to model synthetic claims on')
  const claims: Claim[] = Array.from({ length: count }, (_, at) => {
    const statement = sentence(14 + Math.floor(random() * 14))
    return {
      id: `synthetic/claim-${at}`,
      statement,
      quote: statement,
      source: source.id,
      section: sentence(4),
      topics: [pick(shipped.topics).id],
      entities: [pick(shipped.entities).id, pick(shipped.entities).id],
      questions: [sentence(6 + Math.floor(random() * 5)), sentence(6 + Math.floor(random() * 5))],
    }
  })
  return assembleKnowledgeBase({
    sources: [source],
    claims,
    topics: shipped.topics,
    entities: shipped.entities,
    terms: shipped.terms,
  })
}

/** questions over a synthetic knowledge base: claims' own questions, some with a typo, some of stray words */
export function syntheticQuestions(kb: KnowledgeBase, count: number, random: () => number): string[] {
  const typo = (text: string) => {
    const at = 1 + Math.floor(random() * (text.length - 2))
    return text.slice(0, at) + text.slice(at + 1, at + 2) + text.slice(at, at + 1) + text.slice(at + 2)
  }
  return Array.from({ length: count }, (_, at) => {
    const claim = kb.claims[Math.floor(random() * kb.claims.length)] as Claim
    const question = claim.questions[0] ?? claim.statement
    if (at % 4 === 0) return typo(question)
    if (at % 4 === 1) return 'what is the population of pyongyang in 2031'
    return question
      .split(' ')
      .slice(0, 4 + (at % 5))
      .join(' ')
  })
}

function heapUsed(): number {
  globalThis.gc?.()
  return process.memoryUsage().heapUsed
}

function benchSize(shipped: KnowledgeBase, count: number, quick: boolean) {
  const random = seededRandom(count)
  const before = heapUsed()
  const buildStart = performance.now()
  const kb = syntheticKnowledgeBase(shipped, count, random)
  const buildMs = performance.now() - buildStart
  const held = heapUsed() - before
  const questions = syntheticQuestions(kb, quick ? 100 : 400, random)
  const engine = timeQuestions(engineOf(kb), questions, quick ? 1 : 3)
  // the naive scan takes seconds per question at this size, so a handful of questions says enough
  const naiveQuestions = questions.slice(0, count >= 100_000 ? 3 : quick ? 5 : 20)
  const naive = timeQuestions(naiveFuseOf(kb.claims), naiveQuestions, 1)
  return { kb, buildMs, held, engine, naive }
}

function line(label: string, engine: Timing, naive: Timing, target: number) {
  console.log(
    `  ${label.padEnd(22)} engine median ${ms(engine.median).padStart(7)} ms  p99 ${ms(engine.p99).padStart(7)} ms  ${verdict(engine.p99, target)}   (${engine.samples} answers)`,
  )
  console.log(
    `  ${''.padEnd(22)} naive  median ${ms(naive.median).padStart(7)} ms  p99 ${ms(naive.p99).padStart(7)} ms   (${naive.samples} answers)`,
  )
}

/** milliseconds until `node dist/main.js` reports it can answer, as the process measures it */
function timeStartup(mainFile: string, knowledgeDir?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainFile, '--report-ready'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: {
        ...process.env,
        SLACK_BOT_TOKEN: '',
        DISCORD_TOKEN: '',
        DISCORD_APPLICATION_ID: '',
        ...(knowledgeDir ? { KNOWLEDGE_DIR: knowledgeDir } : {}),
      },
    })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
    })
    child.stdin.end()
    child.on('error', reject)
    child.on('close', () => {
      const ready = /ready_ms=([\d.]+)/.exec(stderr)?.[1]
      if (ready) resolve(Number(ready))
      else reject(new Error(`the bot did not report ready: ${stderr.trim().slice(0, 300)}`))
    })
  })
}

async function benchStartup(runs: number) {
  const distDir = dirname(dirname(fileURLToPath(import.meta.url)))
  const mainFile = join(distDir, 'main.js')
  if (!existsSync(mainFile)) {
    console.log('\nStart-up: skipped (run through `npm run bench`, which builds dist/ first).')
    return
  }
  const cacheDir = join(distDir, '..', 'node_modules', '.cache', 'cited-answers')
  const cold: number[] = []
  const warm: number[] = []
  for (let run = 0; run < runs; run++) {
    rmSync(cacheDir, { recursive: true, force: true })
    cold.push(await timeStartup(mainFile))
    warm.push(await timeStartup(mainFile))
  }
  for (let run = 0; run < runs; run++) warm.push(await timeStartup(mainFile))
  cold.sort((a, b) => a - b)
  warm.sort((a, b) => a - b)
  const median = (values: number[]) => quantile(values, 0.5)
  console.log('\nStart-up of `npm start` on the shipped knowledge base (process start → ready to answer):')
  console.log(
    `  warm (snapshot in node_modules/.cache)   median ${ms(median(warm))} ms  worst ${ms(warm.at(-1) ?? 0)} ms  ${verdict(median(warm), TARGETS.readyMs)}  (${warm.length} runs)`,
  )
  console.log(
    `  cold (first start after a change)         median ${ms(median(cold))} ms  worst ${ms(cold.at(-1) ?? 0)} ms  (${cold.length} runs: checks every quote and builds the index)`,
  )
}

/**
 * Milliseconds from spawning `command` in the project's folder until `done` says so of the output seen
 * (or, without `done`, until it exits), as a person timing the command in a shell would see it.
 */
function timeCommand(
  command: string,
  args: readonly string[],
  projectRoot: string,
  done?: (stderr: string) => boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(command, args, {
      cwd: projectRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' },
    })
    let stderr = ''
    let finished = false
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
      if (!finished && done?.(stderr)) {
        finished = true
        resolve(performance.now() - start)
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (finished) return
      if (code === 0 && !done) resolve(performance.now() - start)
      else reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim().slice(0, 300)}`))
    })
  })
}

/**
 * The commands of the README as a user types them, whole process, on a warm snapshot: what a person
 * waits for, npm's own start-up included.
 */
async function benchCommands(runs: number) {
  const distDir = dirname(dirname(fileURLToPath(import.meta.url)))
  const projectRoot = dirname(distDir)
  const mainFile = join(distDir, 'main.js')
  if (!existsSync(mainFile)) return
  const question = 'what does iran contribute?'
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const commands: Array<{ label: string; target?: number; time: () => Promise<number> }> = [
    {
      label: '`npm start` to ready',
      target: TARGETS.npmStartReadyMs,
      time: () =>
        timeCommand(npm, ['start', '--', '--report-ready'], projectRoot, (stderr) =>
          stderr.includes('ready_ms='),
        ),
    },
    {
      label: '`npm run ask -- "…"`',
      target: TARGETS.npmAskMs,
      time: () => timeCommand(npm, ['run', 'ask', '--', question], projectRoot),
    },
    {
      label: '`node dist/main.js ask "…"`',
      target: TARGETS.nodeAskMs,
      time: () => timeCommand(process.execPath, [mainFile, 'ask', question], projectRoot),
    },
    {
      label: '`npx cited-answers ask "…"`',
      time: () => timeCommand('npx', ['cited-answers', 'ask', question], projectRoot),
    },
  ]
  // one run first, so the snapshot is warm
  await commands[2]?.time()
  console.log('\nCommands as typed in a shell, whole process (spawn → ready, or → exit), warm snapshot:')
  for (const { label, target, time } of commands) {
    const times: number[] = []
    for (let run = 0; run < runs; run++) times.push(await time())
    times.sort((a, b) => a - b)
    const median = quantile(times, 0.5)
    console.log(
      `  ${label.padEnd(30)} median ${ms(median)} ms  worst ${ms(times.at(-1) ?? 0)} ms  ${target ? verdict(median, target) : '(no target)'}  (${runs} runs)`,
    )
  }
}

/** milliseconds a whole \`kb\` process takes, from spawn to exit; rejects when it fails */
function timeProcess(file: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - start)
      else reject(new Error(`${args.join(' ')} failed: ${stderr.trim().slice(0, 300)}`))
    })
  })
}

/** the handbook pages kept with the evaluation (Markdown as published), the raw material of a team's own */
function handbookPages(): string[] {
  const dir = join(DEFAULT_KNOWLEDGE_DIR, '..', 'tests', 'eval', 'tts-handbook', 'knowledge', 'sources')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.raw.txt'))
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'))
}

/** a page of a printed document, in characters (about 500 words) */
const PAGE_CHARS = 3000

/**
 * A team's own documents: \`kb add\` of a 50-page Markdown document, whole-process; then the shipped knowledge
 * base with at least 1,000 drafted passages beside it, not yet reviewed: start-up, and per-question latency.
 */
async function benchOwnDocuments(quick: boolean) {
  const distDir = dirname(dirname(fileURLToPath(import.meta.url)))
  const kbFile = join(distDir, 'cli', 'kb.js')
  const mainFile = join(distDir, 'main.js')
  const pages = handbookPages()
  if (!existsSync(kbFile) || pages.length === 0) {
    console.log(
      "\nA team's own documents: skipped (run through `npm run bench` in the project, which builds dist/).",
    )
    return
  }
  const work = mkdtempSync(join(tmpdir(), 'cited-answers-bench-'))
  try {
    // 50 pages of real handbook Markdown: the pages one after another, each body under a numbered part
    const parts: string[] = []
    for (let part = 1; parts.join('\n').length < 50 * PAGE_CHARS; part++) {
      const page = pages[(part - 1) % pages.length] ?? ''
      parts.push(`## Part ${part}\n\n${page.replace(/^---[\s\S]*?\n---\n/, '')}`)
    }
    const document = join(work, 'handbook.md')
    writeFileSync(document, `---\ntitle: Team Handbook\n---\n\n${parts.join('\n\n')}`)
    const bytes = readFileSync(document).length
    const adds: number[] = []
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      const dir = join(work, `add-${run}`)
      await timeProcess(kbFile, ['init', dir])
      adds.push(await timeProcess(kbFile, ['add', document, '--knowledge', dir]))
    }
    adds.sort((a, b) => a - b)
    console.log("\nA team's own documents:")
    console.log(
      `  kb add of a ${Math.round(bytes / PAGE_CHARS)}-page Markdown document (${Math.round(bytes / 1024)} KiB), whole process: median ${ms(quantile(adds, 0.5))} ms  ${verdict(quantile(adds, 0.5), TARGETS.addMs)}  (${adds.length} runs)`,
    )

    // the shipped knowledge base, and handbook pages added beside it until 1,000 passages wait for review
    const dir = join(work, 'knowledge')
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true })
    let copy = 0
    while (loadKnowledge(dir).claims.filter((claim) => claim.reviewed === false).length < 1000) {
      const page = pages[copy % pages.length] ?? ''
      const file = join(work, `page-${copy}.md`)
      writeFileSync(file, page)
      await timeProcess(kbFile, ['add', file, '--id', `page-${copy}`, '--knowledge', dir])
      copy++
    }
    const kb = loadKnowledge(dir)
    const unreviewed = kb.claims.filter((claim) => claim.reviewed === false).length
    const cacheDir = join(distDir, '..', 'node_modules', '.cache', 'cited-answers')
    const cold: number[] = []
    const warm: number[] = []
    for (let run = 0; run < (quick ? 1 : 5); run++) {
      rmSync(cacheDir, { recursive: true, force: true })
      cold.push(await timeStartup(mainFile, dir))
      warm.push(await timeStartup(mainFile, dir))
    }
    rmSync(cacheDir, { recursive: true, force: true })
    cold.sort((a, b) => a - b)
    warm.sort((a, b) => a - b)
    const label = `shipped + ${unreviewed} unreviewed`
    console.log(
      `  start-up, ${label}: warm median ${ms(quantile(warm, 0.5))} ms  ${verdict(quantile(warm, 0.5), TARGETS.readyMs)}; cold median ${ms(quantile(cold, 0.5))} ms`,
    )
    const questions = [...shippedQuestions(kb), ...kb.claims.flatMap((claim) => claim.questions)].slice(
      0,
      2000,
    )
    const engine = timeQuestions(engineOf(kb), questions, quick ? 1 : 5)
    const naive = timeQuestions(naiveFuseOf(kb.claims), questions.slice(0, 50), 1)
    line(`${kb.claims.length} claims and passages`, engine, naive, TARGETS.shippedP99Ms)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      'no-startup': { type: 'boolean' },
      'no-replicas': { type: 'boolean' },
      'replicas-only': { type: 'boolean' },
    },
  })
  const quick = values.quick === true
  console.log(`Benchmark on Node ${process.version}, ${process.platform}/${process.arch}.`)
  if (!globalThis.gc)
    console.log('(run with node --expose-gc for exact memory figures; `npm run bench` does)')

  const shipped = loadKnowledge()
  const questions = shippedQuestions(shipped)
  const storeAndReplicas = () =>
    benchStoreAndReplicas({
      mainFile: join(dirname(dirname(fileURLToPath(import.meta.url))), 'main.js'),
      kb: shipped,
      questions,
      quick,
      servers: values['no-replicas'] !== true,
    })
  if (values['replicas-only']) {
    await storeAndReplicas()
    return
  }
  console.log(
    '\nPer-question latency (engine: `ask`, up to 5 matches; naive: Fuse.js over the whole question)',
  )
  const shippedEngine = timeQuestions(engineOf(shipped), questions, quick ? 3 : 20)
  const shippedNaive = timeQuestions(naiveFuseOf(shipped.claims), questions, quick ? 1 : 3)
  line(`shipped (${shipped.claims.length} claims)`, shippedEngine, shippedNaive, TARGETS.shippedP99Ms)
  explanationLine(
    `shipped (${shipped.claims.length} claims)`,
    timeExplanations(shipped, questions, quick ? 4 : 20),
  )

  const sizes = quick ? [10_000] : [10_000, 100_000]
  const built: { count: number; buildMs: number; held: number }[] = []
  for (const count of sizes) {
    const result = benchSize(shipped, count, quick)
    built.push({ count, buildMs: result.buildMs, held: result.held })
    line(`synthetic ${count.toLocaleString('en-US')}`, result.engine, result.naive, TARGETS.largeP99Ms)
  }
  console.log('\nIndex build and memory (heap held by the knowledge base and its index):')
  for (const { count, buildMs, held } of built) {
    console.log(
      `  ${count.toLocaleString('en-US').padStart(7)} claims  built in ${ms(buildMs)} ms  heap ${mib(held)}`,
    )
  }
  console.log(`  process resident memory at the end: ${mib(process.memoryUsage().rss)}`)

  if (!values['no-startup']) {
    await benchStartup(quick ? 1 : 5)
    await benchCommands(quick ? 3 : 10)
  }
  await benchOwnDocuments(quick)
  await storeAndReplicas()
}

// run when executed, not when imported (a profiling script may import the generators)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
