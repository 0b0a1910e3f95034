/**
 * Starting and stopping the real discord.js client against the stand-in: the Message Content intent and
 * the prefix, Discord's refusals reported at start-up with what to do, and registering `/ask`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ASK_COMMAND } from '../../../adapters/discord/command.ts'
import { createDiscordAdapter } from '../../../adapters/discord/index.ts'
import { registerDiscordCommands } from '../../../adapters/discord/register.ts'
import type { DiscordConfig } from '../../../src/config.ts'
import type { FeedbackLog } from '../../../src/feedback.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { silentLogger } from '../../../src/logger.ts'
import {
  APPLICATION_ID,
  BOT_TOKEN,
  type DiscordStandIn,
  GUILD_ID,
  MESSAGE_CONTENT_INTENT,
  type RecordedCall,
  startDiscordStandIn,
} from './stand-in.ts'

const noFeedback: FeedbackLog = { record: async () => ({ kind: 'recorded' }) }

let kb: KnowledgeBase
let standIn: DiscordStandIn

beforeAll(async () => {
  kb = loadKnowledge()
  standIn = await startDiscordStandIn()
})

afterAll(async () => {
  await standIn?.close()
})

const config = (extra: Partial<DiscordConfig> = {}): DiscordConfig => ({
  token: BOT_TOKEN,
  applicationId: APPLICATION_ID,
  apiUrl: standIn.apiUrl,
  messageContent: false,
  prefix: '!ask',
  ...extra,
})

const adapterWith = (extra: Partial<DiscordConfig> = {}) =>
  createDiscordAdapter({
    kb,
    discord: config(extra),
    feedback: noFeedback,
    logger: silentLogger,
    readyTimeoutMs: 5_000,
  })

const repliedTo = (messageId: string) => (call: RecordedCall) =>
  call.path.startsWith('/channels/') &&
  (call.body.message_reference as { message_id?: string } | undefined)?.message_id === messageId

describe('the Message Content intent', () => {
  it('is asked for when enabled, and then the prefix is answered', async () => {
    standIn.messageContentAllowed = true
    const adapter = adapterWith({ messageContent: true })
    await adapter.start()
    try {
      expect((standIn.identifies.items.at(-1)?.intents ?? 0) & MESSAGE_CONTENT_INTENT).toBe(
        MESSAGE_CONTENT_INTENT,
      )
      const ignored = standIn.sendMessage({ content: '!askance is a word' })
      const question = standIn.sendMessage({ content: '!ask topics' })
      const reply = await standIn.calls.waitFor(repliedTo(question), 'a reply to the prefixed message')
      expect((reply.body.embeds as { title?: string }[])[0]?.title).toBe(
        'Topics the documents cover, with how many claims each',
      )
      expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false })
      expect(standIn.calls.items.filter(repliedTo(ignored))).toEqual([])
    } finally {
      const closed = standIn.closes.items.length
      await adapter.stop()
      await standIn.closes.waitFor(
        () => standIn.closes.items.length > closed,
        'the connection closed on stop',
      )
    }
  })

  it('fails to start with what to do when Discord refuses the intent (close code 4014)', async () => {
    standIn.messageContentAllowed = false
    const adapter = adapterWith({ messageContent: true })
    await expect(adapter.start()).rejects.toThrow(
      'Discord refused the connection (close code 4014, disallowed intents): DISCORD_MESSAGE_CONTENT=true asks for the privileged Message Content intent, which this bot is not allowed. Enable it in the developer portal (your application → Bot → Privileged Gateway Intents → Message Content Intent), or set DISCORD_MESSAGE_CONTENT=false to answer only /ask, mentions and direct messages',
    )
    expect(standIn.refusals.items).toEqual([4014])
    await adapter.stop()
  })

  it('is not asked for when disabled, so the same bot connects', async () => {
    standIn.messageContentAllowed = false
    const adapter = adapterWith({ messageContent: false })
    await adapter.start()
    expect((standIn.identifies.items.at(-1)?.intents ?? 0) & MESSAGE_CONTENT_INTENT).toBe(0)
    await adapter.stop()
  })
})

describe('start-up failures', () => {
  it('reports a token Discord rejects', async () => {
    const adapter = adapterWith({ token: 'revoked-token' })
    await expect(adapter.start()).rejects.toThrow(
      'Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal (your application → Bot → Reset Token)',
    )
    await adapter.stop()
  })

  it('gives up on a gateway that never gets ready, in the time it was given, and closes its connection', async () => {
    standIn.sendsGuilds = false
    const closed = standIn.closes.items.length
    const adapter = createDiscordAdapter({
      kb,
      discord: config(),
      feedback: noFeedback,
      logger: silentLogger,
      readyTimeoutMs: 300,
    })
    try {
      await expect(adapter.start()).rejects.toThrow(
        'Discord did not say ready within 0.3 s; check DISCORD_TOKEN, the network (the gateway is a WebSocket on wss://gateway.discord.gg) and DISCORD_API_URL if set, or raise START_TIMEOUT_SECONDS',
      )
      await standIn.closes.waitFor(() => standIn.closes.items.length > closed, 'the connection closed')
    } finally {
      standIn.sendsGuilds = true
      await adapter.stop()
    }
  })

  it('waits as long as START_TIMEOUT_SECONDS says, whatever the adapter was given', async () => {
    standIn.sendsGuilds = false
    // given 5 s by adapterWith as well: the configured 0.4 s wins
    const adapter = adapterWith({ startTimeoutMs: 400 })
    try {
      await expect(adapter.start()).rejects.toThrow(
        'Discord did not say ready within 0.4 s; check DISCORD_TOKEN, the network (the gateway is a WebSocket on wss://gateway.discord.gg) and DISCORD_API_URL if set, or raise START_TIMEOUT_SECONDS',
      )
    } finally {
      standIn.sendsGuilds = true
      await adapter.stop()
    }
  })

  it('reports a Discord it cannot reach, pointing at DISCORD_API_URL', async () => {
    const adapter = adapterWith({ apiUrl: 'http://127.0.0.1:9/api' })
    await expect(adapter.start()).rejects.toThrow(
      /^Could not reach Discord \(.*ECONNREFUSED.*\); check the network, or DISCORD_API_URL if set$/,
    )
    await adapter.stop()
  })
})

describe('registerDiscordCommands', () => {
  const puts = () => standIn.calls.items.filter((call) => call.method === 'PUT')

  it('registers /ask in one server when a guild is set', async () => {
    const done = await registerDiscordCommands({
      discord: config({ guildId: GUILD_ID }),
      logger: silentLogger,
    })
    expect(done).toBe(`Registered /ask in server ${GUILD_ID}; it can be used there now.`)
    expect(puts().at(-1)).toMatchObject({
      path: `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`,
      status: 200,
      authorization: `Bot ${BOT_TOKEN}`,
      body: [ASK_COMMAND],
    })
  })

  it('registers /ask globally otherwise', async () => {
    const done = await registerDiscordCommands({ discord: config(), logger: silentLogger })
    expect(done).toBe(
      'Registered /ask globally: in every server the bot is in and in direct messages with it (it can take a few minutes to appear everywhere).',
    )
    expect(puts().at(-1)?.path).toBe(`/applications/${APPLICATION_ID}/commands`)
  })

  it('defines one command whose option autocompletes, within Discord limits', () => {
    expect(ASK_COMMAND.name).toBe('ask')
    expect(ASK_COMMAND.description.length).toBeLessThanOrEqual(100)
    expect(ASK_COMMAND.options).toEqual([
      expect.objectContaining({
        name: 'question',
        type: 3,
        required: false,
        autocomplete: true,
        max_length: 500,
      }),
    ])
  })

  it.each([
    [
      { token: 'revoked-token' },
      'Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal (your application → Bot → Reset Token)',
    ],
    [
      { applicationId: '1100000000000000999' },
      'Discord knows no application 1100000000000000999 (Unknown Application); set DISCORD_APPLICATION_ID to the Application ID on the General Information page',
    ],
    [
      { guildId: '1200000000000000999' },
      'Discord refused to register /ask in server 1200000000000000999 (Missing Access): invite the bot to that server with the applications.commands scope (see the README), or check DISCORD_GUILD_ID',
    ],
  ])('says what to fix when Discord refuses: %j', async (extra, message) => {
    await expect(registerDiscordCommands({ discord: config(extra), logger: silentLogger })).rejects.toThrow(
      message,
    )
  })

  it('says when Discord cannot be reached', async () => {
    await expect(
      registerDiscordCommands({
        discord: config({ apiUrl: 'http://127.0.0.1:9/api' }),
        logger: silentLogger,
      }),
    ).rejects.toThrow(
      /^Could not reach Discord to register \/ask \(.*\); check the network, or DISCORD_API_URL if set$/,
    )
  })
})
