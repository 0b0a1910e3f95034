/**
 * The requests seen by any replica, kept in Redis: with several replicas behind one URL, a replayed
 * request may reach another process than the first one did.
 */
import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { SeenRequests } from './seen-requests.ts'

export interface RedisSeenRequestsOptions {
  /** what every key starts with, so that the bot's keys are told from others in a shared Redis */
  prefix?: string
  /** the clock, in ms since the epoch */
  now?: () => number
}

const DEFAULT_PREFIX = 'cited-answers:slack:seen'

/**
 * Signatures seen, remembered by Redis until they expire. SET NX is atomic, so of two replicas offered
 * the same request at once exactly one takes it. Fails (rejects) when Redis does; the receiver then takes
 * the request, since refusing all would stop the bot.
 */
export function createRedisSeenRequests(redis: Redis, options: RedisSeenRequestsOptions = {}): SeenRequests {
  const { prefix = DEFAULT_PREFIX, now = Date.now } = options
  return {
    async firstSeen(signature, expiresAt) {
      // a hash: keys of one length, and no signature sitting in Redis
      const key = `${prefix}:${createHash('sha256').update(signature).digest('hex')}`
      // PX takes whole milliseconds above 0; a request already expired is refused by Bolt anyway
      const ttlMs = Math.max(1, Math.ceil(expiresAt - now()))
      return (await redis.set(key, '1', 'PX', ttlMs, 'NX')) === 'OK'
    },
  }
}
