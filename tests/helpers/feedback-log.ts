/** Reading back what an adapter wrote to the feedback log, which it writes after replying. */
import { existsSync, readFileSync } from 'node:fs'
import { expect } from 'vitest'

type Logged = Record<string, unknown>

/** The log's entries that pass `keep`, without their times, once `done` says so or after two seconds. */
async function waitForLogged(
  file: string,
  keep: (entry: Logged) => boolean,
  done: (entries: Logged[]) => boolean,
): Promise<Logged[]> {
  let kept: Logged[] = []
  for (let attempt = 0; attempt < 100 && !done(kept); attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20))
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []
    kept = lines
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Logged)
      .filter(keep)
      .map(({ at, ...entry }) => entry)
  }
  return kept
}

/**
 * Expect the log to hold each of `declined` as an unanswered question from `platform`, with nothing about
 * who asked, and none of `answered`. Entries may land in any order: each is written after its own reply.
 * Ask an answered question before the last declined one, so that an entry for it would be among those read.
 */
export async function expectLoggedUnanswered(
  file: string,
  platform: string,
  declined: readonly string[],
  answered: readonly string[],
): Promise<void> {
  const asked = [...declined, ...answered]
  const logged = await waitForLogged(
    file,
    (entry) => entry.unanswered === true && asked.includes(entry.question as string),
    (entries) => entries.length >= declined.length,
  )
  expect(logged).toEqual(
    expect.arrayContaining(declined.map((question) => ({ platform, question, unanswered: true }))),
  )
  expect(logged).toHaveLength(declined.length)
}
