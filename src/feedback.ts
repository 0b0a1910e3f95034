/**
 * The feedback log: every 👍 / 👎 with the question, the claims shown and who voted, one JSON object per
 * line, so a curator can read it, grep it, or load it into a spreadsheet.
 */
import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'

export type Vote = 'up' | 'down'

export interface FeedbackEntry {
  platform: string
  user: string
  question: string
  claims: string[]
  vote: Vote
}

export interface FeedbackLog {
  record(entry: FeedbackEntry): Promise<void>
}

/** A feedback log appending to a JSON Lines file (created with its folder on the first vote). */
export function createFeedbackLog(path: string, now: () => Date = () => new Date()): FeedbackLog {
  let ready: Promise<unknown> | undefined
  return {
    async record(entry) {
      ready ??= mkdir(dirname(path), { recursive: true })
      await ready
      await appendFile(path, `${JSON.stringify({ at: now().toISOString(), ...entry })}\n`, 'utf8')
    },
  }
}
