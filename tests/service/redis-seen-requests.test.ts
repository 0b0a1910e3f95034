import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRedisSeenRequests } from '../../adapters/slack/redis-seen-requests.ts'
import { connectRedis, type RedisConnection } from '../../src/service/redis.ts'
import {
  type RedisServer,
  redisServerInstalled,
  startRedisServer,
  warnIfRedisServerMissing,
} from '../helpers/redis-server.ts'

warnIfRedisServerMissing(
  "the Redis tests of Slack's seen requests (tests/service/redis-seen-requests.test.ts)",
)

const signature = (n: number) => `v0=${n.toString(16).padStart(64, 'a')}`

describe.skipIf(!redisServerInstalled)('createRedisSeenRequests', () => {
  let server: RedisServer
  let first: RedisConnection
  let second: RedisConnection

  beforeAll(async () => {
    server = await startRedisServer()
    first = await connectRedis(server.url)
    second = await connectRedis(server.url)
  })
  afterAll(async () => {
    await first?.close()
    await second?.close()
    await server?.stop()
  })

  it('takes a request the first time, and refuses it from another replica', async () => {
    const here = createRedisSeenRequests(first.client, { prefix: 'test:replicas' })
    const there = createRedisSeenRequests(second.client, { prefix: 'test:replicas' })
    const expiresAt = Date.now() + 300_000
    expect(await here.firstSeen(signature(1), expiresAt)).toBe(true)
    expect(await there.firstSeen(signature(1), expiresAt)).toBe(false)
    expect(await here.firstSeen(signature(1), expiresAt)).toBe(false)
    expect(await there.firstSeen(signature(2), expiresAt)).toBe(true)
  })

  it('keeps a hash of the signature, of fixed length, until the request expires', async () => {
    const seen = createRedisSeenRequests(first.client, { prefix: 'test:keys', now: () => 1_000_000 })
    expect(await seen.firstSeen(signature(3), 1_000_000 + 300_000)).toBe(true)
    const keys = await first.client.keys('test:keys:*')
    expect(keys).toEqual([expect.stringMatching(/^test:keys:[0-9a-f]{64}$/)])
    expect(keys[0]).not.toContain(signature(3).slice(3))
    const ttl = await first.client.pttl(keys[0] ?? '')
    expect(ttl).toBeGreaterThan(299_000)
    expect(ttl).toBeLessThanOrEqual(300_000)
  })

  it('forgets a request once it has expired', async () => {
    const seen = createRedisSeenRequests(first.client, { prefix: 'test:expiry' })
    expect(await seen.firstSeen(signature(4), Date.now() + 100)).toBe(true)
    expect(await seen.firstSeen(signature(4), Date.now() + 100)).toBe(false)
    // Redis's own clock decides: ask until it has let the signature go
    await vi.waitFor(
      async () => {
        expect(await first.client.keys('test:expiry:*')).toEqual([])
      },
      { timeout: 3_000, interval: 20 },
    )
    expect(await seen.firstSeen(signature(4), Date.now() + 60_000)).toBe(true)
  })

  it('remembers a request already past its expiry for a moment, rather than refusing to store it', async () => {
    const seen = createRedisSeenRequests(first.client, { prefix: 'test:past' })
    expect(await seen.firstSeen(signature(5), Date.now() - 5_000)).toBe(true)
  })

  it('takes a request offered 50 times at once to two replicas exactly once', async () => {
    const replicas = [first, second].map(({ client }) =>
      createRedisSeenRequests(client, { prefix: 'test:race' }),
    )
    const expiresAt = Date.now() + 300_000
    const taken = await Promise.all(
      Array.from({ length: 50 }, (_, n) => replicas[n % 2]?.firstSeen(signature(8), expiresAt)),
    )
    expect(taken.filter((answer) => answer === true)).toHaveLength(1)
    expect(taken.filter((answer) => answer === false)).toHaveLength(49)
  })

  it('takes each of 50 requests, each offered at once to two replicas, exactly once', async () => {
    const here = createRedisSeenRequests(first.client, { prefix: 'test:races' })
    const there = createRedisSeenRequests(second.client, { prefix: 'test:races' })
    const expiresAt = Date.now() + 300_000
    const taken = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        Promise.all([
          here.firstSeen(signature(100 + n), expiresAt),
          there.firstSeen(signature(100 + n), expiresAt),
        ]),
      ),
    )
    expect(taken.map(([a, b]) => Number(a) + Number(b))).toEqual(Array(50).fill(1))
  })

  it('rejects when Redis cannot be asked, so the receiver takes the request', async () => {
    const own = await startRedisServer()
    const connection = await connectRedis(own.url)
    try {
      const seen = createRedisSeenRequests(connection.client)
      expect(await seen.firstSeen(signature(6), Date.now() + 60_000)).toBe(true)
      await own.stop()
      await expect(seen.firstSeen(signature(7), Date.now() + 60_000)).rejects.toThrow()
    } finally {
      await connection.close()
      await own.stop()
    }
  })
})
