/** Reading back what an adapter wrote to the feedback log, which it writes after replying. */
import { existsSync, readFileSync } from 'node:fs'

export type Logged = Record<string, unknown>

/** The log's entries that pass `keep`, without their times, once `done` says so or after two seconds. */
export async function waitForLogged(
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
