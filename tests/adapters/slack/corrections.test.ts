/**
 * Corrections through Slack, end to end: the real Bolt app against the stand-in, started as the service
 * starts it, with a real embedded event store in a temporary file. An answer shared, or given in a
 * channel, gets one note in its thread when the claim it cited changes or is withdrawn, once however
 * often or on however many replicas the bot starts; a private answer gets nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.ts'
import type { SlackBlock, SlackMessage } from '../../../adapters/slack/render.ts'
import type { SlackConfig } from '../../../src/config.ts'
import { claimVersionsOf } from '../../../src/corrections/changes.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { createEmbeddedStore } from '../../../src/store/embedded.ts'
import type { StoreEvent } from '../../../src/store/store.ts'
import { type BotStart, dryRun, startBot } from '../../helpers/bot-start.ts'
import {
  editPressureClaims,
  IRAN_CLAIM,
  IRAN_QUESTION,
  NEW_IRAN_STATEMENT,
  NORTH_KOREA_CLAIM,
  NORTH_KOREA_QUESTION,
} from '../../helpers/corrections.ts'
import { removeKnowledgeFixture, writeKnowledgeFixture } from '../../helpers/knowledge-fixture.ts'
import {
  formBody,
  type RecordedCall,
  recordingLogger,
  type SlackStandIn,
  sendToApp,
  startSlackStandIn,
} from './stand-in.ts'

const SECRET = 'test-signing-secret'
const PRIVATE_CHANNEL = 'C5555'

let standIn: SlackStandIn
let dir: string
let base: KnowledgeLayout
let changed: KnowledgeLayout
let changedAgain: KnowledgeLayout
let before: KnowledgeBase
let after: KnowledgeBase
let slack: SlackConfig
const starts: BotStart<SlackAdapter>[] = []

/** a start of the bot on `store` answering from `kb` */
async function start(kb: KnowledgeBase, store: string, enabled = true) {
  const bot = await startBot({
    kb,
    store,
    feedbackLog: join(dir, 'feedback.jsonl'),
    corrections: { enabled, days: 30 },
    logger: recordingLogger(),
    config: { slack },
    createAdapter: (parts) =>
      createSlackAdapter({
        kb: parts.kb,
        slack,
        feedback: parts.feedback,
        events: parts.events,
        logger: parts.logger,
        limiter: parts.limiter,
        metrics: parts.metrics,
      }),
  })
  starts.push(bot)
  return bot
}

const stop = async (bot: BotStart<SlackAdapter>) => {
  await bot.running.stop()
  starts.splice(starts.indexOf(bot), 1)
}

beforeAll(async () => {
  standIn = await startSlackStandIn()
  slack = { botToken: 'xoxb-test-token', signingSecret: SECRET, port: 0, apiUrl: standIn.apiUrl }
  dir = mkdtempSync(join(tmpdir(), 'slack-corrections-'))
  base = await writeKnowledgeFixture()
  // the Iran claim reworded and the North Korea claim withdrawn, in a copy of the knowledge directory
  changed = editPressureClaims(base, (claims) =>
    claims
      .filter((claim) => claim.id !== NORTH_KOREA_CLAIM)
      .map((claim) => (claim.id === IRAN_CLAIM ? { ...claim, statement: NEW_IRAN_STATEMENT } : claim)),
  )
  changedAgain = editPressureClaims(base, (claims) =>
    claims
      .filter((claim) => claim.id !== NORTH_KOREA_CLAIM)
      .map((claim) =>
        claim.id === IRAN_CLAIM ? { ...claim, statement: 'Iran mainly contributes energy trade.' } : claim,
      ),
  )
  before = loadKnowledge(base.root)
  after = loadKnowledge(changed.root)
})

afterAll(async () => {
  for (const bot of [...starts]) await stop(bot)
  await standIn?.close()
  for (const layout of [base, changed, changedAgain]) if (layout) removeKnowledgeFixture(layout)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

let requests = 0
const unique = () => `${Date.now()}.${++requests}`

/** `/ask <text>` in `channel` as U1234; resolves with the private answer */
async function slash(bot: BotStart<SlackAdapter>, text: string, channel = 'C1234'): Promise<SlackMessage> {
  const response = await sendToApp(bot.adapter.port() ?? 0, {
    body: formBody({
      team_id: 'T1234',
      channel_id: channel,
      user_id: 'U1234',
      command: '/ask',
      text,
      response_url: standIn.responseUrl(`slash-${unique()}`),
      trigger_id: unique(),
    }),
    contentType: 'application/x-www-form-urlencoded',
    secret: SECRET,
  })
  expect(response.status).toBe(200)
  return JSON.parse(response.text) as SlackMessage
}

/** press Share on a private answer in C1234 */
async function share(bot: BotStart<SlackAdapter>, answer: SlackMessage) {
  const value = (answer.blocks as SlackBlock[])
    .flatMap((block) => (block.type === 'actions' ? block.elements : []))
    .find((element) => element.type === 'button' && element.action_id === 'share')
  if (value?.type !== 'button' || !value.value) throw new Error('no share button')
  const payload = {
    type: 'block_actions',
    team: { id: 'T1234', domain: 'example' },
    user: { id: 'U1234', username: 'alex', name: 'alex', team_id: 'T1234' },
    api_app_id: 'A1234',
    trigger_id: unique(),
    channel: { id: 'C1234', name: 'strategy-meeting' },
    container: { type: 'message', message_ts: '1700000300.000100', channel_id: 'C1234', is_ephemeral: true },
    response_url: standIn.responseUrl(`share-${unique()}`),
    actions: [{ ...value, action_id: 'share', block_id: 'answer-actions', action_ts: unique() }],
  }
  const response = await sendToApp(bot.adapter.port() ?? 0, {
    body: formBody({ payload: JSON.stringify(payload) }),
    contentType: 'application/x-www-form-urlencoded',
    secret: SECRET,
  })
  expect(response.status).toBe(200)
}

/** `@bot <text>` in C1234, answered in a thread */
async function mention(bot: BotStart<SlackAdapter>, text: string) {
  const ts = `1700000100.${String(++requests).padStart(6, '0')}`
  const body = JSON.stringify({
    team_id: 'T1234',
    api_app_id: 'A1234',
    type: 'event_callback',
    event_id: `Ev${unique()}`,
    event_time: 1700000100,
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
  const response = await sendToApp(bot.adapter.port() ?? 0, {
    body,
    contentType: 'application/json',
    secret: SECRET,
  })
  expect(response.status).toBe(200)
}

const isCorrection = (call: RecordedCall) =>
  call.method === 'chat.postMessage' && String(call.body.text ?? '').startsWith('Correction:')
const corrections = () => standIn.calls.filter(isCorrection)
const messageOf = (event: StoreEvent) =>
  event.kind === 'shared' || event.kind === 'answered' ? event.message : ''
const blockTexts = (call: RecordedCall) =>
  (call.body.blocks as SlackBlock[]).map((block) =>
    block.type === 'section' ? block.text?.text : block.type === 'context' ? block.elements[0] : undefined,
  )

describe('corrections in Slack', () => {
  const store = () => join(dir, 'events.sqlite')
  let sharedTs = ''
  let answeredTs = ''

  beforeAll(async () => {
    const first = await start(before, store())
    expect(await first.running.corrections).toMatchObject({ first: true, queued: 0, posted: 0 })
    // shared to C1234, answered in a thread of C1234, and given privately in another channel
    const answer = await slash(first, IRAN_QUESTION)
    await first.recorded('answered', IRAN_QUESTION)
    await share(first, answer)
    sharedTs = messageOf(await first.recorded('shared', IRAN_QUESTION)) ?? ''
    await mention(first, NORTH_KOREA_QUESTION)
    answeredTs = messageOf(await first.recorded('answered', NORTH_KOREA_QUESTION)) ?? ''
    await slash(first, IRAN_QUESTION, PRIVATE_CHANNEL)
    await stop(first)
    expect(sharedTs).toMatch(/^1700000000\.\d+$/)
    expect(answeredTs).toMatch(/^1700000000\.\d+$/)
    expect(corrections()).toEqual([])
  })

  it('lists in a dry run the notes the next start posts, posting and recording nothing', () => {
    const listed = dryRun(store(), changed.root)
    expect(listed).toMatchObject({ first: false, changed: 1, withdrawn: 1 })
    expect(listed.notes.map((note) => [note.channel, note.message, note.claim, note.note.kind])).toEqual([
      ['C1234', sharedTs, IRAN_CLAIM, 'changed'],
      ['C1234', answeredTs, NORTH_KOREA_CLAIM, 'withdrawn'],
    ])
    expect(dryRun(store(), changed.root).notes).toHaveLength(2)
    expect(corrections()).toEqual([])
  })

  it('posts one note in the thread of each message that showed a changed or withdrawn claim', async () => {
    const bot = await start(after, store())
    expect(await bot.running.corrections).toMatchObject({ changed: 1, withdrawn: 1, queued: 2, posted: 2 })
    const posted = corrections()
    expect(posted.map((call) => [call.body.channel, call.body.thread_ts, call.token])).toEqual([
      ['C1234', sharedTs, 'xoxb-test-token'],
      ['C1234', answeredTs, 'xoxb-test-token'],
    ])
    const [reworded, withdrawn] = posted
    if (!reworded || !withdrawn) throw new Error('expected two notes')
    expect(blockTexts(reworded)).toEqual([
      `*Correction:* a statement this answer cited changed.\n*Now:* ${NEW_IRAN_STATEMENT}\n> Iran | Oil and energy trade`,
      { type: 'mrkdwn', text: 'Pressure On The Partnership · Sanctions And Their Types', verbatim: true },
    ])
    expect(blockTexts(withdrawn)[0]).toBe(
      '*Correction:* a statement this answer cited was withdrawn from the knowledge base.\nIt said: North Korea’s main contribution is arms and technology transfer.\nIt no longer answers questions; ask again for what the documents say now.',
    )
    // the private answer, given in another channel, is not followed up
    expect(standIn.calls.filter((call) => call.body.channel === PRIVATE_CHANNEL)).toEqual([])
    await stop(bot)
  })

  it('posts nothing more at the next start, and the dry run then lists nothing', async () => {
    const bot = await start(after, store())
    expect(await bot.running.corrections).toMatchObject({ changed: 0, withdrawn: 0, queued: 0, posted: 0 })
    await stop(bot)
    expect(corrections()).toHaveLength(2)
    expect(dryRun(store(), changed.root).notes).toEqual([])
  })

  it('posts nothing with CORRECTIONS=false, and does not follow up later what changed meanwhile', async () => {
    const off = await start(loadKnowledge(changedAgain.root), store(), false)
    expect(await off.running.corrections).toMatchObject({ changed: 1, queued: 0, posted: 0 })
    await stop(off)
    const on = await start(loadKnowledge(changedAgain.root), store())
    expect(await on.running.corrections).toMatchObject({ changed: 0, queued: 0, posted: 0 })
    await stop(on)
    expect(corrections()).toHaveLength(2)
  })
})

describe('corrections with two replicas starting at once', () => {
  it('posts each note once', async () => {
    const file = join(dir, 'replicas.sqlite')
    const seed = createEmbeddedStore(file)
    // the last start's claims, and twenty answers shared in twenty channels since
    await seed.corrections.record({ versions: claimVersionsOf(before), changes: [], notes: [] })
    const shared = Array.from({ length: 20 }, (_, index) => `1699999000.${String(index).padStart(6, '0')}`)
    for (const [index, ts] of shared.entries()) {
      await seed.append({
        kind: 'shared',
        scope: { platform: 'slack', workspace: 'T1234', channel: `C2${String(index).padStart(3, '0')}` },
        question: IRAN_QUESTION,
        claims: [IRAN_CLAIM],
        message: ts,
      })
    }
    await seed.close()
    const countBefore = corrections().length
    const replicas = await Promise.all([start(after, file), start(after, file)])
    const summaries = await Promise.all(replicas.map((bot) => bot.running.corrections))
    for (const bot of replicas) await stop(bot)
    const posted = corrections().slice(countBefore)
    expect(posted.map((call) => call.body.thread_ts).sort()).toEqual(shared)
    expect(summaries.reduce((sum, summary) => sum + (summary?.queued ?? 0), 0)).toBe(20)
    expect(summaries.reduce((sum, summary) => sum + (summary?.posted ?? 0), 0)).toBe(20)
  })
})
