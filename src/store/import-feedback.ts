/**
 * Moving a JSONL feedback log into the event store, once: each entry is keyed by a hash of itself (and
 * how many identical entries came before it), so importing the same log again, or the same log after more
 * lines were appended to it, adds only what is new.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { CitedAnswersError } from '../errors.ts'
import { type FeedbackLogContents, readFeedbackLog } from '../feedback.ts'
import type { EventStore, ImportedEntry } from './store.ts'

export interface FeedbackImport {
  /** entries read from the log */
  read: number
  /** entries new to the store */
  added: number
  /** lines of the log that are not entries, as `kb feedback` reports them */
  skipped: FeedbackLogContents['skipped']
  /** entries whose time is not a date, which the store cannot place, so not imported */
  undated: number
}

/** Import the JSONL feedback log at `path` into `store`; importing it again adds nothing. */
export async function importFeedbackLog(store: EventStore, path: string): Promise<FeedbackImport> {
  if (!existsSync(path)) {
    throw new CitedAnswersError(
      'not-found',
      `No feedback log at ${path}; name the JSONL file the bot wrote (FEEDBACK_LOG).`,
    )
  }
  const { entries, skipped } = await readFeedbackLog(path)
  const seen = new Map<string, number>()
  const keyed: ImportedEntry[] = []
  let undated = 0
  for (const entry of entries) {
    if (Number.isNaN(Date.parse(entry.at))) {
      undated += 1
      continue
    }
    const hash = createHash('sha256').update(JSON.stringify(entry)).digest('hex')
    // two identical lines (one question declined twice within a millisecond) are two entries
    const occurrence = seen.get(hash) ?? 0
    seen.set(hash, occurrence + 1)
    keyed.push({ key: `${hash}:${occurrence}`, entry })
  }
  const added = await store.importEntries(keyed)
  return { read: entries.length, added, skipped, undated }
}
