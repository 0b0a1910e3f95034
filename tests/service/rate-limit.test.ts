import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { CitedAnswersError } from '../../src/errors.ts'
import { createRateLimiter, type RateLimiter } from '../../src/service/rate-limit.ts'
import { connectRedis, type RedisConnection } from '../../src/service/redis.ts'
import {
  type RedisServer,
  redisServerInstalled,
  startRedisServer,
  warnIfRedisServerMissing,
} from '../helpers/redis-server.ts'

/** `count` questions from `key`, one after another, and how many were allowed */
async function ask(limiter: RateLimiter, key: string, count: number): Promise<number> {
  let allowed = 0
  for (let i = 0; i < count; i += 1) {
    if ((await limiter.take(key)).allowed) allowed += 1
  }
  return allowed
}

describe('createRateLimiter in memory', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-05T10:00:00Z') })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('allows 20 questions in a minute and refuses the 21st, saying when to try again', async () => {
    const limiter = createRateLimiter({ perMinute: 20 })
    expect(await ask(limiter, 'slack:T1:U1', 20)).toBe(20)
    vi.advanceTimersByTime(15_000)
    expect(await limiter.take('slack:T1:U1')).toEqual({ allowed: false, retryAfterMs: 45_000 })
  })

  it('allows questions again once the window has passed', async () => {
    const limiter = createRateLimiter({ perMinute: 20 })
    expect(await ask(limiter, 'slack:T1:U1', 21)).toBe(20)
    vi.advanceTimersByTime(59_999)
    expect((await limiter.take('slack:T1:U1')).allowed).toBe(false)
    vi.advanceTimersByTime(1)
    expect(await ask(limiter, 'slack:T1:U1', 21)).toBe(20)
  })

  it('takes the window from durationSeconds', async () => {
    const limiter = createRateLimiter({ perMinute: 2, durationSeconds: 1 })
    expect(await ask(limiter, 'discord:U1', 3)).toBe(2)
    vi.advanceTimersByTime(1_000)
    expect(await ask(limiter, 'discord:U1', 3)).toBe(2)
  })

  it('counts each key apart', async () => {
    const limiter = createRateLimiter({ perMinute: 20 })
    expect(await ask(limiter, 'slack:T1:U1', 25)).toBe(20)
    expect(await ask(limiter, 'slack:T1:U2', 25)).toBe(20)
    expect(await ask(limiter, 'discord:U1', 1)).toBe(1)
  })

  it('forgets a key when its window ends, so memory holds only recent askers', async () => {
    const limiter = createRateLimiter({ perMinute: 20 })
    for (let user = 0; user < 1_000; user += 1) await limiter.take(`slack:T1:U${user}`)
    // one expiry timer per key remembered
    expect(vi.getTimerCount()).toBe(1_000)
    vi.advanceTimersByTime(60_000)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('never refuses when perMinute is 0', async () => {
    const limiter = createRateLimiter({ perMinute: 0 })
    expect(await ask(limiter, 'slack:T1:U1', 1_000)).toBe(1_000)
  })

  it.each([
    [{ perMinute: -1 }, /RATE_LIMIT_PER_MINUTE must be a whole number .* got -1/],
    [{ perMinute: 2.5 }, /RATE_LIMIT_PER_MINUTE must be a whole number .* got 2.5/],
    [
      { perMinute: 20, durationSeconds: 0.5 },
      /window must be a whole number of seconds, at least 1; got 0.5/,
    ],
  ])('refuses the settings %o', (options, message) => {
    const attempt = () => createRateLimiter(options)
    expect(attempt).toThrow(CitedAnswersError)
    expect(attempt).toThrow(message)
  })
})

warnIfRedisServerMissing('the Redis rate-limit tests (tests/service/rate-limit.test.ts)')

describe.skipIf(!redisServerInstalled)('createRateLimiter with Redis', () => {
  let server: RedisServer
  const connections: RedisConnection[] = []
  let prefix = 0

  beforeAll(async () => {
    server = await startRedisServer()
  })
  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()))
    await server.stop()
  })

  const connected = async () => {
    const connection = await connectRedis(server.url)
    connections.push(connection)
    return connection
  }
  /** each test's keys apart from the others', on one server */
  const nextPrefix = () => {
    prefix += 1
    return `test-${prefix}:rl`
  }

  it('counts in Redis, so two replicas share one allowance', async () => {
    const keyPrefix = nextPrefix()
    const first = createRateLimiter({ perMinute: 20, redis: (await connected()).client, keyPrefix })
    const second = createRateLimiter({ perMinute: 20, redis: (await connected()).client, keyPrefix })
    expect(await ask(first, 'slack:T1:U1', 12)).toBe(12)
    expect(await ask(second, 'slack:T1:U1', 8)).toBe(8)
    const refused = await second.take('slack:T1:U1')
    expect(refused.allowed).toBe(false)
    expect(refused.allowed === false && refused.retryAfterMs).toBeGreaterThan(55_000)
    expect((await first.take('slack:T1:U1')).allowed).toBe(false)
    // another user is counted apart
    expect(await ask(second, 'slack:T1:U2', 1)).toBe(1)
    const { client } = await connected()
    expect(await client.get(`${keyPrefix}:slack:T1:U1`)).toBe('22')
    expect(await client.pttl(`${keyPrefix}:slack:T1:U1`)).toBeGreaterThan(55_000)
  })

  it('keeps counting across a restart', async () => {
    const keyPrefix = nextPrefix()
    const before = await connected()
    expect(
      await ask(createRateLimiter({ perMinute: 20, redis: before.client, keyPrefix }), 'discord:U1', 20),
    ).toBe(20)
    await before.close()
    const after = createRateLimiter({ perMinute: 20, redis: (await connected()).client, keyPrefix })
    expect((await after.take('discord:U1')).allowed).toBe(false)
  })

  it('allows questions again once the window has passed', async () => {
    const keyPrefix = nextPrefix()
    const limiter = createRateLimiter({
      perMinute: 2,
      durationSeconds: 1,
      redis: (await connected()).client,
      keyPrefix,
    })
    expect(await ask(limiter, 'slack:T1:U1', 3)).toBe(2)
    const { client } = await connected()
    // Redis's own clock decides: wait until it has let the count go
    await vi.waitFor(
      async () => {
        expect(await client.exists(`${keyPrefix}:slack:T1:U1`)).toBe(0)
      },
      { timeout: 3_000, interval: 50 },
    )
    expect(await ask(limiter, 'slack:T1:U1', 3)).toBe(2)
  })
})

describe.skipIf(!redisServerInstalled)('createRateLimiter when Redis fails', () => {
  it('lets questions through, counting in memory, and reports the failure once', async () => {
    const server = await startRedisServer()
    const connection = await connectRedis(server.url)
    try {
      const errors: Error[] = []
      const limiter = createRateLimiter({
        perMinute: 20,
        redis: connection.client,
        keyPrefix: 'down:rl',
        onStoreError: (error) => errors.push(error),
      })
      expect(await ask(limiter, 'slack:T1:U1', 5)).toBe(5)
      expect(errors).toEqual([])

      await server.stop()
      expect(await limiter.take('slack:T1:U1')).toEqual({ allowed: true })
      expect(errors).toHaveLength(1)
      expect(errors[0]).toBeInstanceOf(Error)
      expect(errors[0]?.message).not.toContain('slack:T1:U1')
      expect(errors[0]).not.toHaveProperty('command')

      // a flood is still stopped by this process's memory, and the log is told once, not per question
      expect(await ask(limiter, 'slack:T1:U1', 24)).toBe(19)
      expect(await ask(limiter, 'slack:T1:U2', 1)).toBe(1)
      expect(errors).toHaveLength(1)
    } finally {
      await connection.close()
      await server.stop()
    }
  })
})
