/**
 * `/ask question: recap` through the real discord.js client against the stand-in for Discord's REST API
 * and gateway, with a real embedded event store in a temporary file: what was asked in the channel, who
 * may see what, and Share to channel.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDiscordAdapter } from '../../../adapters/discord/index.ts'
import { RECAP_USAGE } from '../../../src/commands.ts'
import { createFeedbackLog } from '../../../src/feedback.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { createEmbeddedStore } from '../../../src/store/embedded.ts'
import { createStoreFeedbackLog } from '../../../src/store/feedback-log.ts'
import type { EventStore, StoreEvent } from '../../../src/store/store.ts'
import type { Adapter } from '../../../src/types.ts'
import {
  APPLICATION_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  CHANNEL_ID,
  type DiscordStandIn,
  GUILD_ID,
  OTHER_USER,
  type RecordedCall,
  recordingLogger,
  type SentInteraction,
  startDiscordStandIn,
  USER_ID,
} from './stand-in.ts'

const IRAN = 'what does iran contribute?'
const NORTH_KOREA = 'what does north korea contribute?'
const CHINA = 'what does china contribute?'
const LEADS = 'who leads the coalition?'
const GONE = 'what did the withdrawn report say?'
const OLD = 'what was asked two hours ago?'
const MARS = 'how many penguins live on mars?'
const VENUS = 'how many penguins live on venus?'
const NONSENSE = 'zzzz qqqq'
const EPHEMERAL = 64
const NO_HISTORY =
  'No recap here: this bot keeps no history of the questions asked, so it cannot say what was asked in this channel.'

interface Embed {
  title?: string
  description?: string
}
interface MessageBody {
  content?: string
  embeds?: Embed[]
  components?: { components: { custom_id: string; label?: string }[] }[]
  flags?: number
  allowed_mentions?: unknown
}
interface Callback {
  type: number
  data: MessageBody
}

let kb: KnowledgeBase
let standIn: DiscordStandIn
let bareStandIn: DiscordStandIn
let adapter: Adapter
let bare: Adapter
let dir: string
let store: EventStore
const appended: StoreEvent[] = []
const appendWaiters: { matches: (event: StoreEvent) => boolean; resolve: () => void }[] = []

/** Resolves once the adapter has appended an event of `kind` for `question`, which it does after replying. */
function recorded(kind: StoreEvent['kind'], question: string): Promise<void> {
  const matches = (event: StoreEvent) => event.kind === kind && event.question === question
  if (appended.some(matches)) return Promise.resolve()
  return new Promise((resolve) => appendWaiters.push({ matches, resolve }))
}

const discordConfig = (apiUrl: string) => ({
  token: BOT_TOKEN,
  applicationId: APPLICATION_ID,
  apiUrl,
  messageContent: false,
  prefix: '!ask',
})

beforeAll(async () => {
  kb = loadKnowledge()
  standIn = await startDiscordStandIn({ heartbeatIntervalMs: 300 })
  bareStandIn = await startDiscordStandIn({ heartbeatIntervalMs: 300 })
  dir = mkdtempSync(join(tmpdir(), 'discord-recap-'))
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
  adapter = createDiscordAdapter({
    kb,
    discord: discordConfig(standIn.apiUrl),
    // declined questions reach the store through the feedback log kept in it, as the service wires it
    feedback: createStoreFeedbackLog(events),
    events,
    logger: recordingLogger(),
    readyTimeoutMs: 10_000,
  })
  bare = createDiscordAdapter({
    kb,
    discord: discordConfig(bareStandIn.apiUrl),
    feedback: createFeedbackLog(join(dir, 'feedback.jsonl')),
    logger: recordingLogger(),
    readyTimeoutMs: 10_000,
  })
  await adapter.start()
  await bare.start()
})

afterAll(async () => {
  await adapter?.stop()
  await bare?.stop()
  await standIn?.close()
  await bareStandIn?.close()
  await store?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const callback = async (interaction: SentInteraction, on = standIn): Promise<Callback> =>
  (await on.callbackFor(interaction)).body as unknown as Callback

/** `/ask question:<text>` in the server's channel, as USER unless said */
const ask = (text: string, user?: typeof OTHER_USER) =>
  callback(standIn.slashCommand(text, user ? { user } : {}))

const webhookOf = (interaction: SentInteraction) => (call: RecordedCall) =>
  call.method === 'POST' && call.path.startsWith(`/webhooks/${APPLICATION_ID}/${interaction.token}`)

const repliedTo = (messageId: string) => (call: RecordedCall) =>
  call.method === 'POST' &&
  call.path.startsWith('/channels/') &&
  (call.body as { message_reference?: { message_id: string } }).message_reference?.message_id === messageId

/** `@bot <text>` in the server's channel; resolves with the bot's reply */
async function mention(text: string): Promise<MessageBody> {
  const sent = standIn.sendMessage({ content: `<@${BOT_USER_ID}> ${text}` })
  return (await standIn.calls.waitFor(repliedTo(sent), 'a reply to the mention')).body as MessageBody
}

const shareId = (message: MessageBody, kind: string): string => {
  const id = (message.components ?? [])
    .flatMap((row) => row.components.map((component) => component.custom_id))
    .find((each) => each.startsWith(`v2:${kind}:`))
  if (!id) throw new Error(`no ${kind} button`)
  return id
}

/** the questions a recap lists, in order, under each embed */
function listed(message: MessageBody) {
  const lists: Record<string, string[]> = {}
  for (const embed of message.embeds ?? []) {
    const heading = embed.title?.startsWith('Answered') ? 'answered' : 'open'
    for (const line of (embed.description ?? '').split('\n')) {
      if (line.startsWith('• '))
        lists[heading] = [...(lists[heading] ?? []), line.slice(2).replace(/\*/g, '')]
    }
  }
  return lists
}

describe('a recap of the channel, through Discord', () => {
  beforeAll(async () => {
    // a private answer its asker shared, a mention answered in the channel, a mention nothing answered
    const iran = await ask(IRAN)
    await recorded('answered', IRAN)
    await callback(standIn.pressButton(shareId(iran.data, 'share'), { ephemeral: true }))
    await recorded('shared', IRAN)
    await mention(LEADS)
    await recorded('answered', LEADS)
    await mention(MARS)
    await recorded('declined', MARS)
    // an answer whose claim the knowledge base no longer holds, and one from before the window
    const now = Date.now()
    const channel = { platform: 'discord', workspace: GUILD_ID, channel: CHANNEL_ID }
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
    await ask(CHINA, OTHER_USER)
    await recorded('answered', CHINA)
    await ask(NONSENSE, OTHER_USER)
    await recorded('declined', NONSENSE)
    await ask(NORTH_KOREA)
    await recorded('answered', NORTH_KOREA)
    await ask(VENUS)
    await recorded('declined', VENUS)
  })

  it('lists the questions asked here in order, with citations, shared first, and the declined ones as open', async () => {
    const { type, data } = await ask('recap')
    expect(type).toBe(4)
    expect(data.flags).toBe(EPHEMERAL)
    expect(data.allowed_mentions).toEqual({ parse: [] })
    expect(data.content).toMatch(
      /^\*\*Recap of the last hour in this channel\*\*\nSince <t:\d+:t> · 4 questions answered · 2 open\n/,
    )
    expect(listed(data)).toEqual({
      answered: [`${IRAN} · shared`, LEADS, GONE, `${NORTH_KOREA} · only you`],
      open: [MARS, `${VENUS} · only you`],
    })
    const answered = data.embeds?.[0]?.description ?? ''
    expect(answered).toContain(
      `• **${IRAN}** · shared\n   In the collaboration with Russia, Iran’s main contribution is oil, and its area of cooperation is energy trade. — *The Shifting Dynamics of Global Alliances: A New Coalition Emerges · Economic And Military Collaboration With Russia*`,
    )
    expect(answered).toContain(`• **${GONE}**\n   *What it cited is no longer in the knowledge base.*`)
    expect(shareId(data, 'recap')).toMatch(/^v2:recap:\d+:\d+$/)
  })

  it("leaves out another user's private answers and questions, and shows them their own", async () => {
    const { data } = await ask('recap', OTHER_USER)
    expect(listed(data)).toEqual({
      answered: [`${IRAN} · shared`, LEADS, GONE, `${CHINA} · only you`],
      open: [MARS, `${NONSENSE} · only you`],
    })
  })

  it('covers only the window asked for', async () => {
    expect(listed((await ask('recap 1')).data).answered).not.toContain(OLD)
    expect(listed((await ask('recap 3 hours')).data).answered?.[1]).toBe(OLD)
  })

  it('answers a mention with the recap the channel sees, with no Share button', async () => {
    const reply = await mention('recap')
    expect(reply.flags ?? 0).toBe(0)
    expect(listed(reply)).toEqual({ answered: [`${IRAN} · shared`, LEADS, GONE], open: [MARS] })
    expect(reply.components ?? []).toEqual([])
  })

  it('shares to the channel what the channel saw, naming who shared it without pinging', async () => {
    const { data } = await ask('recap')
    const press = standIn.pressButton(shareId(data, 'recap'), { ephemeral: true })
    const { type, data: note } = await callback(press)
    expect(type).toBe(7)
    expect(note.content).toBe('Shared to the channel.')
    const shared = (await standIn.calls.waitFor(webhookOf(press), 'the shared recap')).body as MessageBody
    expect(shared.flags ?? 0).toBe(0)
    expect(shared.allowed_mentions).toEqual({ parse: [] })
    expect(shared.content).toMatch(
      new RegExp(`^<@${USER_ID}> shared a recap of the last hour in this channel\\n`),
    )
    // read again as the channel sees it: the sharer's own private answers and questions stay private
    expect(listed(shared)).toEqual({ answered: [`${IRAN} · shared`, LEADS, GONE], open: [MARS] })
    expect(shared.components ?? []).toEqual([])
  })

  it('says how to ask for one when the minutes are not a span it takes', async () => {
    for (const text of ['recap 0', 'recap 2000', 'recap yesterday']) {
      const { data } = await ask(text)
      expect(data.flags).toBe(EPHEMERAL)
      expect(data.content).toBe(RECAP_USAGE)
    }
  })
})

describe('a recap where no history is kept', () => {
  it('says plainly that history is not kept here', async () => {
    const { data } = await callback(bareStandIn.slashCommand('recap'), bareStandIn)
    expect(data.flags).toBe(EPHEMERAL)
    expect(data.content).toBe(NO_HISTORY)
  })
})
