import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.ts'
import type { Reply } from '../../src/commands.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import type { Logger } from '../../src/logger.ts'
import { recordAnswered, recordShared } from '../../src/store/record.ts'
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
})
