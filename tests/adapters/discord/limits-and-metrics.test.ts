/**
 * Each user's allowance of questions, and what the adapter reports for the operator's dashboards, through
 * the real discord.js against the stand-in, with a limiter that refuses the calls a test names and a
 * Metrics that records every call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDiscordAdapter } from '../../../adapters/discord/index.ts'
import type { FeedbackLog } from '../../../src/feedback.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import type { Metrics } from '../../../src/service/metrics.ts'
import type { RateLimiter } from '../../../src/service/rate-limit.ts'
import type { Adapter } from '../../../src/types.ts'
import {
  APPLICATION_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  type DiscordStandIn,
  GUILD_ID,
  type RecordedCall,
  recordingLogger,
  type SentInteraction,
  startDiscordStandIn,
  USER_ID,
} from './stand-in.ts'

const IRAN = 'how does iran help russia?'
const NOT_ANSWERED = 'how big is the dprk army?'
const EPHEMERAL = 64
const SERVER_KEY = `discord:${GUILD_ID}:${USER_ID}`
const DM_KEY = `discord:dm:${USER_ID}`
/** what a refusal says when the limiter asks for 2.5 s */
const WAIT = "You're asking faster than I can keep up with. Try again in 3 seconds."

/** every call the limiter took, by key, and which of them (counted from 1) it refuses */
const taken: string[] = []
let refuse = new Set<number>()
const limiter: RateLimiter = {
  take: async (key) => {
    taken.push(key)
    return refuse.has(taken.length) ? { allowed: false, retryAfterMs: 2_500 } : { allowed: true }
  },
}

type Reported = [method: keyof Metrics, ...args: unknown[]]
const reported: Reported[] = []
let told: (() => void)[] = []
const report = (entry: Reported) => {
  reported.push(entry)
  for (const tell of told) tell()
  told = []
}
const metrics: Metrics = {
  replied: (...args) => report(['replied', ...args]),
  voted: (...args) => report(['voted', ...args]),
  failed: (...args) => report(['failed', ...args]),
  buttonExpired: (...args) => report(['buttonExpired', ...args]),
  rateLimited: (...args) => report(['rateLimited', ...args]),
}

/**
 * The reports since `start`, once there are `count` of them: the adapter reports a reply after Discord
 * took it, so a little after the stand-in saw it. Waiting for all a test expects keeps a late one from
 * landing in the next test.
 */
async function reportsSince(start: number, count: number): Promise<Reported[]> {
  const deadline = Date.now() + 8_000
  while (reported.length < start + count) {
    const left = deadline - Date.now()
    if (left <= 0) throw new Error(`expected ${count} reports, got ${reported.length - start}`)
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left)
      told.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
  return reported.slice(start)
}

const feedback: FeedbackLog = { record: async () => ({ kind: 'recorded' }) }

let standIn: DiscordStandIn
let adapter: Adapter

beforeAll(async () => {
  standIn = await startDiscordStandIn({ heartbeatIntervalMs: 300 })
  adapter = createDiscordAdapter({
    kb: loadKnowledge(),
    discord: {
      token: BOT_TOKEN,
      applicationId: APPLICATION_ID,
      apiUrl: standIn.apiUrl,
      messageContent: false,
      prefix: '!ask',
    },
    feedback,
    logger: recordingLogger(),
    limiter,
    metrics,
    readyTimeoutMs: 10_000,
  })
  await adapter.start()
})

afterAll(async () => {
  await adapter?.stop()
  await standIn?.close()
})

beforeEach(() => {
  taken.length = 0
  refuse = new Set()
})

interface Callback {
  type: number
  data: {
    content?: string
    embeds?: { title?: string }[]
    flags?: number
    components?: { components: { custom_id: string }[] }[]
    allowed_mentions?: unknown
  }
}
const callback = async (interaction: SentInteraction): Promise<Callback> =>
  (await standIn.callbackFor(interaction)).body as unknown as Callback

const customId = (message: Callback['data'], kind: string) => {
  const found = (message.components ?? [])
    .flatMap((row) => row.components)
    .find((button) => button.custom_id.startsWith(`v2:${kind}:`))
  if (!found) throw new Error(`no ${kind} button`)
  return found.custom_id
}

const repliedTo = (messageId: string) => (call: RecordedCall) =>
  call.method === 'POST' &&
  call.path.startsWith('/channels/') &&
  (call.body.message_reference as { message_id?: string } | undefined)?.message_id === messageId

/** a `replied` report with its outcome, timed in seconds */
const replied = (outcome: 'answered' | 'declined') => ['replied', 'discord', outcome, expect.any(Number)]

/** every reply is timed from the event's arrival, so some time passed, and far less than a test's patience */
const expectPlausibleTimes = (reports: Reported[]) => {
  const seconds = reports.filter(([method]) => method === 'replied').map((report) => report[3])
  expect(seconds.length).toBeGreaterThan(0)
  for (const time of seconds) {
    expect(time).toBeGreaterThan(0)
    expect(time).toBeLessThan(5)
  }
}

describe('the allowance of questions', () => {
  it('answers the first two questions and refuses the third privately, saying when to ask again', async () => {
    refuse = new Set([3])
    const start = reported.length
    expect((await callback(standIn.slashCommand(IRAN))).data.content).toBe(`You asked: ${IRAN}`)
    expect((await callback(standIn.slashCommand(NOT_ANSWERED))).data.embeds?.[0]?.title).toBe(
      'Not in the knowledge base',
    )
    const refused = await callback(standIn.slashCommand(IRAN))
    expect(refused).toMatchObject({
      type: 4,
      data: { content: WAIT, flags: EPHEMERAL, embeds: [], components: [], allowed_mentions: { parse: [] } },
    })
    expect(taken).toEqual([SERVER_KEY, SERVER_KEY, SERVER_KEY])
    const reports = await reportsSince(start, 3)
    expect(reports).toEqual([replied('answered'), replied('declined'), ['rateLimited', 'discord']])
    expectPlausibleTimes(reports)
  })

  it('counts More results and the questions offered as buttons, not votes, Share or autocomplete', async () => {
    const start = reported.length
    const answer = await callback(standIn.slashCommand(IRAN))
    const help = await callback(standIn.slashCommand('help'))
    expect(taken).toHaveLength(2)
    await callback(standIn.autocomplete('what does ir'))
    await callback(standIn.pressButton(customId(answer.data, 'up')))
    expect(taken).toHaveLength(2)
    await callback(standIn.pressButton(customId(answer.data, 'more')))
    await callback(standIn.pressButton(customId(help.data, 'ask')))
    expect(taken).toHaveLength(4)
    await callback(standIn.pressButton(customId(answer.data, 'share')))
    expect(taken).toEqual([SERVER_KEY, SERVER_KEY, SERVER_KEY, SERVER_KEY])
    expect(await reportsSince(start, 4)).toEqual([
      replied('answered'),
      ['voted', 'discord', 'up'],
      replied('answered'),
      replied('answered'),
    ])
  })

  it('refuses More results and a question offered as a button once the allowance is spent', async () => {
    const start = reported.length
    const answer = await callback(standIn.slashCommand(IRAN))
    const help = await callback(standIn.slashCommand('help'))
    refuse = new Set([3, 4])
    for (const [kind, source] of [
      ['more', answer],
      ['ask', help],
    ] as const) {
      const { type, data } = await callback(standIn.pressButton(customId(source.data, kind)))
      expect({ type, data }).toMatchObject({ type: 4, data: { content: WAIT, flags: EPHEMERAL } })
    }
    expect(taken).toHaveLength(4)
    expect(await reportsSince(start, 3)).toEqual([
      replied('answered'),
      ['rateLimited', 'discord'],
      ['rateLimited', 'discord'],
    ])
  })

  it('keys direct messages by the user alone, and refuses a message with a reply that pings no one', async () => {
    refuse = new Set([2])
    const start = reported.length
    const first = standIn.sendMessage({ content: IRAN, direct: true })
    const answered = await standIn.calls.waitFor(repliedTo(first), 'a reply to the first message')
    expect(answered.body.content).toBe(`-# Asked: ${IRAN}`)
    const second = standIn.sendMessage({ content: `<@${BOT_USER_ID}> ${IRAN}` })
    const reply = await standIn.calls.waitFor(repliedTo(second), 'a reply to the second message')
    expect(reply.body).toMatchObject({
      content: WAIT,
      embeds: [],
      components: [],
      allowed_mentions: { parse: [], replied_user: false },
    })
    expect(reply.body.flags ?? 0).toBe(0)
    expect(taken).toEqual([DM_KEY, SERVER_KEY])
    expect(await reportsSince(start, 2)).toEqual([replied('answered'), ['rateLimited', 'discord']])
  })
})

describe('the metrics', () => {
  it('reports each question replied to, by slash command, message, More results and a question offered', async () => {
    const start = reported.length
    const answer = await callback(standIn.slashCommand(IRAN))
    const mention = standIn.sendMessage({ content: `<@${BOT_USER_ID}> ${NOT_ANSWERED}` })
    await standIn.calls.waitFor(repliedTo(mention), 'a reply to the mention')
    await callback(standIn.pressButton(customId(answer.data, 'more')))
    const help = await callback(standIn.slashCommand('help'))
    await callback(standIn.pressButton(customId(help.data, 'ask')))
    await callback(standIn.slashCommand('sources'))
    // help and sources are no questions: neither answered nor declined
    const reports = await reportsSince(start, 4)
    expect(reports).toEqual([
      replied('answered'),
      replied('declined'),
      replied('answered'),
      replied('answered'),
    ])
    expectPlausibleTimes(reports)
  })

  it('reports each vote recorded, and each button whose state is gone', async () => {
    const start = reported.length
    const answer = await callback(standIn.slashCommand(IRAN))
    await callback(standIn.pressButton(customId(answer.data, 'up')))
    await callback(standIn.pressButton(customId(answer.data, 'down')))
    await callback(standIn.pressButton('up:AbCdEf123_-x'))
    expect(await reportsSince(start, 4)).toEqual([
      replied('answered'),
      ['voted', 'discord', 'up'],
      ['voted', 'discord', 'down'],
      ['buttonExpired', 'discord'],
    ])
  })

  it('reports a failure the user was apologised to for, under a fixed phrase', async () => {
    standIn.failNextCallback(400, { code: 50035, message: 'Invalid Form Body' })
    const start = reported.length
    const { data } = await callback(standIn.slashCommand(IRAN))
    expect(data.content).toBe('Sorry, something went wrong while answering. Please try again in a moment.')
    expect(await reportsSince(start, 1)).toEqual([['failed', 'discord', 'answering an interaction']])
  })
})
