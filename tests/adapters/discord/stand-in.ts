/**
 * A stand-in for Discord on loopback: the REST API (GET /gateway/bot, interaction callbacks, interaction
 * webhooks, channel messages, command registration), recording every call and keeping every message the
 * bot sent as Discord would (so a button is pressed on the message it sits under, with Discord's record of
 * the interaction that message answered), and on the same port a gateway
 * that speaks the protocol discord.js expects: HELLO, IDENTIFY → READY and GUILD_CREATE, heartbeats and
 * their ACKs, then the INTERACTION_CREATE (commands, autocomplete, buttons, select menus, forms) and
 * MESSAGE_CREATE a test dispatches. Like Discord, it closes with 4014 when IDENTIFY asks for the Message
 * Content intent the "developer portal" does not allow, and without that intent it sends servers' messages
 * with empty content unless they mention the bot. Sharded, like Discord, it sends each connection only the
 * servers of the shard its IDENTIFY named, and a server's events only to that shard's connection.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'
import type { Logger } from '../../../src/logger.ts'

export const BOT_TOKEN = 'test-bot-token'
export const APPLICATION_ID = '1100000000000000001'
export const BOT_USER_ID = '1100000000000000002'
export const GUILD_ID = '1200000000000000001'
export const CHANNEL_ID = '1300000000000000001'
export const DM_CHANNEL_ID = '1300000000000000002'
export const COMMAND_ID = '1400000000000000001'
export const USER_ID = '1500000000000000001'
/** a second server, for sharding: with two shards GUILD_ID is on shard 1 and this one on shard 0 */
export const SECOND_GUILD_ID = '1200000000004194305'
export const SECOND_CHANNEL_ID = '1300000000000000003'

/** each server's one text channel */
const CHANNELS: Record<string, string> = { [GUILD_ID]: CHANNEL_ID, [SECOND_GUILD_ID]: SECOND_CHANNEL_ID }
const channelOf = (guildId: string) => CHANNELS[guildId] ?? CHANNEL_ID

/** the shard Discord sends a server's events on (discord.com/developers/docs/events/gateway#sharding) */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount))
}

/** the Message Content intent's bit (discord.com/developers/docs/events/gateway#gateway-intents) */
export const MESSAGE_CONTENT_INTENT = 1 << 15

const BOT_USER = {
  id: BOT_USER_ID,
  username: 'cited-answers',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
}

export const USER = { id: USER_ID, username: 'ada', discriminator: '0', global_name: 'Ada', avatar: null }
/** someone else in the same server, pressing buttons that were not made for them */
export const OTHER_USER = {
  id: '1500000000000000003',
  username: 'grace',
  discriminator: '0',
  global_name: 'Grace',
  avatar: null,
}

/** How long a test waits for something the bot should do before failing with what it was waiting for. */
const WAIT_MS = 8_000

/** One REST call as the stand-in received it. */
export interface RecordedCall {
  method: string
  /** the path after /api/v10, without the query */
  path: string
  query: URLSearchParams
  status: number
  /** the Authorization header, if any */
  authorization?: string
  body: Record<string, unknown>
}

export interface Identify {
  token: string
  intents: number
  /** [shard id, shard count] as IDENTIFY named them; [0, 1] when it named none */
  shard: [number, number]
}

/** A dispatch as the stand-in sent it: to which shard's connection. */
export interface Delivery {
  event: string
  /** the interaction's or message's id */
  id?: string
  shard: number
}

interface Waiter<T> {
  matches: (item: T) => boolean
  resolve: (item: T) => void
}

/** A list that can be awaited: the first item, past or future, that matches. */
class Awaitable<T> {
  readonly items: T[] = []
  private readonly waiters: Waiter<T>[] = []

  constructor(private readonly what: string) {}

  push(item: T) {
    this.items.push(item)
    for (const waiter of [...this.waiters]) {
      if (!waiter.matches(item)) continue
      this.waiters.splice(this.waiters.indexOf(waiter), 1)
      waiter.resolve(item)
    }
  }

  waitFor(matches: (item: T) => boolean, description = 'a match'): Promise<T> {
    const past = this.items.find(matches)
    if (past) return Promise.resolve(past)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(
          new Error(`the Discord stand-in saw no ${this.what} matching ${description} within ${WAIT_MS} ms`),
        )
      }, WAIT_MS)
      const waiter: Waiter<T> = {
        matches,
        resolve: (item) => {
          clearTimeout(timer)
          resolve(item)
        },
      }
      this.waiters.push(waiter)
    })
  }
}

type Json = Record<string, unknown>

/** Discord ids are snowflakes: milliseconds since 2015 shifted left 22 bits, plus a counter. */
let sequence = 0n
export function snowflake(): string {
  sequence += 1n
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) + (sequence % 4096n)).toString()
}

export interface SentInteraction {
  id: string
  token: string
}

/** A message the bot sent, as it stands now (an update to it replaces what it updated). */
export interface BotMessage {
  id: string
  channelId: string
  /** what the bot sent: content, embeds, components, flags… */
  body: Json
  /** Discord's record of the interaction the message answers (its `interaction_metadata`), if any */
  interaction?: { id: string; type: number; user: Json }
}

export interface MessageOptions {
  content: string
  /** a direct message, else a message in the server's channel */
  direct?: boolean
  author?: Json
}

export interface DiscordStandIn {
  /** the REST base URL to give the bot (discord.js appends /v10) */
  apiUrl: string
  calls: Awaitable<RecordedCall>
  identifies: Awaitable<Identify>
  heartbeats: Awaitable<number>
  /** every dispatch sent, with the shard whose connection it went to */
  deliveries: Awaitable<Delivery>
  /** every gateway connection that closed, with the code the bot sent back */
  closes: Awaitable<number>
  /** the close codes the stand-in refused a connection with (4004 bad token, 4014 disallowed intents) */
  refusals: Awaitable<number>
  /** the developer portal's switch for the privileged Message Content intent */
  messageContentAllowed: boolean
  /** false: READY names the server, but its GUILD_CREATE never comes, so the client never gets ready */
  sendsGuilds: boolean
  /**
   * send a gateway dispatch as Discord does: a server's to the connections of the shard it is on, anything
   * else (a direct message) to shard 0's
   */
  dispatch(event: string, data: unknown): void
  /** an /ask command with the question option (none when undefined), in GUILD_ID unless said, by USER unless said */
  slashCommand(
    question?: unknown,
    options?: { direct?: boolean; name?: string; guildId?: string; user?: Json },
  ): SentInteraction
  /** the user typing in the question option (of another command than /ask with `name`) */
  autocomplete(typed: string, options?: { name?: string }): SentInteraction
  /** every message the bot sent, in the order sent, each as it stands now */
  messages: BotMessage[]
  /** the message the bot's response to `interaction` created, if it made one */
  messageFor(interaction: SentInteraction): BotMessage | undefined
  /**
   * a user (USER unless said) pressing a button with `customId` on a message the bot sent: `on`, else the
   * latest message holding that button, else (a button no message of this stand-in holds) a message with
   * only that button, ephemeral when said
   */
  pressButton(
    customId: string,
    options?: { on?: BotMessage; ephemeral?: boolean; direct?: boolean; user?: Json },
  ): SentInteraction
  /** the user choosing from a string select menu with `customId` on a message the bot sent */
  chooseFromMenu(customId: string, values: string[]): SentInteraction
  /** the user submitting a form (modal) with `customId` and one text field */
  submitForm(customId: string, text: string): SentInteraction
  /** the user running the user context-menu command `name` (right-click a user → Apps) on USER */
  userCommand(name: string): SentInteraction
  /** a message in the server's channel or a direct message; resolves to its id */
  sendMessage(options: MessageOptions): string
  /** the first successful callback for an interaction */
  callbackFor(interaction: SentInteraction): Promise<RecordedCall>
  /** answer the next interaction callback with 429 and Retry-After, as Discord does */
  rateLimitNextCallback(seconds: number): void
  /** answer the next interaction callback with this error */
  failNextCallback(status: number, error: { code: number; message: string }): void
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks).toString('utf8')
  if (!raw) return {}
  if ((request.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw) as Json
  return { raw }
}

function messageObject(channelId: string, body: Json, extra: Json = {}): Json {
  return {
    id: snowflake(),
    channel_id: channelId,
    author: BOT_USER,
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: body.flags ?? 0,
    type: body.message_reference ? 19 : 0,
    ...extra,
  }
}

function interactionBase(
  type: number,
  data: Json,
  direct: boolean,
  user: Json = USER,
  guildId = GUILD_ID,
): Json & SentInteraction {
  const id = snowflake()
  const where = direct
    ? {
        channel_id: DM_CHANNEL_ID,
        channel: { id: DM_CHANNEL_ID, type: 1, recipients: [user] },
        user,
        context: 1,
        authorizing_integration_owners: { '0': GUILD_ID },
      }
    : {
        guild_id: guildId,
        guild_locale: 'en-US',
        channel_id: channelOf(guildId),
        channel: { id: channelOf(guildId), type: 0, guild_id: guildId, name: 'strategy-meeting' },
        member: {
          user,
          roles: [],
          permissions: '2248473465835073',
          joined_at: '2024-01-01T00:00:00.000000+00:00',
          deaf: false,
          mute: false,
          flags: 0,
        },
        context: 0,
        authorizing_integration_owners: { '0': guildId },
      }
  return {
    id,
    token: `interaction-token-${id}`,
    application_id: APPLICATION_ID,
    type,
    data,
    version: 1,
    locale: 'en-GB',
    app_permissions: '2248473465835073',
    entitlements: [],
    attachment_size_limit: 8_388_608,
    ...where,
  }
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return (server.address() as AddressInfo).port
}

export interface DiscordStandInOptions {
  heartbeatIntervalMs?: number
  /** the servers the bot is in (default: GUILD_ID alone) */
  guilds?: string[]
  /** the shard count GET /gateway/bot recommends (default 1) */
  recommendedShards?: number
  /** how many shards may IDENTIFY at once, as GET /gateway/bot says (default 1) */
  maxConcurrency?: number
}

/** A server as GUILD_CREATE sends it, with its one text channel. */
function guildObject(guildId: string): Json {
  return {
    id: guildId,
    name: guildId === GUILD_ID ? 'Strategy team' : 'Second team',
    owner_id: USER_ID,
    unavailable: false,
    member_count: 2,
    large: false,
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    features: [],
    roles: [{ id: guildId, name: '@everyone', permissions: '1024', position: 0, color: 0, flags: 0 }],
    channels: [
      { id: channelOf(guildId), type: 0, name: 'strategy-meeting', position: 0, permission_overwrites: [] },
    ],
    threads: [],
    members: [],
    emojis: [],
    stickers: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  }
}

/** the [id, count] an IDENTIFY names, when it names a valid one */
function shardIn(value: unknown): [number, number] | undefined {
  if (!Array.isArray(value)) return undefined
  const [id, count]: unknown[] = value
  if (typeof id !== 'number' || typeof count !== 'number') return undefined
  return Number.isInteger(id) && Number.isInteger(count) && id >= 0 && count > id ? [id, count] : undefined
}

export async function startDiscordStandIn(options: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
  const guilds = options.guilds ?? [GUILD_ID]
  const calls = new Awaitable<RecordedCall>('REST call')
  const identifies = new Awaitable<Identify>('IDENTIFY')
  const heartbeats = new Awaitable<number>('heartbeat')
  const deliveries = new Awaitable<Delivery>('dispatch')
  const closes = new Awaitable<number>('closed gateway connection')
  const refusals = new Awaitable<number>('refused gateway connection')
  const rateLimits: number[] = []
  const failures: { status: number; error: { code: number; message: string } }[] = []
  const identified = new Map<WebSocket, Identify>()
  const messages: BotMessage[] = []
  /** every interaction dispatched, by its token: who invoked it, where, and the message a button was on */
  const interactions = new Map<
    string,
    { id: string; type: number; user: Json; channelId: string; pressed?: string; response?: string }
  >()
  const keep = (message: BotMessage) => {
    messages.push(message)
    return message
  }
  /** Discord's record of the interaction behind `token`, for a message that answers it */
  const answering = (token: string): Pick<BotMessage, 'interaction'> => {
    const interaction = interactions.get(token)
    return interaction
      ? { interaction: { id: interaction.id, type: interaction.type, user: interaction.user } }
      : {}
  }
  const update = (messageId: string | undefined, body: Json) => {
    const message = messages.find((sent) => sent.id === messageId)
    if (message) message.body = { ...message.body, ...body }
  }
  /** a message as Discord sends it with a button interaction, with its interaction's metadata */
  const messageJson = (message: BotMessage): Json =>
    messageObject(message.channelId, message.body, {
      id: message.id,
      ...(message.interaction
        ? {
            interaction_metadata: {
              ...message.interaction,
              authorizing_integration_owners: { '0': GUILD_ID },
            },
          }
        : {}),
    })
  const holds = (message: BotMessage, customId: string) =>
    ((message.body.components ?? []) as { components?: { custom_id?: string }[] }[]).some((row) =>
      (row.components ?? []).some((component) => component.custom_id === customId),
    )
  let dispatchSequence = 0

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const path = url.pathname.replace(/^\/api\/v\d+/, '')
    const method = req.method ?? 'GET'
    const body = await readBody(req)
    const authorization = req.headers.authorization
    const record = (status: number) =>
      calls.push({
        method,
        path,
        query: url.searchParams,
        status,
        ...(authorization ? { authorization } : {}),
        body,
      })
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      record(status)
      if (json === undefined) {
        res.writeHead(status, headers)
        res.end()
        return
      }
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
      res.end(JSON.stringify(json))
    }
    const unauthorized = () => reply(401, { message: '401: Unauthorized', code: 0 })
    const authorized = authorization === `Bot ${BOT_TOKEN}`

    if (method === 'GET' && path === '/gateway/bot') {
      if (!authorized) return unauthorized()
      return reply(200, {
        url: `ws://127.0.0.1:${port}`,
        shards: options.recommendedShards ?? 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: options.maxConcurrency ?? 1,
        },
      })
    }
    const callback = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(path)
    if (method === 'POST' && callback) {
      if (rateLimits.length > 0) {
        const seconds = rateLimits.shift() ?? 1
        // what Discord sends: the headers in whole seconds, the body's retry_after as a float
        return reply(
          429,
          { message: 'You are being rate limited.', retry_after: seconds, global: false },
          {
            'Retry-After': String(seconds),
            'X-RateLimit-Limit': '1',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset-After': String(seconds),
            'X-RateLimit-Scope': 'user',
          },
        )
      }
      const failure = failures.shift()
      if (failure) return reply(failure.status, failure.error)
      // kept before the call is recorded, so a test that awaited the callback finds its message
      const token = callback[1] ?? ''
      const invoked = interactions.get(token)
      const data = (body.data ?? {}) as Json
      if (invoked && body.type === 4) {
        const sent = keep({
          id: snowflake(),
          channelId: invoked.channelId,
          body: data,
          ...answering(token),
        })
        invoked.response = sent.id
      }
      if (invoked && body.type === 7) update(invoked.pressed, data)
      return reply(204)
    }
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path)
    if (webhook) {
      if (method === 'DELETE') return reply(204)
      const token = webhook[2] ?? ''
      const invoked = interactions.get(token)
      const target = webhook[3] === '@original' ? (invoked?.response ?? invoked?.pressed) : webhook[3]
      if (method === 'PATCH') update(target, body)
      const channelId = invoked?.channelId ?? CHANNEL_ID
      const sent =
        method === 'POST'
          ? keep({
              id: snowflake(),
              channelId,
              body,
              ...answering(token),
            })
          : messages.find((message) => message.id === target)
      return reply(
        200,
        messageObject(channelId, sent?.body ?? body, {
          ...(sent ? { id: sent.id } : {}),
          webhook_id: webhook[1],
          application_id: APPLICATION_ID,
        }),
      )
    }
    const channel = /^\/channels\/(\d+)\/messages$/.exec(path)
    if (method === 'POST' && channel) {
      if (!authorized) return unauthorized()
      const sent = keep({ id: snowflake(), channelId: channel[1] ?? '', body })
      return reply(200, messageObject(sent.channelId, body, { id: sent.id }))
    }
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)
    if (method === 'PUT' && commands) {
      if (!authorized) return unauthorized()
      if (commands[1] !== APPLICATION_ID) return reply(404, { message: 'Unknown Application', code: 10002 })
      if (commands[2] !== undefined && commands[2] !== GUILD_ID) {
        return reply(403, { message: 'Missing Access', code: 50001 })
      }
      const list: Json[] = Array.isArray(body) ? body : []
      return reply(
        200,
        list.map((command) => ({ id: snowflake(), application_id: APPLICATION_ID, ...command })),
      )
    }
    return reply(404, { message: '404: Not Found', code: 0 })
  })

  const gateway = new WebSocketServer({ server })
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1_000
  const send = (socket: WebSocket, payload: Json) => socket.send(JSON.stringify(payload))
  const dispatchTo = (socket: WebSocket, event: string, data: unknown) => {
    dispatchSequence += 1
    send(socket, { op: 0, t: event, s: dispatchSequence, d: data })
  }

  gateway.on('connection', (socket) => {
    send(socket, { op: 10, d: { heartbeat_interval: heartbeatIntervalMs } })
    socket.on('close', (code) => {
      identified.delete(socket)
      closes.push(code)
    })
    socket.on('message', (raw: Buffer) => {
      const payload = JSON.parse(raw.toString('utf8')) as { op: number; d: Json }
      switch (payload.op) {
        case 1:
          heartbeats.push(heartbeats.items.length + 1)
          send(socket, { op: 11 })
          return
        case 2: {
          const identify: Identify = {
            token: String(payload.d.token),
            intents: Number(payload.d.intents),
            shard: shardIn(payload.d.shard) ?? [0, 1],
          }
          identifies.push(identify)
          if (identify.token !== BOT_TOKEN) {
            refusals.push(4004)
            socket.close(4004, 'Authentication failed.')
            return
          }
          if (identify.intents & MESSAGE_CONTENT_INTENT && !standIn.messageContentAllowed) {
            refusals.push(4014)
            socket.close(4014, 'Disallowed intent(s).')
            return
          }
          identified.set(socket, identify)
          const [shardId, shardCount] = identify.shard
          const here = guilds.filter((guildId) => shardOf(guildId, shardCount) === shardId)
          dispatchTo(socket, 'READY', {
            v: 10,
            user: BOT_USER,
            guilds: here.map((id) => ({ id, unavailable: true })),
            session_id: `session-${snowflake()}`,
            resume_gateway_url: `ws://127.0.0.1:${port}`,
            application: { id: APPLICATION_ID, flags: 0 },
            shard: identify.shard,
          })
          if (!standIn.sendsGuilds) return
          for (const guildId of here) dispatchTo(socket, 'GUILD_CREATE', guildObject(guildId))
          return
        }
        default:
          // a RESUME or anything else: this stand-in keeps no sessions, so ask for a fresh IDENTIFY
          send(socket, { op: 9, d: false })
      }
    })
  })

  const port = await listen(server)

  const standIn: DiscordStandIn = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    calls,
    identifies,
    heartbeats,
    deliveries,
    closes,
    refusals,
    messageContentAllowed: true,
    sendsGuilds: true,
    messages,
    messageFor(interaction) {
      const id = interactions.get(interaction.token)?.response
      return messages.find((message) => message.id === id)
    },
    dispatch(event, data) {
      if (event === 'INTERACTION_CREATE' && typeof data === 'object' && data !== null) {
        const interaction = data as Json & Partial<SentInteraction>
        const member = interaction.member as { user?: Json } | undefined
        const user = member?.user ?? (interaction.user as Json | undefined)
        const message = interaction.message as { id?: string } | undefined
        if (interaction.token && interaction.id && user) {
          interactions.set(interaction.token, {
            id: interaction.id,
            type: Number(interaction.type),
            user,
            channelId: String(interaction.channel_id ?? CHANNEL_ID),
            ...(message?.id ? { pressed: message.id } : {}),
          })
        }
      }
      const json = typeof data === 'object' && data !== null ? (data as Json) : {}
      const guildId = typeof json.guild_id === 'string' ? json.guild_id : undefined
      for (const [socket, identify] of identified) {
        const [shardId, shardCount] = identify.shard
        if (shardId !== (guildId === undefined ? 0 : shardOf(guildId, shardCount))) continue
        deliveries.push({ event, shard: shardId, ...(typeof json.id === 'string' ? { id: json.id } : {}) })
        dispatchTo(socket, event, data)
      }
    },
    slashCommand(question, options = {}) {
      const interaction = interactionBase(
        2,
        {
          id: COMMAND_ID,
          name: options.name ?? 'ask',
          type: 1,
          ...(question === undefined
            ? {}
            : {
                options: [{ name: 'question', type: typeof question === 'number' ? 4 : 3, value: question }],
              }),
        },
        options.direct ?? false,
        options.user ?? USER,
        options.guildId,
      )
      standIn.dispatch('INTERACTION_CREATE', interaction)
      return { id: interaction.id, token: interaction.token }
    },
    autocomplete(typed, options = {}) {
      const interaction = interactionBase(
        4,
        {
          id: COMMAND_ID,
          name: options.name ?? 'ask',
          type: 1,
          options: [{ name: 'question', type: 3, value: typed, focused: true }],
        },
        false,
      )
      standIn.dispatch('INTERACTION_CREATE', interaction)
      return { id: interaction.id, token: interaction.token }
    },
    pressButton(customId, options = {}) {
      const on = options.on ?? messages.findLast((message) => holds(message, customId))
      const direct = on ? on.channelId === DM_CHANNEL_ID : (options.direct ?? false)
      const message = on
        ? messageJson(on)
        : messageObject(direct ? DM_CHANNEL_ID : CHANNEL_ID, {
            flags: options.ephemeral ? 64 : 0,
            components: [
              { type: 1, components: [{ type: 2, style: 2, label: 'More results', custom_id: customId }] },
            ],
          })
      const interaction = interactionBase(
        3,
        { custom_id: customId, component_type: 2 },
        direct,
        options.user ?? USER,
      )
      standIn.dispatch('INTERACTION_CREATE', { ...interaction, message })
      return { id: interaction.id, token: interaction.token }
    },
    chooseFromMenu(customId, values) {
      const message = messageObject(CHANNEL_ID, {
        components: [
          {
            type: 1,
            components: [
              {
                type: 3,
                custom_id: customId,
                options: values.map((value) => ({ label: value, value })),
              },
            ],
          },
        ],
      })
      const interaction = interactionBase(3, { custom_id: customId, component_type: 3, values }, false)
      standIn.dispatch('INTERACTION_CREATE', { ...interaction, message })
      return { id: interaction.id, token: interaction.token }
    },
    submitForm(customId, text) {
      const interaction = interactionBase(
        5,
        {
          custom_id: customId,
          components: [{ type: 1, components: [{ type: 4, custom_id: 'question', value: text }] }],
        },
        false,
      )
      standIn.dispatch('INTERACTION_CREATE', interaction)
      return { id: interaction.id, token: interaction.token }
    },
    userCommand(name) {
      const interaction = interactionBase(
        2,
        {
          id: snowflake(),
          name,
          type: 2,
          target_id: USER_ID,
          resolved: { users: { [USER_ID]: USER } },
        },
        false,
      )
      standIn.dispatch('INTERACTION_CREATE', interaction)
      return { id: interaction.id, token: interaction.token }
    },
    sendMessage({ content, direct = false, author = USER }) {
      const id = snowflake()
      const mentionsBot = new RegExp(`<@!?${BOT_USER_ID}>`).test(content)
      const contentIntent = [...identified.values()].some(
        (identify) => identify.intents & MESSAGE_CONTENT_INTENT,
      )
      // without the Message Content intent, Discord leaves a server message's content empty unless it mentions the bot
      const visible = direct || mentionsBot || contentIntent ? content : ''
      const channelId = direct ? DM_CHANNEL_ID : CHANNEL_ID
      standIn.dispatch(
        'MESSAGE_CREATE',
        messageObject(
          channelId,
          { content: visible },
          {
            id,
            channel_type: direct ? 1 : 0,
            ...(direct
              ? {}
              : {
                  guild_id: GUILD_ID,
                  member: {
                    roles: [],
                    joined_at: '2024-01-01T00:00:00.000000+00:00',
                    deaf: false,
                    mute: false,
                    flags: 0,
                  },
                }),
            author,
            mentions: mentionsBot ? [BOT_USER] : [],
          },
        ),
      )
      return id
    },
    callbackFor(interaction) {
      return calls.waitFor(
        (call) =>
          call.path === `/interactions/${interaction.id}/${interaction.token}/callback` && call.status < 300,
        `a callback for interaction ${interaction.id}`,
      )
    },
    rateLimitNextCallback: (seconds) => rateLimits.push(seconds),
    failNextCallback: (status, error) => failures.push({ status, error }),
    async close() {
      for (const socket of gateway.clients) socket.terminate()
      gateway.close()
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
  return standIn
}

export interface RecordingLogger extends Logger {
  lines: string[]
  /** the first line, past or future, that matches */
  waitFor(pattern: RegExp): Promise<string>
}

/** A logger that keeps every line, so a test can await what the adapter reports. */
export function recordingLogger(): RecordingLogger {
  const lines = new Awaitable<string>('log line')
  return {
    lines: lines.items,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message, error) =>
      lines.push(`error: ${message}${error instanceof Error ? `: ${error.message}` : ''}`),
    waitFor: (pattern) => lines.waitFor((line) => pattern.test(line), String(pattern)),
  }
}
