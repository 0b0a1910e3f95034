/**
 * Discord past 2,500 servers, where Discord requires sharding: discord.js's ShardingManager runs one process
 * per shard, each the bot's own entry answering Discord alone, and this process watches over them. It logs
 * what each shard does, says which are ready, restarts one that exits (as a policy allows), and stops them
 * all gracefully. In each shard's process discord.js's Client takes its shard from SHARDS and SHARD_COUNT,
 * since the adapter's client options name none.
 */
import type { ChildProcess } from 'node:child_process'
import { setTimeout as delay } from 'node:timers/promises'
import { DiscordjsErrorCodes, type Shard, ShardingManager } from 'discord.js'
import { CitedAnswersError } from '../../src/errors.ts'
import type { Logger } from '../../src/logger.ts'
import { type Environment, planShards, shardEnvironment } from './shard-plan.ts'

/** What to do when a shard's process exits on its own, after it was ready once. */
export interface RespawnPolicy {
  /** restarts allowed within `windowMs`; the exit after those gives the shard up (0: never restart) */
  maxRestarts: number
  windowMs: number
  /** the wait before a restart */
  delayMs: number
}

/**
 * A few restarts ride out a crash or a dropped network, while a shard that keeps failing is given up within
 * minutes, so that the whole bot is restarted by whatever runs it; 5 s apart, as Discord paces IDENTIFYs.
 */
export const DEFAULT_RESPAWN: RespawnPolicy = { maxRestarts: 5, windowMs: 10 * 60_000, delayMs: 5_000 }

/** discord.js's own pause between spawning shards: Discord allows one IDENTIFY per 5 s per bucket */
const SPAWN_DELAY_MS = 5_500
const READY_TIMEOUT_MS = 90_000
const STOP_TIMEOUT_MS = 15_000
/** how long a process killed outright may take to be gone */
const KILL_GRACE_MS = 2_000

export interface DiscordShardsOptions {
  /** the bot's entry, which each shard's process runs: dist/main.js, or src/main.ts with tsx in `execArgv` */
  file: string
  /** Node's options for the shards' processes, e.g. ['--import', 'tsx'] for a TypeScript entry */
  execArgv?: readonly string[]
  /** the environment the shards' processes start from: the manager's, .env included */
  env: Environment
  token: string
  /** 'auto': as many shards as Discord recommends for the bot */
  totalShards: 'auto' | number
  /** Discord's REST API (DISCORD_API_URL), asked for the recommended count and pace; Discord's own when unset */
  apiUrl?: string
  logger: Logger
  /** default DEFAULT_RESPAWN */
  respawn?: RespawnPolicy
  /**
   * the manager's HEALTH_PORT: shard n serves its own probes and metrics on HEALTH_PORT + 1 + n (each a
   * free port when it is 0); none when unset
   */
  healthPort?: number
  /** how long a shard's process may take to load the knowledge base and say ready (default 90 s) */
  readyTimeoutMs?: number
  /** the pause between spawning waves of shards (default 5.5 s, as discord.js's) */
  spawnDelayMs?: number
  /** how long stop() waits for the shards to finish their replies and exit before killing them (default 15 s) */
  stopTimeoutMs?: number
  /** told when a shard kept exiting and the policy gave it up (logged already) */
  onGiveUp?: (error: CitedAnswersError) => void
}

export interface StopShardsOptions {
  /**
   * the shards got the signal themselves (Ctrl+C reaches the terminal's whole process group): they are
   * waited for, not signalled again, which they would take as "stop now"
   */
  alreadySignalled?: boolean
}

export interface DiscordShards {
  /**
   * Ask Discord for the shard count ('auto') and the pace it allows, spawn every shard, and resolve once
   * each said ready. A shard that cannot start stops the others, and the start rejects with why.
   */
  start(): Promise<void>
  /** SIGTERM to each shard (they finish the replies in progress), wait for them to exit, kill the rest */
  stop(options?: StopShardsOptions): Promise<void>
  /** each shard's readiness, as `discord-shard-<id>`, for /readyz */
  readiness(): Record<string, boolean>
  /** the id of the process running shard `shardId` now, if one is */
  pid(shardId: number): number | undefined
}

/** Read DISCORD_SHARDS: "auto", or a whole number of shards. */
export function parseDiscordShards(text: string): 'auto' | number {
  const value = text.trim().toLowerCase()
  if (value === 'auto') return 'auto'
  const count = Number(value)
  if (!/^\d+$/.test(value) || count < 1 || count > 10_000) {
    throw new CitedAnswersError(
      'invalid-config',
      `DISCORD_SHARDS must be auto (as many shards as Discord recommends) or a number of shards from 1 to 10000; got "${text.slice(0, 20)}"`,
    )
  }
  return count
}

/** How a process ended, as a log line says it. */
const howExited = (child: ChildProcess | null | undefined) =>
  child?.signalCode ? `signal ${child.signalCode}` : `exit code ${child?.exitCode ?? 'unknown'}`

const minutes = (ms: number) => `${Math.round((ms / 60_000) * 10) / 10} min`
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`

/** Whether `work` settles within `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false)
  })
  try {
    return await Promise.race([work.then(() => true), late])
  } finally {
    clearTimeout(timer)
  }
}

const codeOf = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined

/**
 * The manager, keeping process.env as it found it: ShardingManager's constructor writes SHARDING_MANAGER,
 * SHARDING_MANAGER_MODE and DISCORD_TOKEN there, which would make any Client this process makes later
 * think it runs in a shard. The shards' environment is set in full per shard instead.
 */
function createManager(options: DiscordShardsOptions, count: number): ShardingManager {
  const names = ['SHARDING_MANAGER', 'SHARDING_MANAGER_MODE', 'DISCORD_TOKEN'] as const
  const before = names.map((name) => [name, process.env[name]] as const)
  try {
    return new ShardingManager(options.file, {
      totalShards: count,
      mode: 'process',
      // restarts are this module's, with a delay and a limit; discord.js's are immediate and endless
      respawn: false,
      token: options.token,
      execArgv: [...(options.execArgv ?? [])],
    })
  } finally {
    for (const [name, value] of before) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** The error a failed start rejects with, naming the shard and where to look. */
function startError(error: unknown, id: number, count: number, readyTimeoutMs: number): CitedAnswersError {
  if (error instanceof CitedAnswersError) return error
  const shard = `Discord shard ${id} of ${count}`
  const code = codeOf(error)
  const message =
    code === DiscordjsErrorCodes.ShardingReadyDied
      ? `${shard} exited before it was ready; its own log lines above say why`
      : code === DiscordjsErrorCodes.ShardingReadyTimeout
        ? `${shard} did not say ready within ${seconds(readyTimeoutMs)}; its own log lines above say what it was doing`
        : code === DiscordjsErrorCodes.ShardingReadyDisconnected
          ? `${shard} was disconnected by Discord before it was ready; its own log lines above say why`
          : `${shard} could not be started (${error instanceof Error ? error.message : String(error)})`
  return new CitedAnswersError('invalid-config', message, { cause: error })
}

export function createDiscordShards(options: DiscordShardsOptions): DiscordShards {
  const { logger } = options
  const policy = options.respawn ?? DEFAULT_RESPAWN
  const readyTimeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS
  const stopTimeoutMs = options.stopTimeoutMs ?? STOP_TIMEOUT_MS
  let manager: ShardingManager | undefined
  let count: number | undefined
  let stopping = false
  let stopped: Promise<void> | undefined
  /** shards that were ready once: exits after that are restarted, as the policy allows */
  const everReady = new Set<number>()
  /** when each shard was restarted, within the policy's window */
  const restarts = new Map<number, number[]>()
  const pendingRestarts = new Set<NodeJS.Timeout>()

  const nameOf = (shard: Shard) => `discord shard ${shard.id}/${count}`

  const restartOrGiveUp = (shard: Shard, how: string) => {
    const now = Date.now()
    const recent = (restarts.get(shard.id) ?? []).filter((at) => now - at < policy.windowMs)
    if (recent.length >= policy.maxRestarts) {
      const error = new CitedAnswersError(
        'invalid-config',
        policy.maxRestarts === 0
          ? `Discord shard ${shard.id} of ${count} exited (${how}); not restarting it: its own log lines above say why`
          : `Discord shard ${shard.id} of ${count} exited (${how}) after ${recent.length} restarts within ${minutes(policy.windowMs)}; not restarting it again: its own log lines above say why`,
      )
      logger.error(error.message)
      options.onGiveUp?.(error)
      return
    }
    recent.push(now)
    restarts.set(shard.id, recent)
    logger.warn(
      `${nameOf(shard)}: exited (${how}); restarting it in ${seconds(policy.delayMs)} (restart ${recent.length} of ${policy.maxRestarts} within ${minutes(policy.windowMs)})`,
    )
    const timer = setTimeout(() => {
      pendingRestarts.delete(timer)
      if (stopping) return
      shard.spawn(readyTimeoutMs).catch((error: unknown) => {
        // an exit before ready is the death handler's to report
        if (codeOf(error) === DiscordjsErrorCodes.ShardingReadyDied || stopping) return
        logger.warn(`${nameOf(shard)}: not ready ${seconds(readyTimeoutMs)} after its restart; still waiting`)
      })
    }, policy.delayMs)
    pendingRestarts.add(timer)
  }

  const watch = (shard: Shard, total: number) => {
    shard.env = shardEnvironment(options.env, {
      id: shard.id,
      count: total,
      token: options.token,
      ...(options.healthPort !== undefined ? { healthPort: options.healthPort } : {}),
    })
    shard.on('spawn', (child) =>
      logger.info(`${nameOf(shard)}: started (pid ${(child as ChildProcess).pid})`),
    )
    shard.on('ready', () => {
      everReady.add(shard.id)
      logger.info(`${nameOf(shard)}: ready (pid ${shard.process?.pid})`)
    })
    // a shard's client closing on a stop says "reconnecting" too
    shard.on('reconnecting', () => {
      if (!stopping) logger.info(`${nameOf(shard)}: reconnecting to Discord`)
    })
    shard.on('resume', () => logger.info(`${nameOf(shard)}: resumed`))
    shard.on('disconnect', () => {
      if (stopping) return
      logger.warn(`${nameOf(shard)}: Discord closed its connection for good; its own log lines say why`)
    })
    shard.on('error', (error) => logger.error(`${nameOf(shard)}: discord.js reported an error`, error))
    shard.on('death', (child) => {
      const how = howExited(child as ChildProcess)
      if (stopping) logger.info(`${nameOf(shard)}: stopped (${how})`)
      // before its first ready, the start reports it
      else if (!everReady.has(shard.id)) logger.error(`${nameOf(shard)}: exited before it was ready (${how})`)
      else restartOrGiveUp(shard, how)
    })
  }

  const running = (): Array<[number, ChildProcess]> =>
    [...(manager?.shards.values() ?? [])].flatMap((shard) =>
      shard.process && shard.process.exitCode === null && shard.process.signalCode === null
        ? [[shard.id, shard.process] as [number, ChildProcess]]
        : [],
    )

  const stopAll = async ({ alreadySignalled = false }: StopShardsOptions) => {
    stopping = true
    for (const timer of pendingRestarts) clearTimeout(timer)
    pendingRestarts.clear()
    const children = running()
    const exited = (child: ChildProcess) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve()
        else child.once('exit', () => resolve())
      })
    const allExited = Promise.all(children.map(([, child]) => exited(child)))
    if (!alreadySignalled) for (const [, child] of children) child.kill('SIGTERM')
    if (await within(allExited, stopTimeoutMs)) return
    const late = children.filter(([, child]) => child.exitCode === null && child.signalCode === null)
    for (const [id, child] of late) {
      logger.warn(
        `discord shard ${id}/${count}: still running ${seconds(stopTimeoutMs)} after the stop; killing it`,
      )
      child.kill('SIGKILL')
    }
    await within(Promise.all(late.map(([, child]) => exited(child))), KILL_GRACE_MS)
  }

  const start = async () => {
    const plan = await planShards(options)
    const total = plan.count
    if (options.healthPort !== undefined && options.healthPort + total > 65_535) {
      throw new CitedAnswersError(
        'invalid-config',
        `HEALTH_PORT ${options.healthPort} leaves no room for the ports of ${total} shards (HEALTH_PORT + 1 + shard id); set HEALTH_PORT lower`,
      )
    }
    if (stopping) return
    count = total
    const current = createManager(options, total)
    manager = current
    current.on('shardCreate', (shard) => watch(shard, total))
    const ports =
      options.healthPort === undefined
        ? ''
        : options.healthPort === 0
          ? '; each serves /healthz, /readyz and /metrics on a free port of its own'
          : `; shard n serves /healthz, /readyz and /metrics on port ${options.healthPort + 1} + n (up to ${options.healthPort + total})`
    logger.info(
      `discord: ${total === 1 ? '1 shard' : `${total} shards`}${options.totalShards === 'auto' ? ', as Discord recommends' : ''}, one process each, ${plan.concurrency} starting at a time${ports}`,
    )
    // Discord paces IDENTIFYs in max_concurrency buckets (shard id % max_concurrency): one wave of that
    // many shards at a time, a pause between waves
    for (let first = 0; first < total && !stopping; first += plan.concurrency) {
      const wave = Array.from({ length: Math.min(plan.concurrency, total - first) }, (_, i) => first + i)
      const spawned = wave.map((id) =>
        current
          .createShard(id)
          .spawn(readyTimeoutMs)
          .catch((error: unknown) => {
            throw startError(error, id, total, readyTimeoutMs)
          }),
      )
      const last = first + plan.concurrency >= total
      await Promise.all([...spawned, last ? undefined : delay(options.spawnDelayMs ?? SPAWN_DELAY_MS)])
    }
  }

  return {
    async start() {
      let failure: { error: unknown } | undefined
      try {
        await start()
      } catch (error) {
        failure = { error }
      }
      if (!failure && !stopping) {
        logger.info(count === 1 ? 'discord: the shard is ready' : `discord: all ${count} shards are ready`)
        return
      }
      // a stop meanwhile is the cause of whatever failed
      const stoppedMeanwhile = stopping
      stopped ??= stopAll({})
      await stopped
      throw stoppedMeanwhile || !failure
        ? new CitedAnswersError('invalid-config', 'Stopped before every Discord shard was ready')
        : failure.error
    },
    stop(stopOptions = {}) {
      stopped ??= stopAll(stopOptions)
      return stopped
    },
    readiness() {
      if (manager === undefined || count === undefined) return { 'discord-shards': false }
      const shards = manager.shards
      return Object.fromEntries(
        Array.from({ length: count }, (_, id) => [`discord-shard-${id}`, shards.get(id)?.ready === true]),
      )
    },
    pid: (shardId) => manager?.shards.get(shardId)?.process?.pid,
  }
}
