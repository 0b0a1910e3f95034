/**
 * A real redis-server for tests (src/cli/local-redis.ts, which `npm run bench` uses too). Tests that
 * need one are skipped, saying so, where redis-server is not installed.
 */
import { redisServerMissing } from '../../src/cli/local-redis.ts'

export {
  freePort,
  type RedisServer,
  type RedisServerOptions,
  startRedisServer,
} from '../../src/cli/local-redis.ts'

const missing = redisServerMissing()

/** whether `redis-server` can be run here */
export const redisServerInstalled = missing === undefined

/** Say, once per test file, which tests are skipped for want of redis-server, and how to run them. */
export function warnIfRedisServerMissing(tests: string): void {
  if (!missing) return
  // biome-ignore lint/suspicious/noConsole: a skipped test must be seen to be skipped, not pass in silence
  console.warn(`SKIPPED ${tests}: ${missing.reason}. Install it to run them: ${missing.install}.`)
}
