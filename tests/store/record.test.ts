import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.ts'
import type { Reply } from '../../src/commands.ts'
import { CitedAnswersError } from '../../src/errors.ts'
import type { FeedbackEntry, FeedbackLog } from '../../src/feedback.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import type { Logger } from '../../src/logger.ts'
import { recordAnswered, recordDeclined, recordShared } from '../../src/store/record.ts'
import type { StoreEvent } from '../../src/store/store.ts'

const kb = loadKnowledge()
const scope = { platform: 'slack', workspace: 'T1234', channel: 'C1234' }

function recording() {
  const appended: StoreEvent[] = []
  const errors: string[] = []
  const logger: Logger = { info() {}, warn() {}, error: (message) => errors.push(message) }
  return {
    appended,
    errors,
    logger,
    events: {
      async append(event: StoreEvent) {
        appended.push(event)
        return { kind: 'appended' as const }
      },
    },
  }
}

describe('recording what adapters showed', () => {
  it('records an answer with the claims it showed, best first, and who asked a private one', async () => {
    const { appended, events, logger } = recording()
    const answer = ask('what does iran contribute?', kb)
    if (answer.kind !== 'answered') throw new Error('expected an answer')
    await recordAnswered(
      events,
      scope,
      { kind: 'answer', answer },
      { visibility: 'private', asker: 'U1234' },
      logger,
    )
    expect(appended).toEqual([
      {
        kind: 'answered',
        scope,
        question: answer.question,
        claims: answer.matches.map((match) => match.claim.id),
        visibility: 'private',
        asker: 'U1234',
      },
    ])
  })

  it('records nothing for a reply that is not an answer: help, or a question declined', async () => {
    const { appended, events, logger } = recording()
    const declined = ask('zzzz qqqq', kb)
    const replies: Reply[] = [
      { kind: 'help', examples: [] },
      { kind: 'answer', answer: declined },
    ]
    for (const reply of replies) await recordAnswered(events, scope, reply, { visibility: 'channel' }, logger)
    expect(appended).toEqual([])
  })

  it('tells the operator when the store cannot be written, and never the user', async () => {
    const { errors, logger } = recording()
    const broken = { append: async () => Promise.reject(new Error('disk full')) }
    await recordShared(broken, scope, { question: 'q', claims: ['c'], message: '1.2' }, logger)
    expect(errors).toEqual(['slack: could not record a shared answer in the event store'])
  })

  it('notes a question nothing answered with how it was shown, and nothing else', async () => {
    const { logger } = recording()
    const entries: FeedbackEntry[] = []
    const feedback: FeedbackLog = {
      async record(entry) {
        entries.push(entry)
        return { kind: 'recorded' }
      },
    }
    const declined: Reply = { kind: 'answer', answer: ask('zzzz qqqq', kb) }
    const wordless: Reply = { kind: 'answer', answer: ask('???', kb) }
    await recordDeclined(feedback, scope, declined, { visibility: 'private', asker: 'U1234' }, logger)
    await recordDeclined(feedback, scope, declined, { visibility: 'channel', asker: 'U1234' }, logger)
    await recordDeclined(feedback, scope, wordless, { visibility: 'channel' }, logger)
    await recordDeclined(feedback, scope, { kind: 'help', examples: [] }, { visibility: 'channel' }, logger)
    expect(entries).toEqual([
      { ...scope, question: 'zzzz qqqq', unanswered: true, visibility: 'private', asker: 'U1234' },
      { ...scope, question: 'zzzz qqqq', unanswered: true, visibility: 'channel' },
    ])
  })

  it('tells the operator when a declined question cannot be written, and never the user', async () => {
    const { errors, logger } = recording()
    const failing: FeedbackLog = {
      record: async () => ({ kind: 'failed', error: new CitedAnswersError('invalid-config', 'disk full') }),
    }
    await recordDeclined(
      failing,
      scope,
      { kind: 'answer', answer: ask('zzzz qqqq', kb) },
      { visibility: 'channel' },
      logger,
    )
    expect(errors).toEqual(['slack: could not record an unanswered question in the feedback log'])
  })
})
