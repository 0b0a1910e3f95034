#!/usr/bin/env node
/**
 * The bot's entry point and the only reader of the environment. Starts Slack and/or Discord when their
 * variables are set, else the terminal; `ask …` answers once; `kb …` curates the knowledge base;
 * `--register-discord-commands` registers the Discord slash command. Installed as the package's `bin`,
 * so `npx cited-answers …` runs the same commands.
 */
import { createHash } from 'node:crypto'
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { config as loadDotenv } from 'dotenv'
import { runAskCli } from '../adapters/terminal/ask-cli.ts'
import { createTerminalAdapter } from '../adapters/terminal/index.ts'
import { terminalStyleFor } from '../adapters/terminal/style.ts'
import { type Config, readConfig, readServiceConfig, type ServiceConfig, userCacheDir } from './config.ts'
import { CitedAnswersError } from './errors.ts'
import type { KnowledgeBase } from './knowledge/knowledge-base.ts'
import { loadKnowledgeWithSnapshot } from './knowledge/snapshot.ts'
import type { Logger } from './logger.ts'
import type { PlatformParts } from './service/platforms.ts'
import type { RedisConnection } from './service/redis.ts'
import type { Adapter } from './types.ts'

const CONNECT_HINT =
  'To answer in Slack or Discord, put their tokens in .env (see .env.example and the README) and restart.'

const USAGE = `Usage: cited-answers                  start the bot: Slack and/or Discord when configured, else the terminal
       cited-answers ask "question"   answer once (ask --help for --json, --jsonl and more)
       cited-answers kb <command>     curate the knowledge base (kb --help)
       cited-answers --register-discord-commands
From a clone, npm start, npm run ask -- "question" and npm run kb -- <command> do the same.`

/**
 * Make the configured platforms' adapters. Each is imported only when its platform is configured, so
 * the terminal mode never pays for loading Bolt or discord.js.
 */
async function createAdapters(config: Config, parts: PlatformParts): Promise<Adapter[]> {
  const { kb, feedback, events, logger, limiter, metrics } = parts
  const adapters: Adapter[] = []
  if (config.slack) {
    const { createSlackAdapter } = await import('../adapters/slack/index.ts')
    const stores = parts.redis ? await redisStoresForSlack(parts.redis) : {}
    // installed through /slack/install: each workspace's installation is kept in the event store
    const installations = config.slack.oauth
      ? {
          installationStore: (
            await import('../adapters/slack/installations.ts')
          ).createStoreInstallationStore(events.installations),
        }
      : {}
    adapters.push(
      createSlackAdapter({
        kb,
        slack: config.slack,
        feedback,
        events,
        logger,
        limiter,
        metrics,
        ...stores,
        ...installations,
        // HTTP mode serves the probes beside /slack/events; Socket Mode has no port of its own
        ...(config.slack.appToken ? {} : { httpRoutes: parts.routes }),
      }),
    )
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.ts')
    adapters.push(
      createDiscordAdapter({ kb, discord: config.discord, feedback, events, logger, limiter, metrics }),
    )
  }
  return adapters
}

/** Slack's de-duplication in Redis: replays and retries are seen by every replica and survive restarts. */
async function redisStoresForSlack(redis: RedisConnection) {
  const { createRedisSeenRequests } = await import('../adapters/slack/redis-seen-requests.ts')
  return {
    seenRequests: createRedisSeenRequests(redis.client, { prefix: 'cited-answers:slack:seen' }),
    deliveries: createRedisSeenRequests(redis.client, { prefix: 'cited-answers:slack:delivered' }),
  }
}

/** Every secret the configuration holds, so that no log line can carry one. */
function secretsOf(config: Config, service: ServiceConfig): string[] {
  const secrets = [
    config.slack?.botToken,
    config.slack?.appToken,
    config.slack?.oauth?.clientSecret,
    config.slack?.oauth?.stateSecret,
    config.slack?.signingSecret,
    config.discord?.token,
  ]
  // a server's URL is a secret only for the password it holds: without one it names a host, which the
  // log should show
  for (const url of [service.redisUrl, config.eventStore]) {
    if (!url || !/^[a-z]+:\/\//i.test(url)) continue
    try {
      const { password } = new URL(url)
      if (password) secrets.push(url, decodeURIComponent(password))
    } catch {
      secrets.push(url)
    }
  }
  return secrets.filter((secret): secret is string => secret !== undefined && secret !== '')
}

/**
 * Stop gracefully on SIGTERM (a container stopping) or SIGINT (Ctrl+C): no new events, replies in
 * progress finished within SHUTDOWN_TIMEOUT_SECONDS, connections closed, exit 0. A second signal stops
 * at once.
 */
function stopOnSignals(stop: () => Promise<void>, logger: Logger, flush: () => void) {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} received again; stopping now`)
      flush()
      process.exit(1)
    }
    stopping = true
    logger.info(`${signal} received; finishing the replies in progress, then stopping`)
    stop().then(
      () => {
        logger.info('stopped')
        flush()
        process.exit(0)
      },
      (error: unknown) => {
        logger.error('stopping failed', error)
        flush()
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

/**
 * Load the knowledge base. Run from the build, a snapshot of the checked knowledge base is kept in
 * CACHE_DIR when set, else node_modules/.cache, or the user's cache folder when the install cannot be
 * written, keyed by the knowledge files and by this build; run from source, it is checked afresh.
 */
async function loadKnowledgeBase(knowledgeDir: string | undefined, cacheDir: string | undefined) {
  const codeFile = fileURLToPath(import.meta.url)
  if (!codeFile.endsWith('.js')) {
    const { loadVerifiedKnowledge } = await import('./knowledge/load.ts')
    return loadVerifiedKnowledge(knowledgeDir)
  }
  const projectRoot = dirname(dirname(codeFile))
  const { kb } = await loadKnowledgeWithSnapshot(knowledgeDir, {
    dirs: [
      cacheDir,
      join(projectRoot, 'node_modules', '.cache', 'cited-answers'),
      userCacheDir(process.env, process.platform, homedir()),
    ].filter((dir) => dir !== undefined),
    codeId: createHash('sha256').update(readFileSync(codeFile)).digest('hex'),
  })
  return kb
}

/** Whether `folder` exists, or can be made, and can be written. */
function canWrite(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true })
    accessSync(folder, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Run Slack and/or Discord as a service until a signal stops it. */
async function runPlatforms(config: Config, service: ServiceConfig, kb: KnowledgeBase, onReady: () => void) {
  const format = service.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json')
  const { createServiceLog } = await import('./service/log.ts')
  const log = await createServiceLog({
    level: service.logLevel,
    format,
    secrets: secretsOf(config, service),
    colour: terminalStyleFor(process.stdout, process.env).color,
  })
  if (service.cacheDir && !canWrite(service.cacheDir)) {
    log.logger.warn(
      `CACHE_DIR ${service.cacheDir} cannot be written: each start checks the knowledge base afresh (slower); mount a writable volume or tmpfs there`,
    )
  }
  const { startService } = await import('./service/platforms.ts')
  const running = await startService({
    kb,
    config,
    service,
    logger: log.logger,
    createAdapters: (parts) => createAdapters(config, parts),
  })
  stopOnSignals(() => running.stop(), log.logger, log.flush)
  log.logger.info(
    `answering from ${kb.claims.length} claims in ${kb.sources.size} documents (SIGTERM or Ctrl+C stops)`,
  )
  onReady()
  return new Promise<number>(() => {})
}

/**
 * DISCORD_SHARDS=auto|N: this process answers nothing itself but runs discord.js's ShardingManager, one
 * process of this same entry per shard answering Discord alone, and serves /healthz and /readyz for them
 * all on HEALTH_PORT (shard n serves its own, with its metrics, on HEALTH_PORT + 1 + n).
 */
async function runDiscordShards(config: Config, service: ServiceConfig, shardsText: string) {
  const { createDiscordShards, parseDiscordShards } = await import('../adapters/discord/sharding.ts')
  const totalShards = parseDiscordShards(shardsText)
  if (!config.discord) {
    throw new CitedAnswersError(
      'invalid-config',
      'DISCORD_SHARDS runs the Discord bot in shards and needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; set them, or unset DISCORD_SHARDS',
    )
  }
  if (config.slack) {
    throw new CitedAnswersError(
      'invalid-config',
      'DISCORD_SHARDS runs Discord alone, but the Slack variables are set too: run Slack as a process of its own without DISCORD_SHARDS, and unset SLACK_BOT_TOKEN here',
    )
  }
  const { createServiceLog } = await import('./service/log.ts')
  const log = await createServiceLog({
    level: service.logLevel,
    format: service.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    secrets: secretsOf(config, service),
    colour: terminalStyleFor(process.stdout, process.env).color,
  })
  let stopping = false
  const shards = createDiscordShards({
    file: fileURLToPath(import.meta.url),
    // tsx's loader, when run from source
    execArgv: process.execArgv,
    env: process.env,
    token: config.discord.token,
    totalShards,
    ...(config.discord.apiUrl ? { apiUrl: config.discord.apiUrl } : {}),
    ...(service.healthPort !== undefined ? { healthPort: service.healthPort } : {}),
    logger: log.logger,
    // each shard bounds its own connecting by START_TIMEOUT_SECONDS; a minute more loads the knowledge base
    readyTimeoutMs: (config.discord.startTimeoutMs ?? 30_000) + 60_000,
    stopTimeoutMs: service.shutdownTimeoutMs + 5_000,
    // a shard that keeps failing fails the whole, for whatever runs the bot to restart it
    onGiveUp: () => {
      void stop().finally(() => {
        log.flush()
        process.exit(1)
      })
    },
  })
  const { healthRoutes, startHealthServer } = await import('./service/health.ts')
  const health =
    service.healthPort === undefined
      ? undefined
      : await startHealthServer(
          healthRoutes({ readiness: () => ({ ...shards.readiness(), accepting: !stopping }) }),
          service.healthPort,
        ).catch((error: unknown) => {
          throw new CitedAnswersError(
            'invalid-config',
            `Could not serve health checks on HEALTH_PORT ${service.healthPort} (${error instanceof Error ? error.message : String(error)}); set HEALTH_PORT to a free port`,
            { cause: error },
          )
        })
  if (health) log.logger.info(`health: /healthz and /readyz for all the shards on port ${health.port}`)
  // Ctrl+C reaches the shards too (one process group); signalled again, they would stop at once
  let interrupted = false
  process.once('SIGINT', () => {
    interrupted = true
  })
  const stop = async () => {
    stopping = true
    await shards.stop({ alreadySignalled: interrupted && process.stdin.isTTY === true })
    await health?.close()
  }
  stopOnSignals(stop, log.logger, log.flush)
  try {
    await shards.start()
  } catch (error) {
    // a signal meanwhile: its handler exits once the shards are stopped
    if (stopping) return new Promise<number>(() => {})
    await stop()
    throw error
  }
  return new Promise<number>(() => {})
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'kb') {
    const { runKb } = await import('./cli/kb.ts')
    return runKb(argv.slice(1))
  }
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(USAGE)
    return 0
  }
  loadDotenv({ quiet: true })
  const config = readConfig(process.env)
  const service = readServiceConfig(process.env)
  if (process.env.CITED_ANSWERS_SHARD !== undefined) {
    // a shard whose manager is gone stops, rather than answer on where a restarted manager starts it again
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'))
  } else if (
    process.env.DISCORD_SHARDS?.trim() &&
    argv[0] !== 'ask' &&
    !argv.includes('--register-discord-commands')
  ) {
    return runDiscordShards(config, service, process.env.DISCORD_SHARDS)
  }
  const kb = await loadKnowledgeBase(config.knowledgeDir, service.cacheDir)
  const reportReady = () => {
    // for `npm run bench`: milliseconds from process start until the bot can answer
    if (argv.includes('--report-ready')) console.error(`ready_ms=${performance.now().toFixed(1)}`)
  }
  const style = terminalStyleFor(process.stdout, process.env)

  if (argv.includes('--register-discord-commands')) {
    if (!config.discord) {
      throw new CitedAnswersError(
        'invalid-config',
        'Registering the Discord commands needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; set them in .env (see .env.example)',
      )
    }
    const { registerDiscordCommands } = await import('../adapters/discord/register.ts')
    const { silentLogger } = await import('./logger.ts')
    console.log(await registerDiscordCommands({ discord: config.discord, logger: silentLogger }))
    return 0
  }
  if (argv[0] === 'ask') {
    reportReady()
    return runAskCli(
      argv.slice(1).filter((arg) => arg !== '--report-ready'),
      kb,
      {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        style,
      },
    )
  }
  if (config.slack || config.discord) return runPlatforms(config, service, kb, reportReady)
  const historyDir = service.cacheDir ?? userCacheDir(process.env, process.platform, homedir())
  const terminal = createTerminalAdapter({
    kb,
    input: process.stdin,
    output: process.stdout,
    style,
    connectHint: CONNECT_HINT,
    interactive: process.stdin.isTTY === true,
    ...(historyDir ? { historyFile: join(historyDir, 'history') } : {}),
  })
  process.once('SIGINT', () => void terminal.stop().then(() => process.exit(0)))
  process.once('SIGTERM', () => void terminal.stop().then(() => process.exit(0)))
  const session = terminal.start()
  reportReady()
  await session
  return 0
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  if (error instanceof CitedAnswersError) {
    console.error(error.message)
    process.exitCode = 1
  } else {
    console.error('Unexpected error while starting:', error instanceof Error ? error.message : error)
    process.exitCode = 1
  }
  // a platform library may keep reconnecting after a failed start; give output a moment to flush, then go
  setTimeout(() => process.exit(), 1_000).unref()
}
