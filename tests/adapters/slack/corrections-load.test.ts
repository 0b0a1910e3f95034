/**
 * A thousand corrections waiting, as a claim cited in a thousand shared answers changes: the bot posts
 * them in the background while it answers, and a question asked meanwhile is answered at once, even
 * while Slack rate-limits the corrections (their client is paused; the answers' is not). The notes go
 * unpaced here, as fast as the stand-in takes them, so that nothing but that separation keeps answers
 * prompt; at Slack's pace (SLACK_CORRECTION_PACE) a thousand take minutes (.exp/corrections-1000.mts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.ts'
import { claimVersionsOf } from '../../../src/corrections/changes.ts'
import type { KnowledgeLayout } from '../../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { createEmbeddedStore } from '../../../src/store/embedded.ts'
import { type BotStart, startBot } from '../../helpers/bot-start.ts'
import { IRAN_CLAIM, IRAN_QUESTION, NORTH_KOREA_QUESTION, rewordIran } from '../../helpers/corrections.ts'
import { removeKnowledgeFixture, writeKnowledgeFixture } from '../../helpers/knowledge-fixture.ts'
import {
  type RecordedCall,
  recordingLogger,
  type SlackStandIn,
  sendToApp,
  startSlackStandIn,
} from './stand-in.ts'

const SECRET = 'test-signing-secret'
const NOTES = 1_000

let standIn: SlackStandIn
let dir: string
let base: KnowledgeLayout
let changed: KnowledgeLayout
let bot: BotStart<SlackAdapter> | undefined

beforeAll(async () => {
  standIn = await startSlackStandIn()
  dir = mkdtempSync(join(tmpdir(), 'slack-corrections-load-'))
  base = await writeKnowledgeFixture()
  changed = rewordIran(base)
})

afterAll(async () => {
  await bot?.running.stop()
  await standIn?.close()
  for (const layout of [base, changed]) if (layout) removeKnowledgeFixture(layout)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const isCorrection = (call: RecordedCall) =>
  call.method === 'chat.postMessage' && String(call.body.text ?? '').startsWith('Correction:')

/** resolves once the stand-in has received `count` corrections */
function corrections(count: number) {
  let seen = 0
  return standIn.waitFor((call) => isCorrection(call) && ++seen === count)
}

let mentions = 0
/** `@bot <text>` in C1234; resolves with how long the answer took to reach Slack (ms) */
async function answerTime(adapter: SlackAdapter, text: string): Promise<number> {
  const ts = `1700000500.${String(++mentions).padStart(6, '0')}`
  const body = JSON.stringify({
    team_id: 'T1234',
    api_app_id: 'A1234',
    type: 'event_callback',
    event_id: `EvLoad${mentions}`,
    event_time: 1700000500,
    event: {
      type: 'app_mention',
      text: `<@U0BOT> ${text}`,
      user: 'U1234',
      ts,
      channel: 'C1234',
      event_ts: ts,
    },
    authorizations: [{ team_id: 'T1234', user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
  })
  const asked = performance.now()
  const answered = standIn.waitFor(
    (call) => call.method === 'chat.postMessage' && call.body.thread_ts === ts && !isCorrection(call),
  )
  await sendToApp(adapter.port() ?? 0, { body, contentType: 'application/json', secret: SECRET })
  await answered
  return performance.now() - asked
}

describe(`${NOTES.toLocaleString('en-US')} corrections waiting`, () => {
  it('post in the background while a question asked meanwhile is answered at once', async () => {
    const store = join(dir, 'events.sqlite')
    const seed = createEmbeddedStore(store)
    await seed.corrections.record({
      versions: claimVersionsOf(loadKnowledge(base.root)),
      changes: [],
      notes: [],
    })
    for (let index = 0; index < NOTES; index += 1) {
      await seed.append({
        kind: 'shared',
        scope: { platform: 'slack', workspace: 'T1234', channel: `C3${String(index % 50).padStart(3, '0')}` },
        question: IRAN_QUESTION,
        claims: [IRAN_CLAIM],
        message: `1699990000.${String(index).padStart(6, '0')}`,
      })
    }
    await seed.close()
    const slack = { botToken: 'xoxb-test-token', signingSecret: SECRET, port: 0, apiUrl: standIn.apiUrl }
    bot = await startBot({
      kb: loadKnowledge(changed.root),
      store,
      feedbackLog: join(dir, 'feedback.jsonl'),
      logger: recordingLogger(),
      config: { slack },
      createAdapter: (parts) =>
        createSlackAdapter({
          correctionPace: { channelMs: 0, overallMs: 0 },
          kb: parts.kb,
          slack,
          feedback: parts.feedback,
          events: parts.events,
          logger: parts.logger,
        }),
    })
    const { adapter, running } = bot

    // while the notes flow
    await corrections(20)
    const whileFlowing = await answerTime(adapter, IRAN_QUESTION)
    expect(standIn.calls.filter(isCorrection).length).toBeLessThan(NOTES)
    expect(whileFlowing).toBeLessThan(1_000)

    // while Slack has the corrections wait out a 429 for two seconds
    standIn.rateLimitOnce('chat.postMessage', 2)
    await standIn.waitFor((call) => call.status === 429)
    const whileLimited = await answerTime(adapter, NORTH_KOREA_QUESTION)
    expect(whileLimited).toBeLessThan(1_000)
    expect(standIn.calls.filter(isCorrection).length).toBeLessThan(NOTES)

    expect(await running.corrections).toMatchObject({ changed: 1, queued: NOTES, posted: NOTES, failed: 0 })
    const threads = standIn.calls.filter((call) => isCorrection(call) && call.status === 200)
    expect(new Set(threads.map((call) => `${call.body.channel} ${call.body.thread_ts}`)).size).toBe(NOTES)
    expect(threads).toHaveLength(NOTES)
  })
})
