/**
 * Discord: `/ask` answered privately (with autocomplete while typing), mentions and direct messages answered
 * in a reply, the prefix where the operator enabled the Message Content intent, and the buttons under an
 * answer (share, more results, 👍 / 👎, why) and under a recap (share), which keep no state in the bot
 * (buttons.ts). One gateway connection; sharding is discord.js's ShardingManager's.
 */
import { setTimeout as delay } from 'node:timers/promises'
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type ClientOptions,
  DiscordAPIError,
  Events,
  GatewayCloseCodes,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  type MessageReplyOptions,
  Partials,
  RESTEvents,
  Routes,
  Status,
} from 'discord.js'
import { suggest } from '../../src/answer/suggest.ts'
import { handle, type Reply } from '../../src/commands.ts'
import type { DiscordConfig } from '../../src/config.ts'
import type { CorrectionNote } from '../../src/corrections/note.ts'
import type { CorrectionPace, PostedCorrection } from '../../src/corrections/run.ts'
import { CitedAnswersError } from '../../src/errors.ts'
import { type FeedbackLog, recordVote, type Vote } from '../../src/feedback.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { createGuard, type Logger } from '../../src/logger.ts'
import {
  handleWithHistory,
  isEmptyRecap,
  type RecapEvents,
  type RecapWindow,
  readRecap,
} from '../../src/recap.ts'
import { type Metrics, noMetrics } from '../../src/service/metrics.ts'
import { type RateLimiter, rateLimitedText, unlimited } from '../../src/service/rate-limit.ts'
import { recordAnswered, recordDeclined, recordShared } from '../../src/store/record.ts'
import type { CorrectionPlace, EventStore, Scope } from '../../src/store/store.ts'
import type { Adapter } from '../../src/types.ts'
import { questionsIn } from './asked-line.ts'
import {
  type ButtonPress,
  claimsDigestOf,
  digestOf,
  mayPress,
  offeredQuestion,
  type PageRef,
  parseButtonId,
} from './buttons.ts'
import { ASK_COMMAND_NAME, QUESTION_OPTION } from './command.ts'
import { parseDiscordMessage, parseQuestionOption } from './parse.ts'
import {
  type DiscordMessage,
  type DiscordRenderOptions,
  renderChoices,
  renderDiscord,
  renderNotice,
  renderNotYours,
} from './render.ts'
import { renderCorrection } from './render-correction.ts'
import { renderWhy } from './render-why.ts'

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
  /** each user's allowance of questions, keyed `discord:<server id, or dm>:<user id>` (default: unlimited) */
  limiter?: RateLimiter
  /** where the adapter reports replies, votes, failures and refusals (default: nowhere) */
  metrics?: Metrics
  /**
   * where answers given and shared (and, through `feedback`, questions declined) are kept, and recaps read
   * them (default: nowhere, and then `/ask recap` says no history is kept)
   */
  events?: Pick<EventStore, 'append'> & RecapEvents
  /** how far apart corrections are posted; Discord's limits by default (`DISCORD_CORRECTION_PACE`) */
  correctionPace?: CorrectionPace
}

export interface DiscordAdapter extends Adapter {
  /** Post a correction as a reply to the message that showed the claim (src/corrections/run.ts). */
  postCorrection(place: CorrectionPlace, note: CorrectionNote): Promise<PostedCorrection>
  readonly correctionPace: CorrectionPace
}

/**
 * Discord allows five messages per five seconds in a channel, and discord.js sends at most 50 requests a
 * second for the bot, answers included: notes go at most one a second to a channel and 25 a second in
 * all, so answers never queue behind them.
 */
export const DISCORD_CORRECTION_PACE: CorrectionPace = { channelMs: 1_000, overallMs: 40 }

/**
 * Discord's answers when a note cannot go where it was meant to: the channel, the message or the bot's
 * access to them is gone (unknown channel, guild or message; missing access or permissions; an archived
 * or locked thread)
 */
const UNREACHABLE = new Set([10003, 10004, 10008, 50001, 50013, 50083, 160005])

/** Where a Discord event happened, for the event store: the server (none in a direct message) and channel. */
const scopeOf = (where: { guildId: string | null; channelId: string | null }): Scope => ({
  platform: 'discord',
  ...(where.guildId ? { workspace: where.guildId } : {}),
  ...(where.channelId ? { channel: where.channelId } : {}),
})

/** matches per page: three fit on a laptop screen mid-meeting; "More results" shows the next three */
const PAGE = 3

/** Discord offers at most 25 autocomplete choices */
const CHOICES = 25

const DEFAULT_READY_TIMEOUT_MS = 30_000
/** how long a failed start waits for discord.js to close its connection before reporting the failure */
const DESTROY_GRACE_MS = 2_000

const APOLOGY = 'Sorry, something went wrong while answering. Please try again in a moment.'
const THANKS: Record<Vote, string> = {
  up: 'Thanks: your 👍 (helpful) is recorded. The curators read every vote.',
  down: 'Thanks: your 👎 (not helpful) is recorded. The curators read every vote.',
}
const UNREADABLE = 'This button is from an older version of the bot; ask again with /ask and your question.'
const OUTDATED =
  'These buttons are from an earlier version of the bot and no longer work. Ask again with /ask and your question.'
const QUESTION_LOST =
  "This answer's question cannot be read back from the message, so its buttons cannot be used. Ask again with /ask and your question."
const VOTE_OUTDATED =
  'The knowledge base changed since this answer was given, so this vote was not recorded. Ask again with /ask and vote on the current answer.'
const WHY_OUTDATED =
  'The knowledge base changed since this answer was given, so how it matched cannot be said. Ask again with /ask and your question.'
const SHARE_OUTDATED =
  'The knowledge base changed since this answer was given and no longer answers the question this way. Ask again with /ask and your question.'
const OFFER_GONE = 'That question is no longer in the knowledge base. Ask again with /ask and your question.'
const SHARED = 'Shared to the channel.'
const NOTHING_TO_SHARE =
  'Nothing in that recap was seen by the channel (only answers you were given privately), so there is nothing to share.'
const NO_HISTORY_TO_SHARE = 'This bot keeps no history of questions here, so there is no recap to share.'
const SHARED_CURRENT =
  'Shared to the channel: the current answer, since the knowledge base changed after this one was given.'
const UNKNOWN_COMMAND = 'This bot answers /ask only.'
const RESTARTING = 'The bot is restarting. Ask again in a few seconds.'
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

export function createDiscordAdapter(config: DiscordAdapterConfig): DiscordAdapter {
  const { kb, discord, feedback, logger } = config
  const limiter = config.limiter ?? unlimited
  const metrics = config.metrics ?? noMetrics
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
  // discord.js's own account of the gateway (heartbeats, sessions), for LOG_LEVEL=debug
  if (logger.debug) client.on(Events.Debug, (message) => logger.debug?.(`discord: ${message}`))
  let draining = false
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

  // every apology is counted for the operator's dashboards, under the guard's fixed phrase
  const guarded = createGuard(logger, 'discord', { onFailure: (what) => metrics.failed('discord', what) })

  /** Render a reply with its buttons, which carry all that their next step needs. */
  const render = (reply: Reply, options: Omit<DiscordRenderOptions, 'buttons' | 'prefix'>): DiscordMessage =>
    renderDiscord(reply, { ...options, buttons: true, ...(prefix ? { prefix } : {}) })

  const page = (question: string, offset: number) =>
    handle({ kind: 'ask', question }, kb, { limit: PAGE, offset })

  /** the claim ids a page shows, in order; none when the knowledge base does not answer */
  const claimsOf = (reply: Reply): string[] | undefined =>
    reply.kind === 'answer' && reply.answer.kind === 'answered'
      ? reply.answer.matches.map((match) => match.claim.id)
      : undefined

  /** A question replied to, for the dashboards, timed from the event's arrival (`started`) to the reply. */
  const noteReplied = (reply: Reply, started: number) => {
    if (reply.kind !== 'answer') return
    const outcome = reply.answer.kind === 'answered' ? 'answered' : 'declined'
    metrics.replied('discord', outcome, (performance.now() - started) / 1000)
  }

  /**
   * The channel's history for a recap, read for `viewer` (their own private answers included), or as the
   * channel sees it when the reply is the channel's
   */
  const historyOf = (scope: Scope, viewer: string | undefined) =>
    config.events ? { events: config.events, scope, ...(viewer ? { viewer } : {}) } : undefined

  /** Take one question from the user's allowance: how long to wait when it is spent, else undefined. */
  const spent = async (guildId: string | null, userId: string): Promise<number | undefined> => {
    const allowance = await limiter.take(`discord:${guildId ?? 'dm'}:${userId}`)
    if (allowance.allowed) return undefined
    metrics.rateLimited('discord')
    return allowance.retryAfterMs
  }

  /** Whether the user's allowance is spent, in which case they have been told so privately. */
  const limited = async (interaction: ChatInputCommandInteraction | ButtonInteraction) => {
    const wait = await spent(interaction.guildId, interaction.user.id)
    if (wait === undefined) return false
    await interaction.reply(renderNotice(rateLimitedText(wait)))
    return true
  }

  const answerCommand = async (interaction: ChatInputCommandInteraction, started: number) => {
    if (interaction.commandName !== ASK_COMMAND_NAME) {
      await interaction.reply(renderNotice(UNKNOWN_COMMAND))
      return
    }
    if (await limited(interaction)) return
    const question = interaction.options.get(QUESTION_OPTION)?.value
    const scope = scopeOf(interaction)
    const reply = await handleWithHistory(
      parseQuestionOption(question),
      kb,
      { limit: PAGE },
      historyOf(scope, interaction.user.id),
    )
    await interaction.reply(render(reply, { audience: 'private' }))
    noteReplied(reply, started)
    const shown = { visibility: 'private' as const, asker: interaction.user.id }
    if (config.events) await recordAnswered(config.events, scope, reply, shown, logger)
    await recordDeclined(feedback, scope, reply, shown, logger)
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

  /** A button whose state is gone, or no longer the knowledge base's: said so, and counted. */
  const refuseExpired = async (interaction: ButtonInteraction, text: string) => {
    metrics.buttonExpired('discord')
    await interaction.reply(renderNotice(text))
  }

  /**
   * Who a private answer was shown to: the user Discord names as having invoked the interaction it answers.
   * Only that user sees an ephemeral message, so without Discord's record it is whoever pressed. An answer
   * in a channel is no one's.
   */
  const ownerOf = (interaction: ButtonInteraction): string | undefined => {
    const { message } = interaction
    if (!message.flags.has(MessageFlags.Ephemeral)) return undefined
    const invoker: unknown = message.interactionMetadata?.user?.id
    return typeof invoker === 'string' && /^\d{15,25}$/.test(invoker) ? invoker : interaction.user.id
  }

  const askOffered = async (interaction: ButtonInteraction, digest: string, started: number) => {
    if (await limited(interaction)) return
    const question = offeredQuestion(kb, digest)
    if (question === undefined) {
      await refuseExpired(interaction, OFFER_GONE)
      return
    }
    const reply = page(question, 0)
    await interaction.reply(render(reply, { audience: 'private' }))
    noteReplied(reply, started)
    if (config.events) {
      const shown = { visibility: 'private' as const, asker: interaction.user.id }
      await recordAnswered(config.events, scopeOf(interaction), reply, shown, logger)
    }
  }

  const pressButton = async (interaction: ButtonInteraction, started: number) => {
    const press: ButtonPress = parseButtonId(interaction.customId)
    if (press.kind === 'invalid') {
      await interaction.reply(renderNotice(UNREADABLE))
      return
    }
    if (press.kind === 'outdated') {
      await refuseExpired(interaction, OUTDATED)
      return
    }
    const owner = ownerOf(interaction)
    if (owner !== undefined && !mayPress(owner, press.kind, interaction.user.id)) {
      await interaction.reply(renderNotYours(owner))
      return
    }
    if (press.kind === 'ask') {
      await askOffered(interaction, press.question, started)
      return
    }
    if (press.kind === 'share-recap') {
      await shareRecap(interaction, press)
      return
    }
    if (press.kind === 'more' && (await limited(interaction))) return
    const question = questionsIn(interaction.message.content).find(
      (text) => digestOf(text) === press.page.question,
    )
    if (question === undefined) {
      await refuseExpired(interaction, QUESTION_LOST)
      return
    }
    const shown = page(question, press.page.offset)
    const claims = claimsOf(shown)
    // the knowledge base changed since the answer was shown: votes on it are refused, while More results
    // and Share go on with what the knowledge base says now
    if (claims === undefined || claimsDigestOf(claims) !== press.page.claims) {
      metrics.buttonExpired('discord')
      if (press.kind === 'vote' || press.kind === 'why') {
        await interaction.reply(renderNotice(press.kind === 'vote' ? VOTE_OUTDATED : WHY_OUTDATED))
        return
      }
    }
    switch (press.kind) {
      case 'more':
        await showMore(interaction, question, press.page.offset + (claims?.length ?? PAGE), started)
        return
      case 'share':
        if (claims === undefined) {
          await interaction.reply(renderNotice(SHARE_OUTDATED))
          return
        }
        await share(interaction, shown, press.page, owner, claimsDigestOf(claims) !== press.page.claims)
        return
      case 'vote':
        if (claims !== undefined) await vote(interaction, { question, claims, shown }, press, owner)
        return
      case 'why':
        await explain(interaction, question, shown)
        return
    }
  }

  /** Why the page's first match answered, from the ranking that found it again: told to the presser alone. */
  const explain = async (interaction: ButtonInteraction, question: string, shown: Reply) => {
    const first =
      shown.kind === 'answer' && shown.answer.kind === 'answered' ? shown.answer.matches[0] : undefined
    if (!first?.explanation) {
      await interaction.reply(renderNotice(WHY_OUTDATED))
      return
    }
    await interaction.reply(renderWhy(question, first.claim.statement, first.explanation))
  }

  const showMore = async (
    interaction: ButtonInteraction,
    question: string,
    offset: number,
    started: number,
  ) => {
    const reply = page(question, offset)
    await interaction.reply(render(reply, { audience: 'private', offset }))
    noteReplied(reply, started)
    if (config.events) {
      const shown = { visibility: 'private' as const, asker: interaction.user.id }
      await recordAnswered(config.events, scopeOf(interaction), reply, shown, logger)
    }
  }

  const share = async (
    interaction: ButtonInteraction,
    shown: Reply,
    { offset }: PageRef,
    owner: string | undefined,
    changed: boolean,
  ) => {
    const shared = render(shown, {
      audience: 'shared',
      ...(owner ? { askedBy: owner } : {}),
      sharedBy: interaction.user.id,
      offset,
    })
    // the private copy becomes a note (acknowledging in time), then the answer goes to the channel
    await interaction.update(withoutFlags(renderNotice(changed ? SHARED_CURRENT : SHARED, 'channel')))
    const posted = await interaction.followUp(shared)
    if (config.events && shown.kind === 'answer' && shown.answer.kind === 'answered') {
      const claims = shown.answer.matches.map((match) => match.claim.id)
      const question = shown.answer.question
      await recordShared(
        config.events,
        scopeOf(interaction),
        { question, claims, message: posted.id },
        logger,
      )
    }
  }

  /** Post a recap to the channel the button is pressed in, read again as the channel sees it. */
  const shareRecap = async (interaction: ButtonInteraction, window: RecapWindow) => {
    if (!config.events) {
      await interaction.reply(renderNotice(NO_HISTORY_TO_SHARE))
      return
    }
    // no viewer: no one's private answers reach the channel through a recap
    const recap = await readRecap(window, kb, { events: config.events, scope: scopeOf(interaction) })
    if (isEmptyRecap(recap)) {
      await interaction.reply(renderNotice(NOTHING_TO_SHARE))
      return
    }
    await interaction.update(withoutFlags(renderNotice(SHARED, 'channel')))
    await interaction.followUp(
      render({ kind: 'recap', recap }, { audience: 'shared', sharedBy: interaction.user.id }),
    )
  }

  const vote = async (
    interaction: ButtonInteraction,
    { question, claims, shown }: { question: string; claims: string[]; shown: Reply },
    press: Extract<ButtonPress, { kind: 'vote' }>,
    owner: string | undefined,
  ) => {
    const outcome = await recordVote(feedback, kb, {
      platform: 'discord',
      ...(interaction.guildId ? { workspace: interaction.guildId } : {}),
      ...(interaction.channelId ? { channel: interaction.channelId } : {}),
      user: interaction.user.id,
      question,
      claims,
      vote: press.vote,
    })
    if (outcome.kind === 'failed') logger.error('discord: a vote could not be saved', outcome.error)
    if (outcome.kind !== 'recorded') {
      await interaction.reply(renderNotice(outcome.message))
      return
    }
    metrics.voted('discord', press.vote)
    if (owner === undefined) {
      // an answer in a channel is anyone's to vote on: its buttons stay as they are for everyone else
      await interaction.reply(renderNotice(THANKS[press.vote]))
      return
    }
    const voted = render(shown, { audience: 'private', offset: press.page.offset, voted: press.vote })
    await interaction.update({ components: voted.components, allowedMentions: voted.allowedMentions })
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
    const started = performance.now()
    void guarded(
      'answering an interaction',
      async () => {
        if (draining) {
          // stopping: a short reply now, rather than Discord's "This interaction failed" later
          if (interaction.isAutocomplete()) await interaction.respond([])
          else if (interaction.isRepliable()) await interaction.reply(renderNotice(RESTARTING))
          return
        }
        if (interaction.isChatInputCommand()) await answerCommand(interaction, started)
        else if (interaction.isAutocomplete()) await suggestQuestions(interaction)
        else if (interaction.isButton()) await pressButton(interaction, started)
        else await answerUnhandled(interaction)
      },
      apologiseTo(interaction),
    )
  })

  const answerMessage = async (message: Message, started: number) => {
    // bots (this one included), webhooks and system messages ("X joined") are not questions
    if (!message.author || message.author.bot || message.webhookId || message.system || !client.user) return
    if (draining) return
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
        const wait = await spent(message.guildId, message.author.id)
        if (wait !== undefined) {
          await message.reply(asMessageReply(renderNotice(rateLimitedText(wait), 'channel')))
          return
        }
        const scope = scopeOf(message)
        // a direct message is seen by its asker alone, like a private answer; a reply in a server's
        // channel, by the channel, so a recap there is the channel's
        const asker = message.inGuild() ? undefined : message.author.id
        const reply = await handleWithHistory(command, kb, { limit: PAGE }, historyOf(scope, asker))
        const posted = await message.reply(asMessageReply(render(reply, { audience: 'channel' })))
        noteReplied(reply, started)
        const shown = asker
          ? { visibility: 'private' as const, asker, message: posted.id }
          : { visibility: 'channel' as const, message: posted.id }
        if (config.events) await recordAnswered(config.events, scope, reply, shown, logger)
        await recordDeclined(feedback, scope, reply, shown, logger)
      },
      () => message.reply(asMessageReply(renderNotice(APOLOGY, 'channel'))),
    )
  }

  // over the client's REST manager, which keeps each channel's rate limit and waits out a 429 for that
  // channel alone; the channel need not be cached on this shard
  const postCorrection = async (place: CorrectionPlace, note: CorrectionNote): Promise<PostedCorrection> => {
    try {
      await client.rest.post(Routes.channelMessages(place.channel), {
        body: {
          ...renderCorrection(note),
          // a note under an answer that was deleted would make no sense on its own
          message_reference: {
            message_id: place.message,
            channel_id: place.channel,
            fail_if_not_exists: true,
          },
        },
      })
      return { kind: 'posted' }
    } catch (error) {
      const gone =
        error instanceof DiscordAPIError &&
        (UNREACHABLE.has(Number(error.code)) ||
          (error.code === 50035 && /message_reference/i.test(JSON.stringify(error.rawError))))
      if (gone) return { kind: 'unreachable', reason: `${error.code}: ${error.message}` }
      throw error
    }
  }

  client.on(Events.MessageCreate, (message) => {
    void answerMessage(message, performance.now()).catch((error: unknown) =>
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
    async stop(graceMs = 0) {
      // no new questions first (each is told the bot is restarting), while the replies in progress, which
      // go over REST with the bot's token, finish before the client and its gateway are destroyed
      draining = true
      if (!(await guarded.settled(graceMs))) {
        logger.warn(`discord: stopped with ${guarded.running} replies unfinished after ${graceMs} ms`)
      }
      await client.destroy()
    },
    isConnected: () => !draining && client.isReady() && client.ws.status === Status.Ready,
    postCorrection,
    correctionPace: config.correctionPace ?? DISCORD_CORRECTION_PACE,
  }
}
