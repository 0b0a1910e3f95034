/**
 * What adapters call after a reply has gone out, so that they only say where and how it was shown: an
 * answer given, or an answer shared to its channel, becomes an event. A store that cannot be written is
 * reported to the operator and never reaches the user, who already has the reply.
 */
import type { Reply } from '../commands.ts'
import type { FeedbackLog, UnansweredEntry } from '../feedback.ts'
import type { Logger } from '../logger.ts'
import type { DeclinedShown } from './feedback-log.ts'
import type { EventStore, Scope, Visibility } from './store.ts'

/** How a reply was shown. */
export interface Shown {
  visibility: Visibility
  /** the platform's id of who asked: needed for a private answer, which its asker alone sees in a recap */
  asker?: string
  /** the platform's reference to the reply, where it has one */
  message?: string
}

/** the claims an answer showed, best first; none for anything but an answer */
const claimsOf = (reply: Reply) =>
  reply.kind === 'answer' && reply.answer.kind === 'answered'
    ? { question: reply.answer.question, claims: reply.answer.matches.map((match) => match.claim.id) }
    : undefined

/** Note an answer the bot gave (declined questions go through the feedback log: `recordDeclined`). */
export async function recordAnswered(
  events: Pick<EventStore, 'append'>,
  scope: Scope,
  reply: Reply,
  shown: Shown,
  logger: Logger,
): Promise<void> {
  const answer = claimsOf(reply)
  if (!answer) return
  try {
    await events.append({
      kind: 'answered',
      scope,
      ...answer,
      visibility: shown.visibility,
      ...(shown.asker === undefined ? {} : { asker: shown.asker }),
      ...(shown.message === undefined ? {} : { message: shown.message }),
    })
  } catch (error) {
    logger.error(`${scope.platform}: could not record an answer in the event store`, error)
  }
}

/** Note an answer shared to the channel of `scope`: its question and the claims shown, as given. */
export async function recordShared(
  events: Pick<EventStore, 'append'>,
  scope: Scope,
  answer: { question: string; claims: readonly string[]; message?: string },
  logger: Logger,
): Promise<void> {
  try {
    await events.append({ kind: 'shared', scope, ...answer })
  } catch (error) {
    logger.error(`${scope.platform}: could not record a shared answer in the event store`, error)
  }
}

/**
 * Note a question nothing in the knowledge base answered, as `recordIfUnanswered` does, with how it was
 * shown: the event store's feedback log keeps that, so that a channel's recap lists a question asked in
 * the channel as open and one asked privately to its asker alone. The feedback log decides whether it is
 * kept at all (RECORD_UNANSWERED).
 */
export async function recordDeclined(
  feedback: FeedbackLog,
  scope: Scope,
  reply: Reply,
  shown: Shown,
  logger: Logger,
): Promise<void> {
  if (reply.kind !== 'answer' || reply.answer.kind !== 'no-answer' || reply.answer.reason !== 'not-found')
    return
  const entry: UnansweredEntry & DeclinedShown = {
    platform: scope.platform,
    question: reply.answer.question,
    unanswered: true,
    ...(scope.workspace ? { workspace: scope.workspace } : {}),
    ...(scope.channel ? { channel: scope.channel } : {}),
    visibility: shown.visibility,
    ...(shown.visibility === 'private' && shown.asker !== undefined ? { asker: shown.asker } : {}),
  }
  const recorded = await feedback.record(entry)
  if (recorded.kind === 'failed' || recorded.kind === 'refused')
    logger.error(
      `${scope.platform}: could not record an unanswered question in the feedback log`,
      recorded.error,
    )
}
