/**
 * A per-user allowance of questions, so that one person (or one script) flooding /ask cannot slow the bot
 * for everyone else. In memory by default; shared through Redis when REDIS_URL is set, so that replicas
 * and restarts count alike.
 */
import type { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import { CitedAnswersError } from '../errors.ts'

/** What became of one question offered to the limiter. */
export type Allowance = { allowed: true } | { allowed: false; retryAfterMs: number }

export interface RateLimiter {
  /**
   * Take one question from `key`'s allowance (a key names a platform and a user, for example
   * `slack:T123:U456`). Never rejects: a store that cannot be reached lets the question through, since
   * answering is worth more than limiting.
   */
  take(key: string): Promise<Allowance>
}

/** A limiter that never refuses: RATE_LIMIT_PER_MINUTE=0. */
export const unlimited: RateLimiter = { take: async () => ({ allowed: true }) }

/** What a user is told when their allowance is spent: friendly, with when to try again. */
export function rateLimitedText(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  return `You're asking faster than I can keep up with. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`
}

export interface RateLimiterOptions {
  /** questions one key may ask per window (RATE_LIMIT_PER_MINUTE); 0 turns limiting off */
  perMinute: number
  /** a client from `connectRedis`, so that replicas and restarts share counts; in memory without it */
  redis?: Redis
  /** how long a window lasts: a minute, shorter only in tests */
  durationSeconds?: number
  /** where counts are kept in Redis, before the key */
  keyPrefix?: string
  /**
   * Told when Redis could not be asked and the question was counted in this process's memory instead;
   * at most once a minute while failures go on. The error names no key, so no user id.
   */
  onStoreError?: (error: Error) => void
}

const DEFAULT_KEY_PREFIX = 'cited-answers:rl'

/** an outage fails every question; one line a minute says so without flooding the log */
const REPORT_EVERY_MS = 60_000

/**
 * A limiter allowing `perMinute` questions per key per window, counted from a key's first question
 * (rate-limiter-flexible's fixed window). In memory, a key is forgotten when its window ends, so memory
 * holds only the keys that asked in the last window.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perMinute, redis, durationSeconds = 60, keyPrefix = DEFAULT_KEY_PREFIX, onStoreError } = options
  if (!Number.isSafeInteger(perMinute) || perMinute < 0) {
    throw new CitedAnswersError(
      'invalid-config',
      `RATE_LIMIT_PER_MINUTE must be a whole number of questions per user per minute, or 0 to turn limiting off; got ${perMinute}`,
    )
  }
  // Redis keeps whole seconds: a shorter window would make counts that never expire
  if (!Number.isSafeInteger(durationSeconds) || durationSeconds < 1) {
    throw new CitedAnswersError(
      'invalid-config',
      `a rate limit's window must be a whole number of seconds, at least 1; got ${durationSeconds}`,
    )
  }
  if (perMinute === 0) return unlimited

  const memory = new RateLimiterMemory({ points: perMinute, duration: durationSeconds, keyPrefix })
  if (redis === undefined) return { take: (key) => consume(memory, key) }

  const shared = new RateLimiterRedis({
    storeClient: redis,
    points: perMinute,
    duration: durationSeconds,
    keyPrefix,
    // a key over its allowance is refused from memory until its window ends, so a flood spares Redis
    inMemoryBlockOnConsumed: perMinute + 1,
    // fail at once while reconnecting rather than wait, whatever the client's offline queue
    rejectIfRedisNotReady: true,
  })
  let reportedAt = Number.NEGATIVE_INFINITY
  const report = (error: unknown) => {
    const time = Date.now()
    if (onStoreError === undefined || time - reportedAt < REPORT_EVERY_MS) return
    reportedAt = time
    onStoreError(withoutCommand(error))
  }
  return {
    async take(key) {
      try {
        await shared.consume(key)
        return { allowed: true }
      } catch (error) {
        if (error instanceof RateLimiterRes) return refused(error)
        report(error)
        // rate-limiter-flexible's insuranceLimiter would do the same, but without telling anyone
        return consume(memory, key)
      }
    },
  }
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<Allowance> {
  try {
    await limiter.consume(key)
    return { allowed: true }
  } catch (error) {
    // a memory limiter rejects only with a refusal; anything else lets the question through all the same
    return error instanceof RateLimiterRes ? refused(error) : { allowed: true }
  }
}

function refused(result: RateLimiterRes): Allowance {
  return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(result.msBeforeNext)) }
}

/** ioredis attaches the failed command, whose arguments hold the key and so a user id */
function withoutCommand(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error))
  const copy = new Error(error.message)
  copy.name = error.name
  return copy
}
