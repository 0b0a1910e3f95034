import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { CitedAnswersError } from '../../src/errors.ts'
import { createPostgresStore, describePostgresUrl } from '../../src/store/postgres.ts'
import { postgresInstalled, startPostgresServer, warnIfPostgresMissing } from '../helpers/postgres-server.ts'
import { freePort } from '../helpers/redis-server.ts'
import { describeEventStore } from './store-suite.ts'

warnIfPostgresMissing('the PostgreSQL event store tests (tests/store/postgres.test.ts)')

describeEventStore(
  'PostgreSQL',
  async () => {
    const server = await startPostgresServer()
    return {
      fresh: () => server.createDatabase(),
      create: (url) => createPostgresStore(url),
      async rows(url, sql) {
        const client = new pg.Client({ connectionString: url })
        await client.connect()
        try {
          return (await client.query(sql)).rows
        } finally {
          await client.end()
        }
      },
      stop: () => server.stop(),
    }
  },
  !postgresInstalled,
)

describe('the PostgreSQL event store', () => {
  it('names its database without the password', () => {
    expect(describePostgresUrl('postgres://bot:s3cret@db.internal:5432/events?sslmode=require')).toBe(
      'postgres://bot@db.internal:5432/events',
    )
  })

  it('says which database it cannot reach and what to check, without the password', async () => {
    const port = await freePort()
    const store = createPostgresStore(`postgres://bot:s3cret@127.0.0.1:${port}/events`, {
      connectTimeoutMs: 2_000,
    })
    const opening = store.open()
    await expect(opening).rejects.toBeInstanceOf(CitedAnswersError)
    await expect(opening).rejects.toThrow(
      new RegExp(`Cannot open the event store postgres://bot@127\\.0\\.0\\.1:${port}/events .*DATABASE_URL`),
    )
    await expect(opening).rejects.not.toThrow(/s3cret/)
    await store.close()
  })
})
