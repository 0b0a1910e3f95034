/**
 * The feedback log: every 👍 / 👎 with the question, the claims shown and who voted, and every question
 * the knowledge base could not answer, one JSON object per line, so a curator can read it, grep it, load it
 * into a spreadsheet, or have `npm run kb -- feedback` say which questions still need teaching.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import type { Reply } from './commands.ts'
import { CitedAnswersError } from './errors.ts'
import type { Logger } from './logger.ts'

export type Vote = 'up' | 'down'

/** A 👍 or 👎 on an answer. */
export interface VoteEntry {
  platform: string
  user: string
  question: string
  claims: string[]
  vote: Vote
}

/**
 * A question nothing in the knowledge base answered. Who asked, and where, is left out: a curator needs
 * the words, not the person.
 */
export interface UnansweredEntry {
  platform: string
  question: string
  unanswered: true
}

export type FeedbackEntry = VoteEntry | UnansweredEntry

/** An entry as read back, with the time it was written. */
export type LoggedFeedback = FeedbackEntry & { at: string }

export interface FeedbackLog {
  record(entry: FeedbackEntry): Promise<void>
}

export interface FeedbackLogOptions {
  /** false drops unanswered questions and keeps only votes (RECORD_UNANSWERED=false) */
  recordUnanswered?: boolean
  now?: () => Date
}

/** A feedback log appending to a JSON Lines file (created with its folder on the first entry). */
export function createFeedbackLog(path: string, options: FeedbackLogOptions = {}): FeedbackLog {
  const { recordUnanswered = true, now = () => new Date() } = options
  let ready: Promise<unknown> | undefined
  return {
    async record(entry) {
      if ('unanswered' in entry && !recordUnanswered) return
      ready ??= mkdir(dirname(path), { recursive: true })
      await ready
      await appendFile(path, `${JSON.stringify({ at: now().toISOString(), ...entry })}\n`, 'utf8')
    },
  }
}

/**
 * After a reply has gone out: note the question if the knowledge base had no answer for it. A log that
 * cannot be written is reported to the operator and never reaches the user, who already has the reply.
 */
export async function recordIfUnanswered(
  log: FeedbackLog,
  platform: string,
  reply: Reply,
  logger: Logger,
): Promise<void> {
  if (reply.kind !== 'answer' || reply.answer.kind !== 'no-answer' || reply.answer.reason !== 'not-found')
    return
  try {
    await log.record({ platform, question: reply.answer.question, unanswered: true })
  } catch (error) {
    logger.error(`${platform}: could not record an unanswered question in the feedback log`, error)
  }
}

const field = z.string().max(10_000)
const loggedSchema = z.union([
  z.object({
    at: z.string(),
    platform: field,
    user: field,
    question: field,
    claims: z.array(field),
    vote: z.enum(['up', 'down']),
  }),
  z.object({ at: z.string(), platform: field, question: field, unanswered: z.literal(true) }),
])

export interface FeedbackLogContents {
  entries: LoggedFeedback[]
  /** lines that are not entries (a hand edit, a truncated write), by line number, so none is lost quietly */
  skipped: Array<{ line: number; reason: string }>
}

/**
 * Read a feedback log, keeping every well-formed entry and saying which lines were not. A missing file is
 * an empty log: nothing has been recorded yet.
 */
export async function readFeedbackLog(path: string): Promise<FeedbackLogContents> {
  const contents: FeedbackLogContents = { entries: [], skipped: [] }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return contents
    const reason = error instanceof Error ? error.message : String(error)
    throw new CitedAnswersError(
      'invalid-input',
      `Cannot read the feedback log ${path} (${reason}); point FEEDBACK_LOG or --log at the log file.`,
      { cause: error },
    )
  }
  text.split(/\r?\n/).forEach((raw, at) => {
    if (raw.trim() === '') return
    const line = at + 1
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      contents.skipped.push({ line, reason: 'not JSON' })
      return
    }
    const parsed = loggedSchema.safeParse(value)
    if (parsed.success) contents.entries.push(parsed.data as LoggedFeedback)
    else contents.skipped.push({ line, reason: 'not a vote or an unanswered question' })
  })
  return contents
}
