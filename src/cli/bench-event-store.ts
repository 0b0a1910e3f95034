/**
 * `npm run bench`: the time the event store adds to each answer, as the adapters call it
 * (`recordAnswered`, after the reply has gone out), on the embedded SQLite store and on PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { handle, type Reply } from '../commands.ts'
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import { silentLogger } from '../logger.ts'
import { createEmbeddedStore } from '../store/embedded.ts'
import { createPostgresStore } from '../store/postgres.ts'
import { recordAnswered } from '../store/record.ts'
import type { EventStore } from '../store/store.ts'
import { ms, quantile, verdict } from './bench-figures.ts'

/** what an answer may add to the reply's path at most, at the 99th percentile */
const TARGET_P99_MS = 1

/** appends first made and not timed: the store's opening, its migrations and its statements' preparing */
const WARM_UP = 100

/** the answers a Slack /ask gives to the questions, as the adapter has them when it records one */
export function answeredReplies(kb: KnowledgeBase, questions: readonly string[]): Reply[] {
  return questions
    .map((question) => handle({ kind: 'ask', question }, kb, { limit: 3 }))
    .filter((reply) => reply.kind === 'answer' && reply.answer.kind === 'answered')
}

/**
 * Milliseconds each of `count` appends of answered events takes, one after another as one replica's
 * answers are, sorted: private answers in a dozen channels, each by one of many users, so every append
 * hashes its asker as a slash command's does.
 */
export async function timeAnswerAppends(
  store: EventStore,
  replies: readonly Reply[],
  count: number,
): Promise<number[]> {
  if (replies.length === 0) throw new Error('no answered question to record')
  const record = (at: number) =>
    recordAnswered(
      store,
      { platform: 'slack', workspace: 'T0BENCH', channel: `C0BENCH${at % 12}` },
      replies[at % replies.length] as Reply,
      { visibility: 'private', asker: `U0ASKER${at % 997}` },
      silentLogger,
    )
  for (let at = 0; at < WARM_UP; at++) await record(at)
  // the bench's own heap (earlier sections' knowledge bases) is no part of an append's cost
  globalThis.gc?.()
  const samples: number[] = []
  for (let at = 0; at < count; at++) {
    const start = performance.now()
    await record(WARM_UP + at)
    samples.push(performance.now() - start)
  }
  return samples.sort((a, b) => a - b)
}

const summary = (samples: readonly number[]) => {
  const p99 = quantile(samples, 0.99)
  return `median ${ms(quantile(samples, 0.5))} ms  p99 ${ms(p99)} ms  ${verdict(p99, TARGET_P99_MS)}  (${samples.length} appends)`
}

/** recordAnswered on the embedded store, a new SQLite file in the temporary folder */
export async function benchEmbeddedAppends(replies: readonly Reply[], count: number): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'cited-answers-bench-store-'))
  const store = createEmbeddedStore(join(folder, 'events.sqlite'))
  try {
    const samples = await timeAnswerAppends(store, replies, count)
    console.log(`  embedded (SQLite, WAL)            ${summary(samples)}`)
  } finally {
    await store.close()
    rmSync(folder, { recursive: true, force: true })
  }
}

/** recordAnswered on PostgreSQL, over the loopback of this machine */
export async function benchPostgresAppends(
  databaseUrl: string,
  replies: readonly Reply[],
  count: number,
): Promise<void> {
  const store = createPostgresStore(databaseUrl)
  try {
    const samples = await timeAnswerAppends(store, replies, count)
    console.log(`  PostgreSQL (loopback, fsync off) ${summary(samples)}`)
  } finally {
    await store.close()
  }
}
