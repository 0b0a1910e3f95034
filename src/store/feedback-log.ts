/**
 * The feedback log kept in the event store: the adapters' `recordVote` and `recordDeclined` (record.ts)
 * write here as they write to the JSONL log, and `kb feedback` reads the same report back from either.
 */
import { CitedAnswersError } from '../errors.ts'
import {
  type FeedbackEntry,
  type FeedbackLog,
  type FeedbackLogOptions,
  MAX_LINE_BYTES,
  type Recorded,
} from '../feedback.ts'
import type { DeclinedEvent, EventStore, Scope, Visibility } from './store.ts'

/** an entry with where it happened, for adapters that say (the fields are optional in every entry) */
type ScopedEntry = FeedbackEntry & { workspace?: string; channel?: string }

/**
 * How a declined question was shown, which an adapter adds to its entry (`recordDeclined` in record.ts):
 * kept in the event store only, for a recap's privacy rule; the JSONL log writes fields of its own choosing
 * and leaves these out.
 */
export interface DeclinedShown {
  visibility?: Visibility
  /** the platform's id of who asked a private question, which the store keeps only as a hash */
  asker?: string
}

function shownOf(entry: FeedbackEntry): Pick<DeclinedEvent, 'visibility' | 'asker'> {
  const { visibility, asker } = entry as { visibility?: unknown; asker?: unknown }
  return {
    ...(visibility === 'private' || visibility === 'channel' ? { visibility } : {}),
    ...(typeof asker === 'string' ? { asker } : {}),
  }
}

function scopeOf(entry: ScopedEntry): Scope {
  return {
    platform: entry.platform,
    ...(entry.workspace ? { workspace: entry.workspace } : {}),
    ...(entry.channel ? { channel: entry.channel } : {}),
  }
}

/** A FeedbackLog that appends votes and declined questions to `store`; `check()` opens and migrates it. */
export function createStoreFeedbackLog(store: EventStore, options: FeedbackLogOptions = {}): FeedbackLog {
  const { recordUnanswered = true, now } = options
  return {
    async check() {
      await store.open()
    },
    async record(entry): Promise<Recorded> {
      if ('unanswered' in entry && !recordUnanswered) return { kind: 'off' }
      // the JSONL log's bound, so both logs refuse the same entries: claims no answer of the bot shows
      const bytes = Buffer.byteLength(JSON.stringify(entry))
      if (bytes > MAX_LINE_BYTES) {
        return {
          kind: 'refused',
          error: new CitedAnswersError(
            'invalid-input',
            `Not written to the event store ${store.location}: the entry is ${bytes} bytes, over the ${MAX_LINE_BYTES} an entry may hold (its claims are not those of an answer the bot gives).`,
          ),
        }
      }
      const scope = scopeOf(entry)
      const at = now ? { at: now() } : {}
      try {
        if ('unanswered' in entry)
          await store.append({ kind: 'declined', scope, question: entry.question, ...shownOf(entry), ...at })
        else {
          const { user, question, claims, vote } = entry
          await store.append({ kind: 'vote', scope, user, question, claims, vote, ...at })
        }
        return { kind: 'recorded' }
      } catch (error) {
        return {
          kind: 'failed',
          error:
            error instanceof CitedAnswersError
              ? error
              : new CitedAnswersError('invalid-config', `Cannot write the event store ${store.location}`, {
                  cause: error,
                }),
        }
      }
    },
  }
}
