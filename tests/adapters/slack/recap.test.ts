/**
 * `/ask recap` through the real Bolt app in HTTP mode, sent requests signed as Slack signs them, with a
 * real embedded event store in a temporary file: what was asked in the channel, who may see what, and
 * Share to channel.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.ts'
import type { SlackBlock, SlackMessage } from '../../../adapters/slack/render.ts'
import { RECAP_USAGE } from '../../../src/commands.ts'
import { createFeedbackLog } from '../../../src/feedback.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { createEmbeddedStore } from '../../../src/store/embedded.ts'
import { createStoreFeedbackLog } from '../../../src/store/feedback-log.ts'
import type { EventStore, StoreEvent } from '../../../src/store/store.ts'
import {
  formBody,
  type RecordedCall,
  recordingLogger,
  type SlackStandIn,
  sendToApp,
  startSlackStandIn,
} from './stand-in.ts'

const SECRET = 'test-signing-secret'
const IRAN = 'what does iran contribute?'
const NORTH_KOREA = 'what does north korea contribute?'
const CHINA = 'what does china contribute?'
const LEADS = 'who leads the coalition?'
const GONE = 'what did the withdrawn report say?'
const OLD = 'what was asked two hours ago?'
const MARS = 'how many penguins live on mars?'
const VENUS = 'how many penguins live on venus?'
const NONSENSE = 'zzzz qqqq'
const NO_HISTORY =
  'No recap here: this bot keeps no history of the questions asked, so it cannot say what was asked in this channel.'

type Json = Record<string, unknown>

const fixture = (name: string): Json =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Json

let kb: KnowledgeBase
let standIn: SlackStandIn
let adapter: SlackAdapter
let bare: SlackAdapter
let dir: string
let store: EventStore
/** every event the adapter appended, in order, each awaitable */
const appended: StoreEvent[] = []
const appendWaiters: { matches: (event: StoreEvent) => boolean; resolve: () => void }[] = []

/** Resolves once the adapter has appended an event of `kind` for `question`, which it does after replying. */
function recorded(kind: StoreEvent['kind'], question: string): Promise<void> {
  const matches = (event: StoreEvent) => event.kind === kind && event.question === question
  if (appended.some(matches)) return Promise.resolve()
  return new Promise((resolve) => appendWaiters.push({ matches, resolve }))
}

beforeAll(async () => {
  kb = loadKnowledge()
  standIn = await startSlackStandIn()
  dir = mkdtempSync(join(tmpdir(), 'slack-recap-'))
  store = createEmbeddedStore(join(dir, 'events.sqlite'))
  const events: EventStore = {
    ...store,
    async append(event) {
      const outcome = await store.append(event)
      appended.push(event)
      for (const waiter of appendWaiters.filter((each) => each.matches(event))) {
        appendWaiters.splice(appendWaiters.indexOf(waiter), 1)
        waiter.resolve()
      }
      return outcome
    },
  }
  const slack = { botToken: 'xoxb-test-token', signingSecret: SECRET, port: 0, apiUrl: standIn.apiUrl }
  adapter = createSlackAdapter({
    kb,
    slack,
    // declined questions reach the store through the feedback log kept in it, as the service wires it
    feedback: createStoreFeedbackLog(events),
    events,
    logger: recordingLogger(),
  })
  bare = createSlackAdapter({
    kb,
    slack,
    feedback: createFeedbackLog(join(dir, 'feedback.jsonl')),
    logger: recordingLogger(),
  })
  await adapter.start()
  await bare.start()
})

afterAll(async () => {
  await adapter?.stop()
  await bare?.stop()
  await standIn?.close()
  await store?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

let requests = 0
const unique = () => `${Date.now()}.${++requests}`

/** `/ask <text>` from channel C1234 as U1234 (or as `fields` say); resolves with the acknowledgement. */
async function slash(text: string, fields: Record<string, string> = {}, to = adapter): Promise<SlackMessage> {
  const command = {
    ...(fixture('slash-command') as Record<string, string>),
    trigger_id: unique(),
    ...fields,
    text,
  }
  const response = await sendToApp(to.port() ?? 0, {
    body: formBody(command),
    contentType: 'application/x-www-form-urlencoded',
    secret: SECRET,
  })
  expect(response.status).toBe(200)
  return JSON.parse(response.text) as SlackMessage
}

/** `@bot <text>` in channel C1234 as U1234 */
async function mention(text: string) {
  const base = fixture('app-mention')
  const ts = `1700000100.${String(++requests).padStart(6, '0')}`
  const body = JSON.stringify({
    ...base,
    event_id: `Ev${unique()}`,
    event: { ...(base.event as Json), text: `<@U0BOT> ${text}`, ts, event_ts: ts },
  })
  const response = await sendToApp(adapter.port() ?? 0, {
    body,
    contentType: 'application/json',
    secret: SECRET,
  })
  expect(response.status).toBe(200)
}

/** Press a button carrying `value` in `channel`, with its response URL named `name` on the stand-in. */
async function press(actionId: string, value: string, name: string, channel = 'C1234') {
  const payload = fixture('block-actions')
  const [action] = payload.actions as Json[]
  const body = {
    ...payload,
    trigger_id: unique(),
    channel: { id: channel, name: 'strategy-meeting' },
    container: { ...(payload.container as Json), channel_id: channel, is_ephemeral: true },
    response_url: standIn.responseUrl(name),
    actions: [{ ...action, action_id: actionId, value, action_ts: unique() }],
  }
  const response = await sendToApp(adapter.port() ?? 0, {
    body: formBody({ payload: JSON.stringify(body) }),
    contentType: 'application/x-www-form-urlencoded',
    secret: SECRET,
  })
  expect(response.status).toBe(200)
}

const buttonValue = (message: { blocks?: unknown }, actionId: string): string => {
  for (const block of (message.blocks ?? []) as SlackBlock[]) {
    if (block.type !== 'actions') continue
    for (const element of block.elements) {
      if (element.type === 'button' && element.action_id === actionId && element.value) return element.value
    }
  }
  throw new Error(`no ${actionId} button`)
}

const sections = (message: { blocks?: unknown }): string[] =>
  ((message.blocks ?? []) as SlackBlock[]).flatMap((block) =>
    block.type === 'section' ? [block.text?.text ?? ''] : [],
  )

/** the questions a recap lists, in order, under each heading */
function listed(message: { blocks?: unknown }) {
  const lists: Record<string, string[]> = {}
  let heading = ''
  for (const text of sections(message)) {
    for (const line of text.split('\n')) {
      if (/^\*(Answered|Open)/.test(line)) heading = line.startsWith('*Answered') ? 'answered' : 'open'
      else if (line.startsWith('• '))
        lists[heading] = [...(lists[heading] ?? []), line.slice(2).replace(/\*/g, '')]
    }
  }
  return lists
}

const responded = (name: string) => (call: RecordedCall) => call.method === 'respond' && call.target === name

describe('a recap of the channel, through Slack', () => {
  beforeAll(async () => {
    // a private answer its asker shared, a mention answered in the channel, a mention nothing answered
    const iran = await slash(IRAN)
    await recorded('answered', IRAN)
    await press('share', buttonValue(iran, 'share'), 'share-iran')
    await recorded('shared', IRAN)
    await mention(LEADS)
    await recorded('answered', LEADS)
    await mention(MARS)
    await recorded('declined', MARS)
    // an answer whose claim the knowledge base no longer holds, and one from before the window
    const now = Date.now()
    const channel = { platform: 'slack', workspace: 'T1234', channel: 'C1234' }
    await store.append({
      kind: 'answered',
      scope: channel,
      question: GONE,
      claims: ['gone/claim'],
      visibility: 'channel',
      at: new Date(now),
    })
    await store.append({
      kind: 'answered',
      scope: channel,
      question: OLD,
      claims: ['new-coalition/iran-oil-energy-trade'],
      visibility: 'channel',
      at: new Date(now - 2 * 3_600_000),
    })
    // private answers and declined questions of two users
    await slash(CHINA, { user_id: 'U5678' })
    await recorded('answered', CHINA)
    await slash(NONSENSE, { user_id: 'U5678' })
    await recorded('declined', NONSENSE)
    await slash(NORTH_KOREA)
    await recorded('answered', NORTH_KOREA)
    await slash(VENUS)
    await recorded('declined', VENUS)
  })

  it('lists the questions asked here in order, with citations, shared first, and the declined ones as open', async () => {
    const recap = await slash('recap')
    expect(recap.response_type).toBe('ephemeral')
    expect(sections(recap)[0]).toMatch(
      /^\*Recap of the last hour in this channel\*\nSince <!date\^\d+\^\{time\}\|\d\d:\d\d UTC> · 4 questions answered · 2 open\n/,
    )
    expect(listed(recap)).toEqual({
      answered: [`${IRAN} · shared`, LEADS, GONE, `${NORTH_KOREA} · _only you_`],
      open: [MARS, `${VENUS} · _only you_`],
    })
    const lines = sections(recap).join('\n')
    expect(lines).toContain(
      `• *${IRAN}* · shared\n      ${kb.claimById.get('new-coalition/iran-oil-energy-trade')?.statement} — _The Shifting Dynamics of Global Alliances: A New Coalition Emerges · Economic And Military Collaboration With Russia_`,
    )
    expect(lines).toContain(`• *${GONE}*\n      _What it cited is no longer in the knowledge base._`)
  })

  it("leaves out another user's private answers and questions, and shows them their own", async () => {
    const theirs = await slash('recap', { user_id: 'U5678' })
    expect(listed(theirs)).toEqual({
      answered: [`${IRAN} · shared`, LEADS, GONE, `${CHINA} · _only you_`],
      open: [MARS, `${NONSENSE} · _only you_`],
    })
  })

  it('covers only the window asked for', async () => {
    expect(listed(await slash('recap 1'))?.answered).not.toContain(OLD)
    expect(listed(await slash('recap 3h')).answered?.[1]).toBe(OLD)
  })

  it('answers a mention with the recap the channel sees, in the thread', async () => {
    await mention('recap')
    const post = await standIn.waitFor(
      (call) =>
        call.method === 'chat.postMessage' && String(call.body.text).startsWith('Recap of the last hour'),
    )
    expect(post.body.channel).toBe('C1234')
    expect(listed(post.body)).toEqual({ answered: [`${IRAN} · shared`, LEADS, GONE], open: [MARS] })
    expect(JSON.stringify(post.body.blocks)).not.toContain('share-recap')
  })

  it('shares to the channel what the channel saw, naming who shared it, and removes the private copy', async () => {
    const recap = await slash('recap')
    await press('share-recap', buttonValue(recap, 'share-recap'), 'share-recap-1')
    const post = await standIn.waitFor(
      (call) =>
        call.method === 'chat.postMessage' && String(call.body.text).startsWith('<@U1234> shared a recap'),
    )
    expect(post.body.channel).toBe('C1234')
    expect(sections(post.body)[0]).toMatch(/^<@U1234> shared a recap of the last hour in this channel\n/)
    // read again as the channel sees it: the sharer's own private answers and questions stay private
    expect(listed(post.body)).toEqual({ answered: [`${IRAN} · shared`, LEADS, GONE], open: [MARS] })
    expect((await standIn.waitFor(responded('share-recap-1'))).body).toEqual({ delete_original: true })
  })

  it('shares a recap only to the channel it was read in', async () => {
    const recap = await slash('recap')
    await press('share-recap', buttonValue(recap, 'share-recap'), 'share-recap-2', 'C9999')
    expect(sections((await standIn.waitFor(responded('share-recap-2'))).body)).toEqual([
      'That recap is of another conversation, so it can only be shared there. Ask for one here with /ask recap.',
    ])
  })

  it('says how to ask for one when the minutes are not a span it takes', async () => {
    for (const text of ['recap 0', 'recap 2000', 'recap yesterday']) {
      const message = await slash(text)
      expect(message.response_type).toBe('ephemeral')
      expect(sections(message)).toEqual([RECAP_USAGE])
    }
  })
})

describe('a recap where no history is kept', () => {
  it('says plainly that history is not kept here', async () => {
    const message = await slash('recap', {}, bare)
    expect(message.response_type).toBe('ephemeral')
    expect(sections(message)).toEqual([NO_HISTORY])
  })
})
