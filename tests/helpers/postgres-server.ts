/**
 * A real PostgreSQL for tests (src/cli/local-postgres.ts, which `npm run bench` uses too). Tests that
 * need one are skipped, saying so, where PostgreSQL is not installed.
 */
import { postgresMissing } from '../../src/cli/local-postgres.ts'

export { type PostgresServer, startPostgresServer } from '../../src/cli/local-postgres.ts'

const missing = postgresMissing()

/** whether initdb and postgres can be run here */
export const postgresInstalled = missing === undefined

/** Say, once per test file, which tests are skipped for want of PostgreSQL, and how to run them. */
export function warnIfPostgresMissing(tests: string): void {
  if (!missing) return
  // biome-ignore lint/suspicious/noConsole: a skipped test must be seen to be skipped, not pass in silence
  console.warn(`SKIPPED ${tests}: ${missing.reason}. Install it to run them: ${missing.install}.`)
}
