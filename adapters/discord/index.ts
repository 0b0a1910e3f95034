/**
 * Discord: `/ask` answered privately (with autocomplete while typing), mentions and direct messages answered
 * in a reply, the prefix where the operator enabled the Message Content intent, and the buttons under an
 * answer (share, more results, 👍 / 👎). One gateway connection; sharding is discord.js's ShardingManager's.
 */
import { setTimeout as delay } from 'node:timers/promises'
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type ClientOptions,
  Events,
  GatewayCloseCodes,
  GatewayIntentBits,
  type Interaction,
  type Message,
  type MessageReplyOptions,
  Partials,
  RESTEvents,
} from 'discord.js'
import { suggest } from '../../src/answer/suggest.ts'
import { handle, type Reply } from '../../src/commands.ts'
import type { DiscordConfig } from '../../src/config.ts'
import { CitedAnswersError } from '../../src/errors.ts'
import { type FeedbackLog, recordIfUnanswered, recordVote } from '../../src/feedback.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { createGuard, type Logger } from '../../src/logger.ts'
import type { Adapter } from '../../src/types.ts'
import { type ButtonStore, createButtonStore, mayPress } from './button-store.ts'
import { ASK_COMMAND_NAME, QUESTION_OPTION } from './command.ts'
import { type ButtonPress, parseButtonId, parseDiscordMessage, parseQuestionOption } from './parse.ts'
import {
  buttonStateOf,
  type DiscordMessage,
  type DiscordRenderOptions,
  renderChoices,
  renderDiscord,
  renderNotice,
  renderNotYours,
} from './render.ts'

export interface DiscordAdapterConfig {
  kb: KnowledgeBase
  discord: DiscordConfig
  feedback: FeedbackLog
  logger: Logger
  /**
   * how long start() waits for Discord to say ready before giving up, in milliseconds, where
   * `discord.startTimeoutMs` (START_TIMEOUT_SECONDS) is not set (default 30 s)
   */
  readyTimeoutMs?: number
  /** where the buttons' state is kept (default: in memory, bounded) */
  buttons?: ButtonStore
}

/** matches per page: three fit on a laptop screen mid-meeting; "More results" shows the next three */
const PAGE = 3

/** Discord offers at most 25 autocomplete choices */
const CHOICES = 25

const DEFAULT_READY_TIMEOUT_MS = 30_000
/** how long a failed start waits for discord.js to close its connection before reporting the failure */
const DESTROY_GRACE_MS = 2_000

const APOLOGY = 'Sorry, something went wrong while answering. Please try again in a moment.'
const THANKS = 'Thanks for the feedback: the curators read every vote.'
const EXPIRED =
  'These buttons have expired (they are kept for a day, and not across a restart of the bot). Ask again with /ask and your question.'
const SHARED = 'Shared to the channel.'
const UNKNOWN_COMMAND = 'This bot answers /ask only.'
const OLD_MENU = 'This menu is from an older version of the bot; ask again with /ask and your question.'
const OLD_FORM = 'This form is from an older version of the bot; ask again with /ask and your question.'

/**
 * The REST client's patience: a 429 waits out Retry-After and tries again (discord.js does that itself),
 * but a request that hangs is given up after 10 s, and a dropped connection retried twice, not three times.
 */
const REST_OPTIONS = { retries: 2, timeout: 10_000 } as const

/** An interaction reply's options as a message reply takes them: never ephemeral, never pinging its author. */
function asMessageReply(message: DiscordMessage): MessageReplyOptions {
  return {
    ...(message.content ? { content: message.content } : {}),
    embeds: message.embeds,
    components: message.components,
    allowedMentions: { ...message.allowedMentions, repliedUser: false },
    // the question may have been deleted meanwhile: answer anyway, without the reference
    failIfNotExists: false,
  }
}

/** The same message without its ephemeral flag, for editing one that already exists. */
function withoutFlags(message: DiscordMessage): Omit<DiscordMessage, 'flags'> {
  const { flags: _flags, ...rest } = message
  return rest
}

function startupError(
  error: unknown,
  closeCode: number | undefined,
  config: DiscordConfig,
): CitedAnswersError {
  const detail = error instanceof Error ? error.message : String(error)
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
  let message: string
  if (closeCode === GatewayCloseCodes.DisallowedIntents) {
    message = config.messageContent
      ? 'Discord refused the connection (close code 4014, disallowed intents): DISCORD_MESSAGE_CONTENT=true asks for the privileged Message Content intent, which this bot is not allowed. Enable it in the developer portal (your application → Bot → Privileged Gateway Intents → Message Content Intent), or set DISCORD_MESSAGE_CONTENT=false to answer only /ask, mentions and direct messages'
      : 'Discord refused the connection (close code 4014, disallowed intents); check the privileged intents on the Bot page of the developer portal'
  } else if (code === 'TokenInvalid' || closeCode === GatewayCloseCodes.AuthenticationFailed) {
    message =
      'Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal (your application → Bot → Reset Token)'
  } else if (error instanceof StartTimeout) {
    const seconds = (error.ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })
    message = `Discord did not say ready within ${seconds} s; check DISCORD_TOKEN, the network (the gateway is a WebSocket on wss://gateway.discord.gg) and DISCORD_API_URL if set, or raise START_TIMEOUT_SECONDS`
  } else {
    message = `Could not reach Discord (${detail}); check the network, or DISCORD_API_URL if set`
  }
  return new CitedAnswersError('invalid-config', message, { cause: error })
}

/**
 * discord.js turns every gateway dispatch into objects in `WebSocketManager#handlePacket`, an internal method,
 * and a malformed payload (no `data`, no `author`…) makes it throw inside the socket's message handler: an
 * unhandled rejection, which ends a Node process. Wrapped here, such a payload is logged (its type only) and
 * dropped. Without the method (a future discord.js), nothing is wrapped.
 */
function dropMalformedPackets(client: Client, logger: Logger): void {
  type HandlePacket = (packet?: { t?: unknown }, shard?: unknown) => boolean
  const manager = client.ws as unknown as { handlePacket?: HandlePacket }
  const handlePacket = manager.handlePacket
  if (typeof handlePacket !== 'function') return
  manager.handlePacket = function guardedHandlePacket(this: unknown, packet, shard) {
    try {
      return handlePacket.call(this, packet, shard)
    } catch (error) {
      const type = typeof packet?.t === 'string' ? packet.t.slice(0, 40) : 'unknown'
      logger.error(`discord: dropped a malformed ${type} event from the gateway`, error)
      return true
    }
  }
}

class StartTimeout extends Error {
  constructor(readonly ms: number) {
    super(`not ready after ${ms} ms`)
  }
}

export function createDiscordAdapter(config: DiscordAdapterConfig): Adapter {
  const { kb, discord, feedback, logger } = config
  const buttons = config.buttons ?? createButtonStore()
  const readyTimeoutMs = discord.startTimeoutMs ?? config.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS
  // the prefix works only with the Message Content intent: without it Discord sends servers' messages empty
  const prefix = discord.messageContent ? discord.prefix : undefined

  const options: ClientOptions = {
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      // privileged: asking for it when the portal does not allow it makes Discord close with 4014
      ...(discord.messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    // direct-message channels are not cached until used; without this their messages are dropped
    partials: [Partials.Channel],
    // the default for every message the client sends; each reply also sets it itself
    allowedMentions: { parse: [], repliedUser: false },
    rest: { ...REST_OPTIONS, ...(discord.apiUrl ? { api: discord.apiUrl.replace(/\/+$/, '') } : {}) },
  }
  const client = new Client(options)
  dropMalformedPackets(client, logger)

  client.on(Events.Error, (error) => logger.error('discord: client error', error))
  client.on(Events.ShardError, (error) => logger.warn(`discord: gateway connection error (${error.message})`))
  client.on(Events.Warn, (message) => logger.warn(`discord: ${message}`))
  // emitted only for close codes discord.js does not reconnect after (bad token, disallowed intents…)
  let closeCode: number | undefined
  client.on(Events.ShardDisconnect, (event) => {
    closeCode = event.code
    logger.warn(`discord: Discord closed the gateway connection with code ${event.code}; not reconnecting`)
  })
  // discord.js waits out a 429's Retry-After and tries again; these say so (routes are generalised, as
  // `/interactions/:id/:token/callback`, so no token is logged)
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return
    const seconds = response.headers.get('retry-after') ?? '?'
    logger.warn(
      `discord: rate limited on ${request.method.toUpperCase()} ${request.route}; retrying after ${seconds} s`,
    )
  })
  client.rest.on(RESTEvents.RateLimited, (info) => {
    logger.warn(
      `discord: waiting ${Math.round(info.timeToReset)} ms for a rate limit on ${info.method.toUpperCase()} ${info.route}`,
    )
  })

  const guarded = createGuard(logger, 'discord')

  /**
   * Render a reply, keeping what its buttons need under a fresh token; a private reply's buttons are kept
   * as `user`'s, the one person who sees it.
   */
  const render = (
    reply: Reply,
    options: Omit<DiscordRenderOptions, 'token' | 'prefix'>,
    user?: string,
  ): DiscordMessage => {
    const owner = options.audience === 'private' ? user : undefined
    const state = buttonStateOf(reply, options.offset ?? 0, owner)
    return renderDiscord(reply, {
      ...options,
      ...(state ? { token: buttons.save(state) } : {}),
      ...(prefix ? { prefix } : {}),
    })
  }

  const page = (question: string, offset: number) =>
    handle({ kind: 'ask', question }, kb, { limit: PAGE, offset })

  const answerCommand = async (interaction: ChatInputCommandInteraction) => {
    if (interaction.commandName !== ASK_COMMAND_NAME) {
      await interaction.reply(renderNotice(UNKNOWN_COMMAND))
      return
    }
    const question = interaction.options.get(QUESTION_OPTION)?.value
    const reply = handle(parseQuestionOption(question), kb, { limit: PAGE })
    await interaction.reply(render(reply, { audience: 'private' }, interaction.user.id))
    await recordIfUnanswered(feedback, 'discord', reply, logger)
  }

  const suggestQuestions = async (interaction: AutocompleteInteraction) => {
    // a command this bot no longer registers: no choices, rather than questions it would not answer there
    if (interaction.commandName !== ASK_COMMAND_NAME) {
      await interaction.respond([])
      return
    }
    // read without getFocused(), which throws when no option is marked focused
    const focused = interaction.options.data.find((option) => option.focused)
    const typed = focused?.name === QUESTION_OPTION && typeof focused.value === 'string' ? focused.value : ''
    await interaction.respond(renderChoices(typed, suggest(typed, kb, CHOICES)))
  }

  const pressButton = async (interaction: ButtonInteraction, press: ButtonPress) => {
    if (press.kind === 'invalid') {
      await interaction.reply(renderNotice(press.message))
      return
    }
    const state = buttons.load(press.token)
    if (!state) {
      await interaction.reply(renderNotice(EXPIRED))
      return
    }
    if (state.owner !== undefined && !mayPress(state, press.kind, interaction.user.id)) {
      await interaction.reply(renderNotYours(state.owner))
      return
    }
    switch (press.kind) {
      case 'more': {
        const offset = state.offset + state.claims.length
        await interaction.reply(
          render(page(state.question, offset), { audience: 'private', offset }, interaction.user.id),
        )
        return
      }
      case 'share': {
        const shared = render(page(state.question, state.offset), {
          audience: 'shared',
          ...(state.owner ? { askedBy: state.owner } : {}),
          sharedBy: interaction.user.id,
          offset: state.offset,
        })
        // the private copy becomes a note (acknowledging in time), then the answer goes to the channel
        await interaction.update(withoutFlags(renderNotice(SHARED, 'channel')))
        await interaction.followUp(shared)
        return
      }
      case 'vote': {
        const outcome = await recordVote(feedback, kb, {
          platform: 'discord',
          user: interaction.user.id,
          question: state.question,
          claims: state.claims,
          vote: press.vote,
        })
        if (outcome.kind === 'failed') logger.error('discord: a vote could not be saved', outcome.error)
        await interaction.reply(renderNotice(outcome.kind === 'recorded' ? THANKS : outcome.message))
        return
      }
      case 'ask': {
        const question = state.asks[press.index]
        if (question === undefined) {
          await interaction.reply(renderNotice(EXPIRED))
          return
        }
        await interaction.reply(render(page(question, 0), { audience: 'private' }, interaction.user.id))
        return
      }
    }
  }

  // a menu, form or context-menu command this bot does not send or register (an older version's, or
  // another app's under the same id): without a response Discord shows the user "This interaction failed"
  const answerUnhandled = async (interaction: Interaction) => {
    if (!interaction.isRepliable()) return
    const text = interaction.isCommand() ? UNKNOWN_COMMAND : interaction.isModalSubmit() ? OLD_FORM : OLD_MENU
    await interaction.reply(renderNotice(text))
  }

  const apologiseTo = (interaction: Interaction) => async () => {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([])
      return
    }
    if (!interaction.isRepliable()) return
    if (interaction.replied || interaction.deferred) await interaction.followUp(renderNotice(APOLOGY))
    else await interaction.reply(renderNotice(APOLOGY))
  }

  client.on(Events.InteractionCreate, (interaction) => {
    void guarded(
      'answering an interaction',
      async () => {
        if (interaction.isChatInputCommand()) await answerCommand(interaction)
        else if (interaction.isAutocomplete()) await suggestQuestions(interaction)
        else if (interaction.isButton()) await pressButton(interaction, parseButtonId(interaction.customId))
        else await answerUnhandled(interaction)
      },
      apologiseTo(interaction),
    )
  })

  const answerMessage = async (message: Message) => {
    // bots (this one included), webhooks and system messages ("X joined") are not questions
    if (!message.author || message.author.bot || message.webhookId || message.system || !client.user) return
    const command = parseDiscordMessage({
      content: message.content,
      isDirect: !message.inGuild(),
      botId: client.user.id,
      ...(prefix ? { prefix } : {}),
    })
    if (!command) return
    await guarded(
      'answering a message',
      async () => {
        const reply = handle(command, kb, { limit: PAGE })
        await message.reply(asMessageReply(render(reply, { audience: 'channel' })))
        await recordIfUnanswered(feedback, 'discord', reply, logger)
      },
      () => message.reply(asMessageReply(renderNotice(APOLOGY, 'channel'))),
    )
  }

  client.on(Events.MessageCreate, (message) => {
    void answerMessage(message).catch((error: unknown) =>
      logger.error('discord: reading a message failed', error),
    )
  })

  return {
    name: 'discord',
    async start() {
      closeCode = undefined
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()))
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StartTimeout(readyTimeoutMs)), readyTimeoutMs)
      })
      try {
        await Promise.race([client.login(discord.token).then(() => ready), timeout])
      } catch (error) {
        // destroying a shard while it waits for Discord's HELLO or READY makes @discordjs/ws 1.2 start a
        // reconnect of its own and never settle the destroy: wait a little, not forever
        await Promise.race([
          client.destroy().catch(() => {}),
          delay(DESTROY_GRACE_MS, undefined, { ref: false }),
        ])
        throw startupError(error, closeCode, discord)
      } finally {
        clearTimeout(timer)
      }
      const intent = discord.messageContent ? `on; prefix "${discord.prefix}"` : 'off; no prefix'
      logger.info(
        `discord: logged in as ${client.user?.username ?? 'the bot'} (message content intent ${intent})`,
      )
    },
    async stop() {
      await client.destroy()
    },
  }
}
