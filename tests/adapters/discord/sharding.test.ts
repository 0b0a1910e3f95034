/**
 * Discord in shards: discord.js's ShardingManager running the bot's real entry (src/main.ts through tsx, so
 * no build is needed) once per shard against the stand-in, which, like Discord, sends each server's events
 * only to the connection of the shard the server is on. Then the same through the entry itself, as an
 * operator starts it with DISCORD_SHARDS.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shardEnvironment } from '../../../adapters/discord/shard-plan.ts'
import {
  createDiscordShards,
  type DiscordShards,
  type DiscordShardsOptions,
  parseDiscordShards,
} from '../../../adapters/discord/sharding.ts'
import type { CitedAnswersError } from '../../../src/errors.ts'
import {
  APPLICATION_ID,
  BOT_TOKEN,
  type DiscordStandIn,
  GUILD_ID,
  type RecordingLogger,
  recordingLogger,
  SECOND_GUILD_ID,
  type SentInteraction,
  shardOf,
  startDiscordStandIn,
} from './stand-in.ts'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const ENTRY = join(ROOT, 'src', 'main.ts')
const QUESTION = 'what does iran contribute?'

/** `count` consecutive free ports on loopback, the first of them returned: HEALTH_PORT and the shards' */
async function freePorts(count: number): Promise<number> {
  for (;;) {
    const servers: Server[] = []
    const listen = async (port: number) => {
      const server = createServer()
      servers.push(server)
      server.listen(port, '127.0.0.1')
      await once(server, 'listening')
      const address = server.address()
      return typeof address === 'object' && address ? address.port : 0
    }
    let first = 0
    try {
      first = await listen(0)
      for (let next = 1; next < count; next += 1) await listen(first + next)
    } catch {
      first = 0
    } finally {
      for (const server of servers) server.close()
    }
    if (first > 0 && first + count <= 65_535) return first
  }
}

const get = async (port: number, path: string) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`)
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** what the bot answered an interaction with, as the stand-in received it */
const answerTo = async (standIn: DiscordStandIn, interaction: SentInteraction) =>
  JSON.stringify((await standIn.callbackFor(interaction)).body)

describe('DISCORD_SHARDS', () => {
  it.each([
    ['auto', 'auto'],
    [' AUTO ', 'auto'],
    ['2', 2],
    ['16', 16],
  ] as const)('reads "%s" as %s', (text, expected) => {
    expect(parseDiscordShards(text)).toBe(expected)
  })

  it.each(['0', '-1', '1.5', 'two', '', '99999'])('refuses "%s", naming the variable', (text) => {
    expect(() => parseDiscordShards(text)).toThrow(/^DISCORD_SHARDS must be auto .* or a number of shards/)
  })
})

describe("a shard's environment", () => {
  const env = {
    PATH: '/usr/bin',
    DISCORD_TOKEN: 'old',
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_SHARDS: 'auto',
    SLACK_BOT_TOKEN: 'xoxb-1',
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_CLIENT_ID: '123.456',
    HEALTH_PORT: '8080',
    UNSET: undefined,
  }

  it('runs Discord alone on its shard, with its own health port, blanking what .env could bring back', () => {
    expect(shardEnvironment(env, { id: 2, count: 4, token: BOT_TOKEN, healthPort: 8080 })).toEqual({
      PATH: '/usr/bin',
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      // blank: dotenv leaves set variables alone, so a shard cannot become a manager or start Slack
      DISCORD_SHARDS: '',
      SLACK_BOT_TOKEN: '',
      SLACK_APP_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_CLIENT_ID: '',
      HEALTH_PORT: '8083',
      CITED_ANSWERS_SHARD: '2',
      SHARDING_MANAGER: 'true',
      SHARDING_MANAGER_MODE: 'process',
      SHARDS: '2',
      SHARD_COUNT: '4',
    })
  })

  it('serves no probes when the manager serves none, and a free port when HEALTH_PORT is 0', () => {
    expect(shardEnvironment(env, { id: 1, count: 2, token: BOT_TOKEN }).HEALTH_PORT).toBe('')
    expect(shardEnvironment(env, { id: 1, count: 2, token: BOT_TOKEN, healthPort: 0 }).HEALTH_PORT).toBe('0')
  })
})

/** what every suite's shards run with: the bot's entry from source, against the stand-in */
function shardOptions(standIn: DiscordStandIn, folder: string, logger: RecordingLogger) {
  return {
    file: ENTRY,
    execArgv: ['--import', 'tsx'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: standIn.apiUrl,
      EVENT_STORE: join(folder, 'events.sqlite'),
      LOG_FORMAT: 'json',
      // the shards share this process's output: only what goes wrong
      LOG_LEVEL: 'error',
    },
    token: BOT_TOKEN,
    apiUrl: standIn.apiUrl,
    logger,
  } satisfies Partial<DiscordShardsOptions>
}

describe('two shards, each a process of the bot', () => {
  let standIn: DiscordStandIn
  let shards: DiscordShards
  let folder: string
  let healthPort: number
  const logger = recordingLogger()

  beforeAll(async () => {
    standIn = await startDiscordStandIn({
      guilds: [GUILD_ID, SECOND_GUILD_ID],
      recommendedShards: 2,
      maxConcurrency: 2,
    })
    folder = mkdtempSync(join(tmpdir(), 'cited-answers-shards-'))
    healthPort = await freePorts(3)
    const options = shardOptions(standIn, folder, logger)
    shards = createDiscordShards({
      ...options,
      // Slack's variables as an operator's shared .env has them: the shards must not start Slack
      env: { ...options.env, SLACK_BOT_TOKEN: 'xoxb-not-for-shards', SLACK_SIGNING_SECRET: 'not-for-shards' },
      totalShards: 'auto',
      healthPort,
      respawn: { maxRestarts: 3, windowMs: 60_000, delayMs: 100 },
    })
    await shards.start()
  }, 60_000)

  afterAll(async () => {
    await shards?.stop()
    await standIn?.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it('runs as many shards as Discord recommends, each identifying from its own process', () => {
    expect(standIn.identifies.items.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ])
    const pids = [shards.pid(0), shards.pid(1)]
    expect(new Set(pids).size).toBe(2)
    expect(pids).not.toContain(process.pid)
    expect(shards.readiness()).toEqual({ 'discord-shard-0': true, 'discord-shard-1': true })
    expect(logger.lines).toContain(
      `info: discord: 2 shards, as Discord recommends, one process each, 2 starting at a time; shard n serves /healthz, /readyz and /metrics on port ${healthPort + 1} + n (up to ${healthPort + 2})`,
    )
  })

  it.each([
    ['shard 1', GUILD_ID, 1],
    ['shard 0', SECOND_GUILD_ID, 0],
  ])("answers a server on %s from that shard's process", async (_name, guildId, shard) => {
    expect(shardOf(guildId, 2)).toBe(shard)
    // the other shard's process paused: the answer can only come from this shard's
    const other = shards.pid(1 - shard) ?? 0
    process.kill(other, 'SIGSTOP')
    let asked: SentInteraction
    try {
      asked = standIn.slashCommand(QUESTION, { guildId })
      expect(await answerTo(standIn, asked)).toContain('Iran')
    } finally {
      process.kill(other, 'SIGCONT')
    }
    expect(standIn.deliveries.items.filter((sent) => sent.id === asked.id).map((sent) => sent.shard)).toEqual(
      [shard],
    )
  })

  it('runs Discord alone in each shard, with its probes on HEALTH_PORT + 1 + its id', async () => {
    for (const id of [0, 1]) {
      expect(await get(healthPort + 1 + id, '/readyz')).toEqual({
        status: 200,
        json: { status: 'ready', checks: { knowledge: true, discord: true, accepting: true } },
      })
    }
  })

  it('restarts a shard whose process exits, which then answers its servers again', async () => {
    const before = shards.pid(1) ?? 0
    process.kill(before, 'SIGKILL')
    await logger.waitFor(/^warn: discord shard 1\/2: exited \(signal SIGKILL\); restarting it in 0\.1 s/)
    const started = await logger.waitFor(
      new RegExp(`^info: discord shard 1/2: started \\(pid (?!${before}\\))`),
    )
    const after = Number(/pid (\d+)/.exec(started)?.[1])
    await logger.waitFor(new RegExp(`^info: discord shard 1/2: ready \\(pid ${after}\\)`))
    expect(shards.readiness()).toEqual({ 'discord-shard-0': true, 'discord-shard-1': true })
    expect(await answerTo(standIn, standIn.slashCommand(QUESTION, { guildId: GUILD_ID }))).toContain('Iran')
  })

  it('stops every shard gracefully: each process exits 0, and none is left running', async () => {
    const pids = [shards.pid(0) ?? 0, shards.pid(1) ?? 0]
    await shards.stop()
    expect(logger.lines).toContain('info: discord shard 0/2: stopped (exit code 0)')
    expect(logger.lines).toContain('info: discord shard 1/2: stopped (exit code 0)')
    expect(pids.filter(isRunning)).toEqual([])
    expect(shards.readiness()).toEqual({ 'discord-shard-0': false, 'discord-shard-1': false })
    expect(logger.lines.join('\n')).not.toContain(BOT_TOKEN)
  })
})

describe('a shard that keeps exiting', () => {
  let standIn: DiscordStandIn
  let folder: string

  beforeAll(async () => {
    standIn = await startDiscordStandIn()
    folder = mkdtempSync(join(tmpdir(), 'cited-answers-shards-'))
  })

  afterAll(async () => {
    await standIn?.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it('is given up as the policy says, and reported, not restarted', async () => {
    const logger = recordingLogger()
    const givenUp: CitedAnswersError[] = []
    const shards = createDiscordShards({
      ...shardOptions(standIn, folder, logger),
      totalShards: 1,
      respawn: { maxRestarts: 0, windowMs: 60_000, delayMs: 0 },
      onGiveUp: (error) => givenUp.push(error),
    })
    try {
      await shards.start()
      process.kill(shards.pid(0) ?? 0, 'SIGKILL')
      await logger.waitFor(/^error: Discord shard 0 of 1 exited \(signal SIGKILL\); not restarting it/)
      expect(givenUp.map((error) => error.message)).toEqual([
        'Discord shard 0 of 1 exited (signal SIGKILL); not restarting it: its own log lines above say why',
      ])
      expect(shards.readiness()).toEqual({ 'discord-shard-0': false })
      expect(shards.pid(0)).toBeUndefined()
    } finally {
      await shards.stop()
    }
  })

  it('fails the start when Discord refuses the token, before any process is spawned', async () => {
    const logger = recordingLogger()
    const shards = createDiscordShards({
      ...shardOptions(standIn, folder, logger),
      token: 'not-the-token',
      totalShards: 2,
    })
    await expect(shards.start()).rejects.toThrow(/^Discord rejected DISCORD_TOKEN \(401 Unauthorized\)/)
    expect(shards.pid(0)).toBeUndefined()
  })

  it('fails the start, naming the shard, when its process exits before it is ready', async () => {
    const logger = recordingLogger()
    const shards = createDiscordShards({
      ...shardOptions(standIn, folder, logger),
      // the shard's own configuration check refuses it, and the shard exits at start-up
      env: { ...shardOptions(standIn, folder, logger).env, DISCORD_APPLICATION_ID: 'not-an-id' },
      totalShards: 1,
    })
    await expect(shards.start()).rejects.toThrow(
      'Discord shard 0 of 1 exited before it was ready; its own log lines above say why',
    )
    expect(logger.lines).toContain('error: discord shard 0/1: exited before it was ready (exit code 1)')
  })
})

interface Manager {
  child: ChildProcess
  lines: Array<Record<string, unknown>>
  raw: string[]
  waitForLog(pattern: RegExp): Promise<Record<string, unknown>>
  exit: Promise<number | null>
}

/** The entry as an operator starts it, its shards writing to the same output, read line by line. */
function startEntry(env: Record<string, string>): Manager {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Array<Record<string, unknown>> = []
  const raw: string[] = []
  const waiters: Array<{ pattern: RegExp; resolve: (line: Record<string, unknown>) => void }> = []
  let buffered = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    const complete = buffered.split('\n')
    buffered = complete.pop() ?? ''
    for (const text of complete) {
      if (!text.trim()) continue
      raw.push(text)
      const line = JSON.parse(text) as Record<string, unknown>
      lines.push(line)
      for (const waiter of [...waiters]) {
        if (!waiter.pattern.test(String(line.msg))) continue
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => raw.push(`stderr: ${chunk}`))
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    lines,
    raw,
    exit,
    waitForLog(pattern) {
      const past = lines.find((line) => pattern.test(String(line.msg)))
      if (past) return Promise.resolve(past)
      return new Promise((resolve) => waiters.push({ pattern, resolve }))
    },
  }
}

describe('the entry with DISCORD_SHARDS', () => {
  let standIn: DiscordStandIn
  let folder: string

  beforeAll(async () => {
    standIn = await startDiscordStandIn({
      guilds: [GUILD_ID, SECOND_GUILD_ID],
      recommendedShards: 2,
      maxConcurrency: 2,
    })
    folder = mkdtempSync(join(tmpdir(), 'cited-answers-shards-'))
  })

  afterAll(async () => {
    await standIn?.close()
    rmSync(folder, { recursive: true, force: true })
  })

  const discordEnv = () => ({
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: standIn.apiUrl,
    EVENT_STORE: join(folder, 'events.sqlite'),
    LOG_FORMAT: 'json',
  })

  it('manages the shards, serves readiness for them all, and on SIGTERM stops them and exits 0', async () => {
    const healthPort = await freePorts(3)
    const manager = startEntry({ ...discordEnv(), DISCORD_SHARDS: 'auto', HEALTH_PORT: String(healthPort) })
    try {
      await manager.waitForLog(/^discord: all 2 shards are ready$/)
      expect(await get(healthPort, '/readyz')).toEqual({
        status: 200,
        json: {
          status: 'ready',
          checks: { 'discord-shard-0': true, 'discord-shard-1': true, accepting: true },
        },
      })
      expect(await answerTo(standIn, standIn.slashCommand(QUESTION, { guildId: SECOND_GUILD_ID }))).toContain(
        'Iran',
      )
      const pids = manager.lines
        .map((line) => /^discord shard \d\/2: started \(pid (\d+)\)$/.exec(String(line.msg))?.[1])
        .filter((pid) => pid !== undefined)
        .map(Number)
      expect(pids).toHaveLength(2)
      // each shard is the bot itself, logging to the same output
      const shardLines = manager.lines.filter((line) => pids.includes(Number(line.pid)))
      expect(shardLines.map((line) => line.msg)).toContain('discord: connected; answering questions')

      manager.child.kill('SIGTERM')
      expect(await manager.exit).toBe(0)
      expect(manager.lines.at(-1)?.msg).toBe('stopped')
      expect(pids.filter(isRunning)).toEqual([])
      expect(manager.raw.join('\n')).not.toContain(BOT_TOKEN)
    } finally {
      if (manager.child.exitCode === null) manager.child.kill('SIGKILL')
    }
  }, 60_000)

  it('stops a shard on its own when its manager is killed outright, rather than leave it unmanaged', async () => {
    const manager = startEntry({ ...discordEnv(), DISCORD_SHARDS: '1' })
    // the shard writes to the same pipe: it closes once the shard is gone too
    const output = manager.child.stdout
    const closed = output ? once(output, 'close') : Promise.reject(new Error('no output'))
    try {
      const started = await manager.waitForLog(/^discord shard 0\/1: started \(pid \d+\)$/)
      const pid = Number(/pid (\d+)/.exec(String(started.msg))?.[1])
      await manager.waitForLog(/^discord: the shard is ready$/)
      manager.child.kill('SIGKILL')
      await closed
      const said = manager.lines.filter((line) => line.pid === pid).map((line) => line.msg)
      expect(said).toContain('SIGTERM received; finishing the replies in progress, then stopping')
      expect(said.at(-1)).toBe('stopped')
    } finally {
      if (manager.child.exitCode === null) manager.child.kill('SIGKILL')
    }
  })

  it('refuses to run Slack beside the shards, saying how to run it instead', async () => {
    const manager = startEntry({
      ...discordEnv(),
      DISCORD_SHARDS: '2',
      SLACK_BOT_TOKEN: 'xoxb-not-for-shards',
      SLACK_SIGNING_SECRET: 'not-for-shards',
    })
    expect(await manager.exit).toBe(1)
    expect(manager.raw.join('')).toContain(
      'DISCORD_SHARDS runs Discord alone, but the Slack variables are set too: run Slack as a process of its own without DISCORD_SHARDS',
    )
  })
})
