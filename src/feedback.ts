/**
 * The feedback log: every 👍 / 👎 with the question, the claims shown and a salted hash of who voted on
 * that answer, and every question the knowledge base could not answer, one JSON object per line, so a
 * curator can read it, grep it, load it into a spreadsheet, or have `npm run kb -- feedback` say which
 * questions still need teaching.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { link, mkdir, open, readFile, unlink, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { MAX_QUESTION_CHARS, type Reply } from './commands.ts'
import { CitedAnswersError } from './errors.ts'
import type { KnowledgeBase } from './knowledge/knowledge-base.ts'
import type { Logger } from './logger.ts'
import { shorten } from './shorten.ts'

export type Vote = 'up' | 'down'

/** A 👍 or 👎 on an answer, as an adapter hands it over: `user` is the platform's id, and is never written. */
export interface VoteEntry {
  platform: string
  /** the Slack team or Discord server, and the channel, where known: kept in the event store only */
  workspace?: string
  channel?: string
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
  /** the Slack team or Discord server, and the channel, where known: kept in the event store only */
  workspace?: string
  channel?: string
  question: string
  unanswered: true
}

export type FeedbackEntry = VoteEntry | UnansweredEntry

/**
 * A vote as read back. `voter` is the same for every click of one user on one answer (question and
 * claims) and tells nothing else: not who, nor which other answers that user voted on. Lines written before
 * votes were hashed carry the platform's `user` id instead.
 */
export interface LoggedVote {
  at: string
  platform: string
  voter?: string
  user?: string
  question: string
  claims: string[]
  vote: Vote
}

/** An entry as read back, with the time it was written. */
export type LoggedFeedback = LoggedVote | (UnansweredEntry & { at: string })

/** What became of an entry. A log that cannot be written is an outcome to handle, never an exception. */
export type Recorded =
  | { kind: 'recorded' }
  /** an unanswered question, and the operator turned those off (RECORD_UNANSWERED=false) */
  | { kind: 'off' }
  /** not an entry the bot makes (a line too long to append safely), so not written */
  | { kind: 'refused'; error: CitedAnswersError }
  /** the log or its salt file cannot be written; `error` says which file and what to do */
  | { kind: 'failed'; error: CitedAnswersError }

export interface FeedbackLog {
  /** Append one entry; resolves with what became of it and never rejects. */
  record(entry: FeedbackEntry): Promise<Recorded>
  /**
   * Make sure entries can be written (the log and its salt file, with their folder), so that a log the
   * bot cannot write stops it at start-up rather than failing the first vote; throws a CitedAnswersError
   * naming the file and what to do.
   */
  check?(): Promise<void>
}

export interface FeedbackLogOptions {
  /** false drops unanswered questions and keeps only votes (RECORD_UNANSWERED=false) */
  recordUnanswered?: boolean
  now?: () => Date
}

/** four times the longest question the bot takes: room for a vote on any answer, not for a pasted book */
export const LOGGED_QUESTION_CHARS = 4 * MAX_QUESTION_CHARS

/**
 * The longest line appended, so that two bots appending to one log never mix their lines. Each line is one
 * write(2) to a file opened with O_APPEND, which the kernel places whole at the end of the file, but only
 * as far as it takes the write in one piece: a short write always is on a local disk, while a long one can
 * be cut short or split into a network file system's page-sized requests, and another bot's line can land
 * between the pieces. 16 KiB holds a 2,000-character question written entirely as six-byte JSON escapes,
 * with its claims.
 */
export const MAX_LINE_BYTES = 16 * 1024

/** the sidecar holding the log's salt: kept beside it, so a restart (or a second bot) hashes alike */
export const saltFileOf = (path: string) => `${path}.salt`

const SALT_BYTES = 32

/** An errno message without the path Node appends to it, which the messages here give once themselves. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/, \w+ '[^']*'(?: -> '[^']*')?$/, '')
}

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException | null)?.code === code

/** Run `write`, making `path`'s folder first if it is missing (it may have been removed while the bot ran). */
async function inFolderOf<T>(path: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error
    await mkdir(dirname(path), { recursive: true })
    return write()
  }
}

async function readSalt(saltPath: string): Promise<Buffer> {
  const text = (await readFile(saltPath, 'utf8')).trim()
  if (!new RegExp(`^[0-9a-f]{${SALT_BYTES * 2}}$`).test(text)) {
    throw new CitedAnswersError(
      'invalid-config',
      `The feedback log's salt file ${saltPath} does not hold ${SALT_BYTES * 2} hex digits; delete it and the bot makes a new one (a user's next click on an answer they voted on before then counts as a new vote).`,
    )
  }
  return Buffer.from(text, 'hex')
}

/** The log's salt, made on first use: written to a private file, then linked into place if none is there yet. */
async function readOrCreateSalt(saltPath: string): Promise<Buffer> {
  try {
    return await readSalt(saltPath)
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error
  }
  const draft = `${saltPath}.${process.pid}-${randomBytes(4).toString('hex')}`
  const salt = `${randomBytes(SALT_BYTES).toString('hex')}\n`
  await inFolderOf(saltPath, () => writeFile(draft, salt, { mode: 0o600, flag: 'wx' }))
  try {
    // link fails where a salt is already in place: two bots starting on one log keep the first one's
    await link(draft, saltPath)
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error
  } finally {
    await unlink(draft).catch(() => {})
  }
  return readSalt(saltPath)
}

/** Append one line, first ending the file's last line if a write cut short left it without its newline. */
async function appendLine(path: string, line: string): Promise<void> {
  // a+ rather than a: the last byte is read to tell a cut-short line from a whole one
  const file = await inFolderOf(path, () => open(path, 'a+'))
  try {
    const { size } = await file.stat()
    let text = line
    if (size > 0) {
      const last = Buffer.alloc(1)
      await file.read(last, 0, 1, size - 1)
      if (last[0] !== 0x0a) text = `\n${line}`
    }
    const bytes = Buffer.from(text, 'utf8')
    // a write the kernel took only in part: the rest follows, rather than the entry being lost
    for (let written = 0; written < bytes.length; ) {
      const { bytesWritten } = await file.write(bytes, written)
      if (bytesWritten === 0) throw new Error('no byte of the entry could be written')
      written += bytesWritten
    }
  } finally {
    await file.close()
  }
}

function cannotWrite(path: string, error: unknown): CitedAnswersError {
  if (error instanceof CitedAnswersError) return error
  return new CitedAnswersError(
    'invalid-config',
    `Cannot write the feedback log ${path} (${reasonOf(error)}); let the bot write that file and its folder, or point FEEDBACK_LOG at a file it can write. No restart is needed: the next entry tries again.`,
    { cause: error },
  )
}

/**
 * A feedback log appending to a JSON Lines file, created with its folder on the first entry. Nothing is
 * remembered of a failed write: a folder made writable (or made again) while the bot runs is used by the
 * next entry.
 */
export function createFeedbackLog(path: string, options: FeedbackLogOptions = {}): FeedbackLog {
  const { recordUnanswered = true, now = () => new Date() } = options
  let salt: Promise<Buffer> | undefined
  const saltOf = () => {
    salt ??= readOrCreateSalt(saltFileOf(path)).catch((error: unknown) => {
      salt = undefined
      if (error instanceof CitedAnswersError) throw error
      throw new CitedAnswersError(
        'invalid-config',
        `Cannot make or read the feedback log's salt file ${saltFileOf(path)} (${reasonOf(error)}); let the bot write the folder ${dirname(path)}, or point FEEDBACK_LOG at a file in a folder it can write. No restart is needed: the next vote tries again.`,
        { cause: error },
      )
    })
    return salt
  }

  /** one hash per user and answer: the question and claims are hashed in, so votes cannot be linked */
  const voterOf = async (entry: VoteEntry) =>
    createHmac('sha256', await saltOf())
      .update(JSON.stringify([entry.platform, entry.user, entry.question, entry.claims]))
      .digest('hex')
      .slice(0, 32)

  const lineOf = async (entry: FeedbackEntry): Promise<string> => {
    const at = now().toISOString()
    const question = shorten(entry.question, LOGGED_QUESTION_CHARS)
    const logged =
      'unanswered' in entry
        ? { at, platform: entry.platform, question, unanswered: true }
        : {
            at,
            platform: entry.platform,
            voter: await voterOf(entry),
            question,
            claims: entry.claims,
            vote: entry.vote,
          }
    return `${JSON.stringify(logged)}\n`
  }

  return {
    async check() {
      try {
        await saltOf()
        const file = await inFolderOf(path, () => open(path, 'a'))
        await file.close()
      } catch (error) {
        // a salt file holding something else says so itself; anything else is a file the bot cannot write
        if (error instanceof CitedAnswersError && error.cause === undefined) throw error
        const reason = reasonOf(error instanceof CitedAnswersError ? error.cause : error)
        throw new CitedAnswersError(
          'invalid-config',
          `Cannot write the feedback log ${path} or its salt file (${reason}); let the bot write that folder, or set FEEDBACK_LOG to a file on a writable volume (in a container with a read-only root, for example /data/feedback.jsonl).`,
          { cause: error },
        )
      }
    },
    async record(entry) {
      if ('unanswered' in entry && !recordUnanswered) return { kind: 'off' }
      try {
        const line = await lineOf(entry)
        const bytes = Buffer.byteLength(line)
        if (bytes > MAX_LINE_BYTES) {
          return {
            kind: 'refused',
            error: new CitedAnswersError(
              'invalid-input',
              `Not written to the feedback log ${path}: the entry is ${bytes} bytes, over the ${MAX_LINE_BYTES} a line may hold (its claims are not those of an answer the bot gives).`,
            ),
          }
        }
        await appendLine(path, line)
        return { kind: 'recorded' }
      } catch (error) {
        return { kind: 'failed', error: cannotWrite(path, error) }
      }
    },
  }
}

/** What became of a vote, with what to tell the user who cast it when it was not kept. */
export type VoteOutcome =
  | { kind: 'recorded' }
  | { kind: 'refused'; message: string }
  /** `error` is for the operator: which file, and what to do */
  | { kind: 'failed'; message: string; error: CitedAnswersError }

const VOTE_REFUSED =
  'This vote was not recorded: it is not about an answer the bot gives now. Ask again with /ask to vote on the current answer.'
const VOTE_NOT_SAVED =
  'Your vote could not be saved (the feedback log cannot be written); the team running the bot has been told.'

/**
 * Record a vote from a button, if it is about claims the knowledge base being served holds. A button's
 * claims come from the platform and can be forged (or predate a change of knowledge base); a vote on claims
 * that do not exist would otherwise be written, and could make a question look answered differently now.
 */
export async function recordVote(
  log: FeedbackLog,
  kb: Pick<KnowledgeBase, 'claimById'>,
  vote: VoteEntry,
): Promise<VoteOutcome> {
  if (vote.claims.length === 0 || vote.claims.some((id) => !kb.claimById.has(id)))
    return { kind: 'refused', message: VOTE_REFUSED }
  const recorded = await log.record(vote)
  if (recorded.kind === 'failed') return { kind: 'failed', message: VOTE_NOT_SAVED, error: recorded.error }
  if (recorded.kind === 'refused') return { kind: 'refused', message: VOTE_REFUSED }
  return { kind: 'recorded' }
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
  where: { workspace?: string | undefined; channel?: string | undefined } = {},
): Promise<void> {
  if (reply.kind !== 'answer' || reply.answer.kind !== 'no-answer' || reply.answer.reason !== 'not-found')
    return
  const recorded = await log.record({
    platform,
    question: reply.answer.question,
    unanswered: true,
    ...(where.workspace ? { workspace: where.workspace } : {}),
    ...(where.channel ? { channel: where.channel } : {}),
  })
  if (recorded.kind === 'failed' || recorded.kind === 'refused')
    logger.error(`${platform}: could not record an unanswered question in the feedback log`, recorded.error)
}

const field = z.string().max(10_000)
const loggedSchema = z.union([
  z.object({
    at: z.string(),
    platform: field,
    voter: field.optional(),
    user: field.optional(),
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
