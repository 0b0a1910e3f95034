/**
 * The event store: every answer given, every question declined, every vote and every share, each with
 * where it happened, kept so that the curators' report, a channel's recap and corrections read one history
 * whether the bot runs on one machine (an embedded SQLite file) or as many replicas (PostgreSQL). The core
 * works with this interface only; `embedded.ts` and `postgres.ts` are its two implementations.
 */
import type { LoggedFeedback, Vote } from '../feedback.ts'

/** Where an event happened. */
export interface Scope {
  /** slack, discord, terminal, … */
  platform: string
  /** the Slack team or Discord guild; absent in a direct message, the terminal or an imported log */
  workspace?: string
  /** the channel (or direct message) it happened in, where the platform says */
  channel?: string
}

/** Who saw an answer when it was given: the asker alone (an ephemeral reply), or the whole channel. */
export type Visibility = 'private' | 'channel'

interface EventBase {
  scope: Scope
  /** when it happened; now by default */
  at?: Date
}

/** An answer the bot gave, with the claims it showed, best first. */
export interface AnsweredEvent extends EventBase {
  kind: 'answered'
  question: string
  claims: readonly string[]
  visibility: Visibility
  /**
   * The platform's id of who asked. Kept only for a private answer, and only as a salted hash that is the
   * same within one channel and different across channels: enough to show the asker their own answers
   * in that channel's recap, and nothing else.
   */
  asker?: string
  /** the platform's reference to the reply (a Slack ts, a Discord message id), where it has one */
  message?: string
}

/** A question nothing in the knowledge base answered. */
export interface DeclinedEvent extends EventBase {
  kind: 'declined'
  question: string
  /**
   * who saw it declined, as for an answer; a channel's recap lists it as open only where known, since a
   * question asked privately is its asker's (none is known for imported lines, or ones written before)
   */
  visibility?: Visibility
  /** as an answer's `asker`: kept for a privately asked question only, as a salted hash per channel */
  asker?: string
}

/** A 👍 or 👎 on an answer (its question and claims). */
export interface VoteEvent extends EventBase {
  kind: 'vote'
  /** the platform's id of who voted: kept only as a salted hash of it with the answer */
  user: string
  question: string
  claims: readonly string[]
  vote: Vote
}

/** An answer its asker posted to the channel (a "share" button). */
export interface SharedEvent extends EventBase {
  kind: 'shared'
  question: string
  claims: readonly string[]
  /** the platform's reference to the shared message, where it has one */
  message?: string
}

export type StoreEvent = AnsweredEvent | DeclinedEvent | VoteEvent | SharedEvent

/**
 * What became of an event: added, or (a vote only) taken in place of the same user's earlier vote on the
 * same answer, since one user has one vote per answer.
 */
export type Appended = { kind: 'appended' } | { kind: 'replaced' }

/** What the feedback report reads: the same entries as a JSONL feedback log, with replaced votes folded. */
export interface FeedbackHistory {
  /** the votes that count and the declined questions, oldest first */
  entries: LoggedFeedback[]
  /** votes that a later vote of the same user on the same answer replaced */
  replaced: number
}

export interface RecapQuery {
  /** the channel to recap */
  scope: Scope & { channel: string }
  since: Date
  /** now by default */
  until?: Date
  /** the platform's id of who asks for the recap: their own private answers are shown to them too */
  viewer?: string
}

/** How a recap's reader can know an answer: shared in the channel, given there, or given to them alone. */
export type Seen = 'shared' | 'channel' | 'private'

/** One answer in a recap: each answer (question and claims) once, however often it was given. */
export interface RecapAnswer {
  question: string
  /** claim ids, best first, for the citations */
  claims: string[]
  seen: Seen
  /** when it was last given or shared in the window (ISO 8601) */
  at: string
  /** how often it was given in the window, of the times the reader may know of */
  asked: number
  /** how often it was shared to the channel in the window */
  shares: number
  /** the channel message of its latest share, else of the latest answer given there */
  message?: string
}

/** One question nothing answered, in a recap: each question once, however often it was asked. */
export interface RecapDeclined {
  question: string
  /** asked where the channel saw the reply, or by the reader alone */
  seen: 'channel' | 'private'
  /** when it was last asked in the window (ISO 8601) */
  at: string
  /** how often it was asked in the window, of the times the reader may know of */
  asked: number
}

/** An answer with a given claim that a channel saw: shared there, or given there. */
export interface ClaimShown {
  how: 'answered' | 'shared'
  scope: Scope
  question: string
  claims: string[]
  at: string
  message?: string
}

/** A claim as the bot last started with it: enough to tell a change, and to describe it once withdrawn. */
export interface ClaimVersion {
  claim: string
  /** a digest of the statement and the quote: a change to either is a new version */
  version: string
  statement: string
  quote: string
  source: string
  /** the document's title and the claim's section, as a citation shows them */
  title: string
  section: string
}

/** A channel message that showed a claim: a correction goes in its thread, or as a reply to it. */
export interface CorrectionPlace {
  platform: string
  workspace?: string
  channel: string
  message: string
}

/** A correction to queue: about which version of which claim, where, and what it says (the core's JSON). */
export interface NewCorrection {
  claim: string
  /** the claim's new version, or what stands for its withdrawal */
  version: string
  place: CorrectionPlace
  note: string
}

/** What became of a correction: posted, not postable there (the channel or message is gone), or neither. */
export type CorrectionOutcome = 'posted' | 'unreachable' | 'failed' | 'superseded'

export interface QueuedCorrection extends NewCorrection {
  id: number
  /** when it was queued (ISO 8601) */
  queuedAt: string
  /** absent while it waits to be posted */
  outcome?: CorrectionOutcome
}

/** The claims of this start, and the corrections their changes call for. */
export interface CorrectionUpdate {
  versions: readonly ClaimVersion[]
  /** the claims changed or withdrawn now, with the version each has now: older notes still waiting are dropped */
  changes: readonly { claim: string; version: string }[]
  notes: readonly NewCorrection[]
}

export interface TakeQuery {
  /** who takes them: one process, so that another never posts the same note */
  owner: string
  /** the platforms the taker can post to */
  platforms: readonly string[]
  limit: number
  /** notes queued before this are left waiting: too old to be worth posting */
  since: Date
  /** notes another owner took before this and never closed (it stopped mid-way) may be taken again */
  staleBefore: Date
}

/** One entry of a JSONL feedback log, under a key that is the same each time the same log is read. */
export interface ImportedEntry {
  key: string
  entry: LoggedFeedback
}

export interface EventStore {
  /** where the store is, for messages: a file, or a PostgreSQL URL without its password */
  readonly location: string
  /**
   * Open the store and bring its schema up to date; every other method does this first. Throws a
   * CitedAnswersError saying what to fix; a failed open is tried again by the next call.
   */
  open(): Promise<void>
  /** Add one event. Throws a CitedAnswersError when the store cannot be written. */
  append(event: StoreEvent): Promise<Appended>
  /** Votes and declined questions for `kb feedback`. */
  feedback(): Promise<FeedbackHistory>
  /** The answers a channel saw within a time window, shared ones first, each group oldest first. */
  recap(query: RecapQuery): Promise<RecapAnswer[]>
  /**
   * The questions nothing answered in a channel within a time window, oldest first, under `recap`'s
   * privacy rule: those declined where the channel saw it, and the viewer's own private ones.
   */
  declinedIn(query: RecapQuery): Promise<RecapDeclined[]>
  /** Where a claim was shown to a channel since a time, oldest first: for corrections. */
  claimShown(claim: string, since: Date): Promise<ClaimShown[]>
  /**
   * The app's installations in workspaces (Slack's install flow): what the platform handed over, kept as
   * text under a key the adapter chooses. They hold credentials, so back up and guard the store as such.
   */
  readonly installations: {
    save(platform: string, key: string, data: string): Promise<void>
    /** the data saved under the key, or undefined when there is none */
    fetch(platform: string, key: string): Promise<string | undefined>
    delete(platform: string, key: string): Promise<void>
  }
  /**
   * Corrections: the claims as of the last start, and the notes their changes call for, queued once
   * and taken by one process at a time, however many replicas start at once.
   */
  readonly corrections: {
    /** the claims the last start recorded; none before the first */
    versions(): Promise<ClaimVersion[]>
    /**
     * Note that a process starts with the knowledge base whose claims digest to `fingerprint`; resolves
     * with whether it is the newest any process started with (false: this one is behind another).
     */
    generation(fingerprint: string): Promise<{ newest: boolean }>
    /**
     * In one transaction: keep `versions` in place of the claims recorded before, queue the notes not
     * queued before (the same claim, version and message), and drop notes still waiting for an older
     * version of a claim changed now. Resolves with how many notes were queued now.
     */
    record(update: CorrectionUpdate): Promise<number>
    /** Take up to `limit` waiting notes, oldest first, for `owner` alone to post. */
    take(query: TakeQuery): Promise<QueuedCorrection[]>
    /** Close a note taken: posted, or what kept it from being posted. */
    finish(id: number, outcome: Exclude<CorrectionOutcome, 'superseded'>, detail?: string): Promise<void>
    /** Give back notes `owner` took and did not start, for the next start to post. */
    release(owner: string, ids: readonly number[]): Promise<void>
    /** The notes queued since a time, oldest first; only those still waiting with `waiting`. */
    list(query: { since: Date; waiting?: boolean }): Promise<QueuedCorrection[]>
  }
  /** Add entries read from a JSONL feedback log, skipping keys added before; resolves with how many were new. */
  importEntries(entries: readonly ImportedEntry[]): Promise<number>
  close(): Promise<void>
}
