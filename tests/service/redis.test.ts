import { once } from 'node:events'
import { createServer, type Socket } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { CitedAnswersError } from '../../src/errors.ts'
import type { Logger } from '../../src/logger.ts'
import { connectRedis, describeRedisUrl } from '../../src/service/redis.ts'
import {
  freePort,
  redisServerInstalled,
  startRedisServer,
  warnIfRedisServerMissing,
} from '../helpers/redis-server.ts'

const PASSWORD = 'correct-horse-battery'

/** a logger that keeps its lines, as "level: message" */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  }
}

/** how connectRedis failed, and how long it took */
async function failure(url: string, timeoutMs: number, logger?: Logger) {
  const started = performance.now()
  const error = await connectRedis(url, { timeoutMs, ...(logger ? { logger } : {}) }).then(
    async (connection) => {
      await connection.close()
      throw new Error(`connected to ${url}`)
    },
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(CitedAnswersError)
  expect(error).toMatchObject({ code: 'invalid-config' })
  const { message } = error as CitedAnswersError
  expect(message).toContain('REDIS_URL')
  expect(message).not.toContain(PASSWORD)
  return { message, ms: performance.now() - started }
}

describe('describeRedisUrl', () => {
  it.each([
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    [`redis://:${PASSWORD}@cache.internal:6380/2`, 'redis://***@cache.internal:6380/2'],
    [`rediss://bot:${PASSWORD}@cache.example.com`, 'rediss://***@cache.example.com'],
  ])('shows %s as %s', (url, shown) => {
    expect(describeRedisUrl(url)).toBe(shown)
  })
})

describe('connectRedis with a wrong REDIS_URL', () => {
  it.each([
    [
      `redis//:${PASSWORD}@localhost:6379`,
      /^REDIS_URL is not a URL: set it to redis:\/\/\[user:password@\]host:port/,
    ],
    [
      `http://bot:${PASSWORD}@localhost:6379`,
      /^REDIS_URL must start with redis:\/\/ \(or rediss:\/\/ for TLS\); got "http:\/\/…"$/,
    ],
    [`redis://:${PASSWORD}@localhost:6379/cache`, /^REDIS_URL's path must be a database number/],
  ])('refuses %s at once, without echoing its password', async (url, expected) => {
    const { message, ms } = await failure(url, 5_000)
    expect(message).toMatch(expected)
    expect(ms).toBeLessThan(1_000)
  })

  it('fails within the deadline when nothing listens at the port, saying why', async () => {
    const port = await freePort()
    const logger = recordingLogger()
    const { message, ms } = await failure(`redis://:${PASSWORD}@127.0.0.1:${port}`, 500, logger)
    expect(message).toBe(
      `Could not connect to Redis at REDIS_URL (redis://***@127.0.0.1:${port}) within 0.5 s (connect ECONNREFUSED 127.0.0.1:${port}): check that it names a running Redis reachable from here (rediss:// if it takes only TLS), or unset REDIS_URL to keep rate limits and seen Slack requests in this process's memory`,
    )
    expect(ms).toBeGreaterThanOrEqual(450)
    expect(ms).toBeLessThan(1_500)
    // told once while it retries, not at every attempt
    expect(logger.lines).toEqual([
      `warn: redis: could not connect to redis://***@127.0.0.1:${port} yet (connect ECONNREFUSED 127.0.0.1:${port}); retrying for up to 0.5 s`,
    ])
  })

  it('fails within the deadline when the server never answers', async () => {
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => {
      sockets.add(socket)
      socket.on('error', () => {})
    })
    silent.listen(0, '127.0.0.1')
    await once(silent, 'listening')
    const address = silent.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    try {
      const { message, ms } = await failure(`redis://127.0.0.1:${port}`, 700)
      expect(message).toMatch(
        new RegExp(
          `^Could not connect to Redis at REDIS_URL \\(redis://127\\.0\\.0\\.1:${port}\\) within 0\\.7 s`,
        ),
      )
      expect(ms).toBeGreaterThanOrEqual(650)
      expect(ms).toBeLessThan(2_000)
      expect(sockets.size).toBeGreaterThan(0)
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })
})

warnIfRedisServerMissing('the connectRedis tests against a real server (tests/service/redis.test.ts)')

describe.skipIf(!redisServerInstalled)('connectRedis with a real server', () => {
  it('connects, answers, and quits gracefully, more than once harmlessly', async () => {
    const server = await startRedisServer()
    const logger = recordingLogger()
    try {
      const connection = await connectRedis(server.url, { logger })
      expect(connection.client.status).toBe('ready')
      expect(await connection.client.ping()).toBe('PONG')
      expect(await connection.client.client('GETNAME')).toBe('cited-answers')
      await connection.close()
      await connection.close()
      expect(connection.client.status).toBe('end')
      expect(logger.lines).toEqual([`info: redis: connected to ${server.url}`])
    } finally {
      await server.stop()
    }
  })

  it.each([
    [
      'a wrong password',
      `redis://:wrong-${PASSWORD}@127.0.0.1`,
      /\(WRONGPASS invalid username-password pair/,
    ],
    ['no password', 'redis://127.0.0.1', /\(NOAUTH /],
  ])('fails at once, before the deadline, when given %s', async (_, url, expected) => {
    const server = await startRedisServer({ args: ['--requirepass', PASSWORD] })
    try {
      const { message, ms } = await failure(url.replace('127.0.0.1', `127.0.0.1:${server.port}`), 5_000)
      expect(message).toMatch(
        /^Redis at REDIS_URL \(redis:\/\/(\*\*\*@)?127\.0\.0\.1:\d+\) refused the connection/,
      )
      expect(message).toMatch(expected)
      expect(message).toMatch(/check the user name, password and database number in REDIS_URL/)
      expect(ms).toBeLessThan(2_000)
    } finally {
      await server.stop()
    }
  })

  it('waits for a Redis that starts after the bot', async () => {
    const port = await freePort()
    const logger = recordingLogger()
    const connecting = connectRedis(`redis://127.0.0.1:${port}`, { timeoutMs: 10_000, logger })
    await vi.waitFor(() => expect(logger.lines).toHaveLength(1))
    const server = await startRedisServer({ port })
    try {
      const connection = await connecting
      expect(await connection.client.ping()).toBe('PONG')
      await connection.close()
    } finally {
      await server.stop()
    }
  })

  it('fails commands at once while Redis is gone, and reconnects when it is back', async () => {
    let server = await startRedisServer()
    const { port } = server
    const logger = recordingLogger()
    const connection = await connectRedis(server.url, { logger })
    try {
      await connection.client.set('kept', '1')
      await server.stop()
      await vi.waitFor(() => expect(connection.client.status).not.toBe('ready'))
      const started = performance.now()
      await expect(connection.client.get('kept')).rejects.toThrow()
      expect(performance.now() - started).toBeLessThan(100)

      server = await startRedisServer({ port })
      await vi.waitFor(() => expect(connection.client.status).toBe('ready'), { timeout: 10_000 })
      expect(await connection.client.ping()).toBe('PONG')
      expect(logger.lines).toEqual([
        `info: redis: connected to ${server.url}`,
        expect.stringMatching(
          new RegExp(`^warn: redis: lost the connection to redis://127\\.0\\.0\\.1:${port} \\(`),
        ),
        `info: redis: connected again to ${server.url}`,
      ])
    } finally {
      await connection.close()
      await server.stop()
    }
  })
})
