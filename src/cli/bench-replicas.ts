/**
 * `npm run bench`: the bot as docs/deployment.md runs it for many teams, and what its shared state costs.
 *   - the time the event store adds to each answer, embedded (SQLite) and in PostgreSQL;
 *   - two replicas of `node dist/main.js` in Slack's HTTP mode sharing one PostgreSQL and one Redis, all
 *     started here on loopback with a Slack stand-in: signed /ask slash commands spread over both, 50 at
 *     a time, each answered exactly once in its acknowledgement; then a 👍 per answer, half of them
 *     pressed again at once on the other replica, each counted once in PostgreSQL.
 * Skipped, saying why, where redis-server or PostgreSQL is not installed.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent } from 'node:http'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import pg from 'pg'
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import { answeredReplies, benchEmbeddedAppends, benchPostgresAppends } from './bench-event-store.ts'
import { ms, quantile, verdict } from './bench-figures.ts'
import { type BotProcess, startBotProcess } from './bot-process.ts'
import { postgresMissing, startPostgresServer } from './local-postgres.ts'
import { freePort, redisServerMissing, startRedisServer } from './local-redis.ts'
import {
  buttonPressBody,
  type SlackCall,
  type SlackStandIn,
  sendToBot,
  slashCommandBody,
  startSlackStandIn,
} from './slack-stand-in.ts'

/** from send to the acknowledgement that carries the answer: Slack waits 3 s, a person far less */
const TARGET_ACK_P99_MS = 100

/** requests in flight at once, as a load balancer in front of busy workspaces would pass them on */
const CONCURRENCY = 50

/** how long the bench waits for the replies to button presses before it counts what came */
const REPLIES_WITHIN_MS = 30_000

const SECRET = 'bench-signing-secret'
const BOT_TOKEN = 'xoxb-bench-token-0123456789'
const WORKSPACE = 'T0BENCH'
/** the channel of the measured questions; the warm-up asks elsewhere, so counts in PostgreSQL are the bench's */
const CHANNEL = 'C0BENCH'
const FORM = 'application/x-www-form-urlencoded' as const

type Json = Record<string, unknown>

interface Replica {
  port: number
  bot: BotProcess
  /** connections kept open, as a load balancer keeps them to its backends */
  agent: Agent
}

export interface ReplicasBenchOptions {
  /** dist/main.js */
  mainFile: string
  kb: KnowledgeBase
  /** questions to ask; those the knowledge base answers are used */
  questions: readonly string[]
  quick: boolean
  /** false (`--no-replicas`): the embedded store alone, no servers started */
  servers: boolean
}

/** Run `work` for 0 … count - 1, `concurrency` at a time; resolves with the results in order. */
async function inPool<T>(count: number, concurrency: number, work: (at: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const at = next++
      results[at] = await work(at)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return results
}

/** the sealed value of a button of an answer, as the replica that rendered it sent it */
function buttonValue(message: Json, actionId: string): string | undefined {
  for (const block of Array.isArray(message.blocks) ? (message.blocks as Json[]) : []) {
    if (block.type !== 'actions' || !Array.isArray(block.elements)) continue
    for (const element of block.elements as Json[]) {
      if (element.action_id === actionId && typeof element.value === 'string') return element.value
    }
  }
  return undefined
}

const parsed = (text: string): Json | undefined => {
  try {
    return JSON.parse(text) as Json
  } catch {
    return undefined
  }
}

/** Send a signed request; resolves with how long it took and its reply, or none when it failed. */
async function send(replica: Replica, body: string) {
  const start = performance.now()
  try {
    const response = await sendToBot(replica.port, { body, contentType: FORM, secret: SECRET }, replica.agent)
    const elapsed = performance.now() - start
    return { ms: elapsed, reply: response.status === 200 ? parsed(response.text) : undefined }
  } catch {
    return { ms: performance.now() - start, reply: undefined }
  }
}

const timings = (samples: number[]) => {
  const sorted = samples.filter(Number.isFinite).sort((a, b) => a - b)
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) }
}

/** the kernel's clock ticks per second, in which /proc counts CPU time */
const clockTicks = () => Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100

/** CPU time (ms) a process has used so far, from /proc; undefined where there is none (not Linux) */
function cpuMsOf(pid: number | undefined, ticksPerSecond: number): number | undefined {
  if (pid === undefined) return undefined
  try {
    // the fields after the command's name, from the third (state): utime and stime are the 14th and 15th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : undefined
  } catch {
    return undefined
  }
}

/** CPU time (ms) the replicas and this process have used so far */
function cpuNow(replicas: readonly Replica[], ticksPerSecond: number) {
  const each = replicas.map((replica) => cpuMsOf(replica.bot.child.pid, ticksPerSecond))
  const usage = process.cpuUsage()
  return {
    replicas: each.every((ms) => ms !== undefined) ? each.reduce((sum, ms) => sum + ms, 0) : undefined,
    bench: (usage.user + usage.system) / 1000,
  }
}

/** replicas of the built bot, started at once, ready to answer */
async function startReplicas(mainFile: string, env: Record<string, string>, cwd: string) {
  const replicas = await Promise.all(
    ['A', 'B'].map(async (): Promise<Replica> => {
      const port = await freePort()
      const bot = startBotProcess({ args: [mainFile], cwd, env: { ...env, PORT: String(port) } })
      return { port, bot, agent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) }
    }),
  )
  try {
    await Promise.all(replicas.map((replica) => replica.bot.waitForLog(/^answering from \d+ claims/)))
  } catch (error) {
    await Promise.all(replicas.map((replica) => replica.bot.stop()))
    throw error
  }
  return replicas
}

/** the calls to each response URL, by its name */
function countByTarget(calls: readonly SlackCall[]): Map<string, SlackCall[]> {
  const byTarget = new Map<string, SlackCall[]>()
  for (const call of calls) {
    if (call.method !== 'respond' || call.target === undefined) continue
    byTarget.set(call.target, [...(byTarget.get(call.target) ?? []), call])
  }
  return byTarget
}

async function benchReplicas(
  mainFile: string,
  urls: { redis: string; database: string },
  questions: readonly string[],
  quick: boolean,
) {
  const count = quick ? 200 : 500
  const standIn: SlackStandIn = await startSlackStandIn()
  // a folder of its own: no .env of the project's reaches the replicas
  const cwd = mkdtempSync(join(tmpdir(), 'cited-answers-bench-replicas-'))
  let replicas: Replica[] = []
  try {
    replicas = await startReplicas(
      mainFile,
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: standIn.apiUrl,
        DATABASE_URL: urls.database,
        REDIS_URL: urls.redis,
        SHUTDOWN_TIMEOUT_SECONDS: '30',
      },
      cwd,
    )
    /** `/ask question` by `user` in `channel`, its response URL on the stand-in named `name` */
    const ask = (user: string, question: string, channel: string, name: string) =>
      slashCommandBody({
        team: WORKSPACE,
        channel,
        user,
        id: name,
        responseUrl: standIn.responseUrl(name),
        command: '/ask',
        text: question,
      })
    const replicaOf = (at: number) => replicas[at % replicas.length] as Replica
    const otherThan = (at: number) => replicas[(at + 1) % replicas.length] as Replica
    const question = (at: number) => questions[at % questions.length] as string

    // a first round, not measured, so that each replica's code is compiled and its connections made
    await inPool(40, 10, (at) =>
      send(replicaOf(at), ask(`U0WARM${at}`, question(at), 'C0WARM', `warm-${at}`)),
    )

    // one at a time, for comparison: what a request costs when none waits behind another
    const alone = await inPool(40, 1, (at) =>
      send(replicaOf(at), ask(`U0ALONE${at}`, question(at), 'C0WARM', `alone-${at}`)),
    )

    // each question from a user of its own, so none is a replay and no allowance runs out
    const ticksPerSecond = clockTicks()
    const load = loadavg()[0] ?? 0
    const cpuBefore = cpuNow(replicas, ticksPerSecond)
    const asking = performance.now()
    const asked = await inPool(count, CONCURRENCY, (at) =>
      send(replicaOf(at), ask(`U0ASK${at}`, question(at), CHANNEL, `ask-${at}`)),
    )
    const askSeconds = (performance.now() - asking) / 1000
    const cpuAfter = cpuNow(replicas, ticksPerSecond)

    // a 👍 on each answer by its asker; every other one pressed on both replicas at once
    const voted = asked.flatMap((result, at) => {
      const value = result.reply ? buttonValue(result.reply, 'vote-up') : undefined
      return value === undefined ? [] : [{ at, value, twice: at % 2 === 0 }]
    })
    const pressed = await inPool(voted.length, CONCURRENCY, async (index) => {
      const { at, value, twice } = voted[index] as (typeof voted)[number]
      const pressOn = (replica: Replica, name: string) =>
        send(
          replica,
          buttonPressBody({
            team: WORKSPACE,
            channel: CHANNEL,
            user: `U0ASK${at}`,
            id: name,
            responseUrl: standIn.responseUrl(name),
            actionId: 'vote-up',
            value,
          }),
        )
      return Promise.all([
        pressOn(replicaOf(at), `vote-${at}`),
        ...(twice ? [pressOn(otherThan(at), `vote-${at}-again`)] : []),
      ])
    })
    const replyNames = voted.flatMap(({ at, twice }) => [
      `vote-${at}`,
      ...(twice ? [`vote-${at}-again`] : []),
    ])
    // a vote is saved before its press is answered through the response URL
    await Promise.race([
      Promise.all(
        replyNames.map((name) =>
          standIn.waitFor((call) => call.method === 'respond' && call.target === name),
        ),
      ),
      // unreferenced: replies that all came do not keep the bench waiting for the deadline
      delay(REPLIES_WITHIN_MS, undefined, { ref: false }),
    ])
    // a graceful stop lets every reply and record in progress finish, so what PostgreSQL holds is final
    await Promise.all(replicas.map((replica) => replica.bot.stop(60_000)))

    const responses = countByTarget(standIn.calls)
    let once = 0
    let lost = 0
    let duplicated = 0
    asked.forEach((result, at) => {
      const answers =
        (result.reply && buttonValue(result.reply, 'vote-up') ? 1 : 0) +
        (responses.get(`ask-${at}`)?.length ?? 0)
      if (answers === 1) once += 1
      else if (answers === 0) lost += 1
      else duplicated += 1
    })
    const posted = standIn.calls.filter((call) => call.method === 'chat.postMessage').length
    const ack = timings(asked.map((result) => result.ms))
    const pressAck = timings(pressed.flat().map((result) => result.ms))
    const counted = replyNames.filter((name) =>
      JSON.stringify(responses.get(name)?.[0]?.body ?? '').includes('You marked this answer helpful'),
    ).length
    const twice = voted.filter((vote) => vote.twice).length

    const client = new pg.Client({ connectionString: urls.database })
    await client.connect()
    const [row] = (
      await client.query<{ votes: string; replaced: string; answered: string }>(
        `SELECT count(*) FILTER (WHERE kind = 'vote') AS votes,
                coalesce(sum(replaced) FILTER (WHERE kind = 'vote'), 0) AS replaced,
                count(*) FILTER (WHERE kind = 'answered') AS answered
         FROM events WHERE channel = $1`,
        [CHANNEL],
      )
    ).rows
    await client.end()
    const votes = Number(row?.votes ?? 0)
    const replaced = Number(row?.replaced ?? 0)
    const check = (ok: boolean) => (ok ? '✓' : '✗')

    console.log(
      `\nTwo replicas of \`node dist/main.js\` (Slack HTTP mode) sharing PostgreSQL and Redis, all on this machine (${availableParallelism()} CPUs, load average ${load.toFixed(1)} before the commands):`,
    )
    console.log(
      `  /ask: ${count} signed slash commands, ${CONCURRENCY} at a time, in turn to each replica, each from a user of its own`,
    )
    console.log(
      `    answers ${once} of ${count} exactly once ${check(once === count)}   lost ${lost}  duplicated ${duplicated}  (messages posted besides: ${posted})`,
    )
    console.log(
      `    send → acknowledgement carrying the answer: median ${ms(ack.median)} ms  p99 ${ms(ack.p99)} ms  ${verdict(ack.p99, TARGET_ACK_P99_MS)}  (${Math.round(count / askSeconds)} commands/s)`,
    )
    const perCommand = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined ? 'unknown' : `${ms((after - before) / count)} ms`
    console.log(
      `    CPU per command: the replicas ${perCommand(cpuBefore.replicas, cpuAfter.replicas)}, this bench (its client and Slack stand-in) ${perCommand(cpuBefore.bench, cpuAfter.bench)}; PostgreSQL and Redis besides`,
    )
    const unloaded = timings(alone.map((result) => result.ms))
    console.log(
      `    the same one at a time (${alone.length} commands, for comparison): median ${ms(unloaded.median)} ms  p99 ${ms(unloaded.p99)} ms`,
    )
    console.log(
      `  👍: one press per answer by its asker, ${twice} of them pressed on both replicas at once (${replyNames.length} presses)`,
    )
    console.log(
      `    send → acknowledgement: median ${ms(pressAck.median)} ms  p99 ${ms(pressAck.p99)} ms; replies saying the vote counts: ${counted} of ${replyNames.length}`,
    )
    console.log(
      `    votes in PostgreSQL ${votes} of ${voted.length} expected ${check(votes === voted.length)}; second presses folded into a vote ${replaced} of ${twice} ${check(replaced === twice)}`,
    )
    const answered = Number(row?.answered ?? 0)
    console.log(`    answers recorded in PostgreSQL ${answered} of ${once} ${check(answered === once)}`)
  } finally {
    await Promise.all(replicas.map((replica) => replica.bot.stop()))
    for (const replica of replicas) replica.agent.destroy()
    await standIn.close()
    rmSync(cwd, { recursive: true, force: true })
  }
}

/** The event store's cost per answer; then, with PostgreSQL and Redis started here, two replicas under load. */
export async function benchStoreAndReplicas(options: ReplicasBenchOptions): Promise<void> {
  const { kb, quick } = options
  const answering = options.questions.filter((question) => answeredReplies(kb, [question]).length > 0)
  const replies = answeredReplies(kb, answering)
  if (replies.length === 0) {
    console.log('\nEvent store and replicas: skipped (the knowledge base answers none of the questions)')
    return
  }
  const appends = quick ? 1_000 : 5_000
  console.log(
    '\nEvent store: the time recordAnswered adds to each answer (one after another, as one replica):',
  )
  await benchEmbeddedAppends(replies, appends)
  if (!options.servers) {
    console.log('  PostgreSQL: skipped (--no-replicas)')
    return
  }
  const skipped = (reasons: ReadonlyArray<{ reason: string; install: string } | undefined>) =>
    reasons
      .filter((reason) => reason !== undefined)
      .map((reason) => `${reason.reason}; to run it: ${reason.install}`)
      .join('; ')
  const noPostgres = postgresMissing()
  const noRedis = redisServerMissing()
  if (noPostgres) console.log(`  PostgreSQL: skipped (${skipped([noPostgres])})`)
  const postgres = noPostgres ? undefined : await startPostgresServer()
  try {
    if (postgres) await benchPostgresAppends(await postgres.createDatabase(), replies, appends)
    const title = '\nTwo replicas sharing PostgreSQL and Redis'
    if (!postgres || noRedis) {
      console.log(`${title}: skipped (${skipped([noPostgres, noRedis])})`)
      return
    }
    if (!existsSync(options.mainFile)) {
      console.log(`${title}: skipped (run through \`npm run bench\`, which builds dist/ first)`)
      return
    }
    const redis = await startRedisServer()
    try {
      const database = await postgres.createDatabase()
      await benchReplicas(options.mainFile, { redis: redis.url, database }, answering, quick)
    } finally {
      await redis.stop()
    }
  } finally {
    await postgres?.stop()
  }
}
