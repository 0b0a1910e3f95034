/**
 * Slack: `/ask` answered in the acknowledgement itself, mentions answered in a thread, direct messages
 * answered in the DM, and the buttons under an answer (share, more results, 👍 / 👎, why) and under a recap
 * (share), whose values are signed so that only values the bot made are acted on. Socket Mode when an app
 * token is set, else HTTP on `port` at /slack/events with Slack's request signatures verified and replays
 * refused (receiver.ts).
 */
import type { AddressInfo } from 'node:net'
import {
  App,
  type Logger as BoltLogger,
  type InstallationQuery,
  type InstallationStore,
  LogLevel,
  type RespondFn,
  SocketModeReceiver,
  webApi,
} from '@slack/bolt'
import { explainClaim } from '../../src/answer/explain.ts'
import { recallAnswer } from '../../src/answer/recall.ts'
import { handle, type Reply } from '../../src/commands.ts'
import type { SlackConfig } from '../../src/config.ts'
import type { CorrectionNote } from '../../src/corrections/note.ts'
import type { CorrectionPace, PostedCorrection } from '../../src/corrections/run.ts'
import { CitedAnswersError } from '../../src/errors.ts'
import { type FeedbackLog, recordVote } from '../../src/feedback.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { createGuard, type Logger } from '../../src/logger.ts'
import { handleWithHistory, isEmptyRecap, type RecapEvents, readRecap } from '../../src/recap.ts'
import type { HealthRoute } from '../../src/service/health.ts'
import { type Metrics, noMetrics } from '../../src/service/metrics.ts'
import { type RateLimiter, rateLimitedText, unlimited } from '../../src/service/rate-limit.ts'
import { recordAnswered, recordDeclined, recordShared } from '../../src/store/record.ts'
import type { CorrectionPlace, EventStore, Scope } from '../../src/store/store.ts'
import type { Adapter } from '../../src/types.ts'
import { createButtonSeal } from './button-seal.ts'
import { answerWhatIsNotOffered } from './fallbacks.ts'
import { type ButtonPress, parseButton, parseSlackText } from './parse.ts'
import { createHttpReceiver, screenRequests } from './receiver.ts'
import { ACTION, renderAnswerChanged, renderNotice, renderSlack, type SlackMessage } from './render.ts'
import { renderCorrection } from './render-correction.ts'
import { renderWhy } from './render-why.ts'
import { createMemorySeenRequests, type SeenRequests } from './seen-requests.ts'
import { guardSocketEnvelopes } from './socket-envelopes.ts'
import { DEFAULT_START_TIMEOUT_MS, startWithin } from './socket-start.ts'

export interface SlackAdapterConfig {
  kb: KnowledgeBase
  slack: SlackConfig
  feedback: FeedbackLog
  logger: Logger
  /** the signatures of HTTP requests already taken; in this process's memory unless a shared store is given */
  seenRequests?: SeenRequests
  /**
   * the messages already answered, so that Slack's retry of one (a new request, signed anew) is not
   * answered twice; in this process's memory unless a shared store is given
   */
  deliveries?: SeenRequests
  /**
   * where answers given and shared (and, through `feedback`, questions declined) are kept, and recaps read
   * them; nowhere by default, and then `/ask recap` says no history is kept
   */
  events?: Pick<EventStore, 'append'> & RecapEvents
  /** each user's allowance of questions; none by default */
  limiter?: RateLimiter
  metrics?: Metrics
  /** served beside /slack/events in HTTP mode: health, readiness, metrics */
  httpRoutes?: readonly HealthRoute[]
  /**
   * where each workspace's installation (its bot token) is kept, for a bot installed through
   * /slack/install (`slack.oauth`); required then, unused with a single SLACK_BOT_TOKEN
   */
  installationStore?: InstallationStore
  /** how far apart corrections are posted; Slack's limits by default (`SLACK_CORRECTION_PACE`) */
  correctionPace?: CorrectionPace
}

/** the bot scopes an install asks for: as adapters/slack/manifest.yaml declares them */
export const SLACK_BOT_SCOPES = ['commands', 'app_mentions:read', 'chat:write', 'im:history'] as const

/** The Slack adapter; `port()` tells where HTTP mode listens once started (useful with port 0). */
export interface SlackAdapter extends Adapter {
  port(): number | undefined
  /** Post a correction in the thread of the message that showed the claim (src/corrections/run.ts). */
  postCorrection(place: CorrectionPlace, note: CorrectionNote): Promise<PostedCorrection>
  readonly correctionPace: CorrectionPace
}

/**
 * Slack allows about one message a second in a channel, and a few hundred a minute in a workspace: notes
 * go at most one a second to a channel and four a second in all, so answers keep most of both.
 */
export const SLACK_CORRECTION_PACE: CorrectionPace = { channelMs: 1_000, overallMs: 250 }

/** matches per page: three fit on a laptop screen mid-meeting; "More results" shows the next three */
const PAGE = 3

/**
 * How long a message is remembered as answered: Slack retries a delivery three times, the last about five
 * minutes after the first, so an hour covers retries and a slow restart between them.
 */
const DELIVERY_MEMORY_MS = 60 * 60 * 1000

const APOLOGY = 'Sorry, something went wrong while answering. Please try again in a moment.'
const UNSIGNED_BUTTON =
  'That button could not be checked, so nothing was done; it may be from an older version of the bot. Ask again with /ask and your question.'
const OTHER_CHANNEL =
  'That answer was given in another conversation, so it can only be shared there. Ask again here with /ask to share it here.'
const OTHER_CHANNEL_RECAP =
  'That recap is of another conversation, so it can only be shared there. Ask for one here with /ask recap.'
const NOTHING_TO_SHARE =
  'Nothing in that recap was seen by the channel (only answers you were given privately), so there is nothing to share.'
const NO_HISTORY_TO_SHARE = 'This bot keeps no history of questions here, so there is no recap to share.'
const WHY_GONE =
  'That answer is no longer in the knowledge base, so how it matched cannot be said. Ask again with /ask and your question.'
const THANKS = 'Thanks for the feedback: the curators read every vote.'
const THANKS_FOR = {
  up: `Your 👍 is counted. ${THANKS}`,
  down: `Your 👎 is counted. ${THANKS}`,
} as const

/**
 * The Web API client's retries: a 429 waits out Retry-After and tries again, but an answer minutes late
 * is noise in a meeting, so give up after a few tries (the default keeps trying for half an hour).
 */
const WEB_API_CLIENT = { retryConfig: { retries: 3, factor: 2 }, timeout: 10_000 } as const

/**
 * The patience of the clients that post corrections: nobody waits on them, so a 429 is waited out up to
 * ten times (each after Slack's Retry-After) rather than the note given up.
 */
const CORRECTION_RETRIES = { retries: 10, factor: 1.5 } as const

/** Slack's answers when a note cannot go where it was meant to: the channel, the bot or the app is gone. */
const UNREACHABLE = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'message_not_found',
  'thread_not_found',
  'no_permission',
  'restricted_action',
  'missing_scope',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'team_access_not_granted',
])

/**
 * Bolt's logger interface, writing to ours. Bolt's debug lines hold payloads (users' words), so they go
 * only to a logger that keeps debug lines (LOG_LEVEL=debug).
 */
function toBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO
  const line = (parts: unknown[]) =>
    `slack: ${parts
      .filter((part) => !(part instanceof Error))
      .map(String)
      .join(' ')}`
  return {
    debug: (...parts: unknown[]) => {
      if (level === LogLevel.DEBUG) logger.debug?.(line(parts))
    },
    info: (...parts: unknown[]) => {
      if (level !== LogLevel.WARN && level !== LogLevel.ERROR) logger.info(line(parts))
    },
    warn: (...parts: unknown[]) => {
      if (level !== LogLevel.ERROR) logger.warn(line(parts))
    },
    error: (...parts: unknown[]) =>
      logger.error(
        line(parts),
        parts.find((part) => part instanceof Error),
      ),
    setLevel: (next) => {
      level = next
    },
    getLevel: () => level,
    setName() {},
  }
}

/** The Slack error code of a failed Web API call (`not_in_channel`, `invalid_auth`), if it was one. */
function slackErrorCode(error: unknown): string | undefined {
  const data = typeof error === 'object' && error !== null && 'data' in error ? error.data : undefined
  const code = typeof data === 'object' && data !== null && 'error' in data ? data.error : undefined
  return typeof code === 'string' ? code : undefined
}

function startupError(variable: string, what: string, error: unknown): CitedAnswersError {
  const code = slackErrorCode(error)
  const message = code
    ? `Slack rejected ${variable} (${code}): copy ${what} again from the app's settings at https://api.slack.com/apps`
    : `Could not reach Slack to check ${variable} (${error instanceof Error ? error.message : String(error)}); check the network, or SLACK_API_URL if set`
  return new CitedAnswersError('invalid-config', message, { cause: error })
}

export function createSlackAdapter(config: SlackAdapterConfig): SlackAdapter {
  const { kb, slack, feedback, logger } = config
  const limiter = config.limiter ?? unlimited
  const events = config.events
  const scopeOf = (team: string | undefined, channel: string | undefined): Scope => ({
    platform: 'slack',
    ...(team ? { workspace: team } : {}),
    ...(channel ? { channel } : {}),
  })
  const metrics = config.metrics ?? noMetrics
  if (!slack.appToken && !slack.signingSecret) {
    throw new CitedAnswersError(
      'invalid-config',
      'Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); set one of them',
    )
  }
  const boltLogger = toBoltLogger(logger)
  const clientOptions: webApi.WebClientOptions = {
    ...WEB_API_CLIENT,
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
  }
  if (slack.oauth && !config.installationStore) {
    throw new CitedAnswersError(
      'invalid-config',
      'Installing in any number of workspaces needs somewhere to keep their installations: the event store (EVENT_STORE or DATABASE_URL)',
    )
  }
  // with OAuth, Bolt's InstallProvider serves /slack/install and /slack/oauth_redirect and authorizes each
  // request with the installation of the workspace it comes from
  const oauth =
    slack.oauth && config.installationStore
      ? {
          clientId: slack.oauth.clientId,
          clientSecret: slack.oauth.clientSecret,
          stateSecret: slack.oauth.stateSecret,
          scopes: [...SLACK_BOT_SCOPES],
          installationStore: config.installationStore,
        }
      : undefined
  const socketReceiver = slack.appToken
    ? new SocketModeReceiver({
        appToken: slack.appToken,
        logger: boltLogger,
        ...oauth,
        // in Socket Mode the install pages need a port of their own
        installerOptions: { clientOptions, ...(oauth ? { port: slack.port } : {}) },
      })
    : undefined
  if (socketReceiver) guardSocketEnvelopes(socketReceiver.client, logger)
  const receiver = screenRequests(
    socketReceiver ??
      createHttpReceiver({
        signingSecret: slack.signingSecret ?? '',
        port: slack.port,
        boltLogger,
        logger,
        routes: config.httpRoutes ?? [],
        ...(oauth ? { oauth: { ...oauth, clientOptions } } : {}),
      }),
    // Socket Mode requests come over the app's own authenticated socket, unsigned
    socketReceiver ? { logger } : { logger, seen: config.seenRequests ?? createMemorySeenRequests() },
  )
  // buttons are signed with a key from the secret Slack shares with the bot in the mode it runs in
  const seal = createButtonSeal((socketReceiver ? slack.appToken : slack.signingSecret) ?? '')
  const sign = seal.seal
  const app = new App({
    ...(slack.botToken ? { token: slack.botToken } : {}),
    logger: boltLogger,
    clientOptions,
    // auth.test runs in start(), so a bad token fails at start-up, not as an unhandled rejection later
    deferInitialization: true,
    // no conversation state is kept between messages
    convoStore: false,
    receiver,
  })
  // with one token, the app's own client (listeners' clients are per-team copies) so rate limits can be
  // reported; installed in many workspaces, each listener's client, which holds its workspace's token
  const reportRateLimits = (client: webApi.WebClient) => {
    client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => {
      logger.warn(`slack: rate limited by the Web API; retrying in ${seconds} s`)
    })
    return client
  }
  const ownClient = slack.botToken ? reportRateLimits(app.client) : undefined
  const clientFor = (listenerClient: webApi.WebClient) => ownClient ?? listenerClient
  app.error(async (error) => {
    logger.error('slack: unhandled error in a listener', error)
  })

  const guarded = createGuard(logger, 'slack', { onFailure: (what) => metrics.failed('slack', what) })

  const deliveries = config.deliveries ?? createMemorySeenRequests({ capacity: 10_000 })
  /** false when this message was already taken: Slack retried it, or sent it as two kinds of event */
  const firstDelivery = async (key: string) => {
    try {
      return await deliveries.firstSeen(`message:${key}`, Date.now() + DELIVERY_MEMORY_MS)
    } catch (error) {
      // answering twice is better than not answering at all
      logger.error('slack: could not check a message against those answered before, so answered it', error)
      return true
    }
  }

  /**
   * The channel's history for a recap, read for `viewer` (their own private answers included), or as the
   * channel sees it when the reply is the channel's
   */
  const historyOf = (scope: Scope, viewer: string | undefined) =>
    events ? { events, scope, ...(viewer ? { viewer } : {}) } : undefined

  /** Take a question from the asker's allowance; false (and the metric counted) when it is spent. */
  const allowance = async (team: string | undefined, user: string | undefined) => {
    const taken = await limiter.take(`slack:${team ?? '-'}:${user ?? '-'}`)
    if (!taken.allowed) metrics.rateLimited('slack')
    return taken
  }

  const outcomeOf = (reply: Reply) =>
    reply.kind === 'answer' && reply.answer.kind === 'no-answer' ? 'declined' : 'answered'
  /** a question replied to, counted with the time since it arrived */
  const replied = (reply: Reply, since: number) => {
    if (reply.kind === 'answer') {
      metrics.replied('slack', outcomeOf(reply), (performance.now() - since) / 1000)
    }
  }

  const answerMessage = async (
    client: webApi.WebClient,
    message: {
      team: string | undefined
      user: string | undefined
      /** a direct message to the bot, rather than a mention in a channel */
      direct?: boolean
      channel: string
      ts: string
      threadTs: string | undefined
      text: string | undefined
      retryNum: number | undefined
    },
  ) => {
    const arrived = performance.now()
    const thread = message.threadTs ? { thread_ts: message.threadTs } : {}
    await guarded(
      'answering a message',
      async () => {
        if (!(await firstDelivery(`${message.team ?? '-'}:${message.channel}:${message.ts}`))) {
          logger.info(
            `slack: ignored a repeated delivery of message ${message.ts} (retry ${message.retryNum ?? 0})`,
          )
          return
        }
        const taken = await allowance(message.team, message.user)
        if (!taken.allowed) {
          // told to the asker alone: a channel need not read that someone asks too fast
          if (message.user) {
            await client.chat.postEphemeral({
              channel: message.channel,
              user: message.user,
              ...thread,
              text: rateLimitedText(taken.retryAfterMs),
            })
          }
          return
        }
        const scope = scopeOf(message.team, message.channel)
        // a direct message is seen by its asker alone, like a private answer; a reply in a thread, by the
        // channel, so a recap there is the channel's
        const asker = message.direct ? message.user : undefined
        const reply = await handleWithHistory(
          parseSlackText(message.text),
          kb,
          { limit: PAGE },
          historyOf(scope, asker),
        )
        const posted = await client.chat.postMessage({
          channel: message.channel,
          ...thread,
          ...renderSlack(reply, { audience: 'channel', sign }),
        })
        replied(reply, arrived)
        const reference = posted.ts ? { message: posted.ts } : {}
        const shown = asker
          ? { visibility: 'private' as const, asker, ...reference }
          : { visibility: 'channel' as const, ...reference }
        if (events) await recordAnswered(events, scope, reply, shown, logger)
        await recordDeclined(feedback, scope, reply, shown, logger)
      },
      () => client.chat.postMessage({ channel: message.channel, ...thread, text: APOLOGY }),
    )
  }

  app.command(/^\/.+/, async ({ command, ack, respond }) => {
    const arrived = performance.now()
    let acknowledged = false
    await guarded(
      'answering a slash command',
      async () => {
        const taken = await allowance(command.team_id, command.user_id)
        if (!taken.allowed) {
          acknowledged = true
          await ack(renderNotice(rateLimitedText(taken.retryAfterMs)))
          return
        }
        const scope = scopeOf(command.team_id, command.channel_id)
        const reply = await handleWithHistory(
          parseSlackText(command.text),
          kb,
          { limit: PAGE },
          historyOf(scope, command.user_id),
        )
        const message = renderSlack(reply, {
          audience: 'private',
          command: command.command,
          channel: command.channel_id,
          sign,
        })
        acknowledged = true
        await ack(message)
        replied(reply, arrived)
        const shown = { visibility: 'private' as const, asker: command.user_id }
        if (events) await recordAnswered(events, scope, reply, shown, logger)
        await recordDeclined(feedback, scope, reply, shown, logger)
      },
      () => (acknowledged ? respond(renderNotice(APOLOGY)) : ack(renderNotice(APOLOGY))),
    )
  })

  app.event('app_mention', async ({ event, context, body, client }) => {
    if (event.bot_id) return
    await answerMessage(clientFor(client), {
      team: body.team_id,
      user: event.user,
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts ?? event.ts,
      text: event.text,
      retryNum: context.retryNum,
    })
  })

  app.event('message', async ({ event, context, body, client }) => {
    // edits, joins and bots' messages (this bot's own included) are not questions
    if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id) return
    await answerMessage(clientFor(client), {
      direct: true,
      team: body.team_id,
      user: event.user,
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts,
      text: event.text,
      retryNum: context.retryNum,
    })
  })

  /**
   * Post to a channel as the bot; resolves with the message's ts, or false when the bot may not post
   * there (it was never invited).
   */
  const postInChannel = async (
    client: webApi.WebClient,
    channel: string | undefined,
    message: SlackMessage,
  ): Promise<{ ts?: string } | false> => {
    if (!channel) return false
    try {
      const posted = await client.chat.postMessage({ channel, ...message })
      return posted.ts ? { ts: posted.ts } : {}
    } catch (error) {
      const code = slackErrorCode(error)
      if (code === 'not_in_channel' || code === 'channel_not_found') return false
      throw error
    }
  }

  const privately = (message: SlackMessage) => ({ ...message, replace_original: false })

  const pressButton = async (
    press: ButtonPress,
    where: { user: string; team: string | undefined; channel: string | undefined; ephemeral: boolean },
    respond: RespondFn,
    client: webApi.WebClient,
  ) => {
    const arrived = performance.now()
    const page = (question: string, offset: number) =>
      handle({ kind: 'ask', question }, kb, { limit: PAGE, offset })
    switch (press.kind) {
      case 'invalid':
        await respond(privately(renderNotice(press.message)))
        return
      case 'ask':
      case 'more': {
        const offset = press.kind === 'more' ? press.offset : 0
        const channel = where.channel ? { channel: where.channel } : {}
        const taken = await allowance(where.team, where.user)
        if (!taken.allowed) {
          await respond(privately(renderNotice(rateLimitedText(taken.retryAfterMs))))
          return
        }
        const reply = page(press.question, offset)
        await respond(privately(renderSlack(reply, { audience: 'private', offset, sign, ...channel })))
        replied(reply, arrived)
        if (events) {
          const scope = scopeOf(where.team, where.channel)
          await recordAnswered(events, scope, reply, { visibility: 'private', asker: where.user }, logger)
        }
        return
      }
      case 'share': {
        // an answer is shared only where it was given, and only where the button was pressed
        if (press.channel !== undefined && press.channel !== where.channel) {
          await respond(privately(renderNotice(OTHER_CHANNEL)))
          return
        }
        const answer = recallAnswer(press.question, press.claims, kb, { offset: press.offset })
        if (answer.kind === 'changed') {
          metrics.buttonExpired('slack')
          await respond(privately(renderAnswerChanged(press.question, sign)))
          return
        }
        const shared = renderSlack(
          { kind: 'answer', answer },
          { audience: 'shared', askedBy: where.user, offset: press.offset, sign },
        )
        const posted = await postInChannel(client, where.channel, shared)
        if (!posted) {
          // the bot is not in that channel (or it is a DM between others): the response URL still posts there
          await respond({ ...shared, response_type: 'in_channel', replace_original: false })
        }
        await respond({ delete_original: true })
        if (events) {
          const claims = answer.matches.map((match) => match.claim.id)
          await recordShared(
            events,
            scopeOf(where.team, where.channel),
            {
              question: press.question,
              claims,
              ...(posted && posted.ts !== undefined ? { message: posted.ts } : {}),
            },
            logger,
          )
        }
        return
      }
      case 'share-recap': {
        // a recap is shared only to the channel it was read in, and only where the button was pressed
        if (press.channel !== where.channel) {
          await respond(privately(renderNotice(OTHER_CHANNEL_RECAP)))
          return
        }
        if (!events) {
          await respond(privately(renderNotice(NO_HISTORY_TO_SHARE)))
          return
        }
        // read again, as the channel sees it: no one's private answers reach the channel through a recap
        const window = { since: press.since, until: press.until }
        const recap = await readRecap(window, kb, { events, scope: scopeOf(where.team, where.channel) })
        if (isEmptyRecap(recap)) {
          await respond(privately(renderNotice(NOTHING_TO_SHARE)))
          return
        }
        const shared = renderSlack(
          { kind: 'recap', recap },
          { audience: 'shared', askedBy: where.user, sign },
        )
        if (!(await postInChannel(client, where.channel, shared))) {
          await respond({ ...shared, response_type: 'in_channel', replace_original: false })
        }
        await respond({ delete_original: true })
        return
      }
      case 'why': {
        const claim = kb.claimById.get(press.claim)
        const explanation = explainClaim(press.question, press.claim, kb)
        if (!claim || !explanation) {
          metrics.buttonExpired('slack')
          await respond(privately(renderNotice(WHY_GONE)))
          return
        }
        await respond(privately(renderWhy(press.question, claim.statement, explanation)))
        return
      }
      case 'vote': {
        const outcome = await recordVote(feedback, kb, {
          platform: 'slack',
          ...(where.team ? { workspace: where.team } : {}),
          ...(where.channel ? { channel: where.channel } : {}),
          user: where.user,
          question: press.question,
          claims: press.claims,
          vote: press.vote,
        })
        if (outcome.kind === 'failed') logger.error('slack: a vote could not be saved', outcome.error)
        if (outcome.kind !== 'recorded') {
          await respond(privately(renderNotice(outcome.message)))
          return
        }
        metrics.voted('slack', press.vote)
        // the asker's own private answer shows the vote in place of its buttons; an answer in a channel is
        // everyone's to vote on, so the voter alone is told which vote was taken
        const answer = where.ephemeral
          ? recallAnswer(press.question, press.claims, kb, { offset: press.offset })
          : undefined
        if (answer?.kind === 'answered') {
          const channel = where.channel ? { channel: where.channel } : {}
          await respond({
            ...renderSlack(
              { kind: 'answer', answer },
              { audience: 'private', offset: press.offset, sign, voted: press.vote, ...channel },
            ),
            replace_original: true,
          })
          return
        }
        await respond(privately(renderNotice(THANKS_FOR[press.vote])))
        return
      }
    }
  }

  const buttons = new RegExp(`^(${Object.values(ACTION).join('|')})$`)
  app.action(
    { type: 'block_actions', action_id: buttons },
    async ({ action, body, ack, respond, client }) => {
      await guarded(
        'answering a button',
        async () => {
          await ack()
          // anyone can send Slack's payload with a value of their own: only a value this bot signed is read
          const value = action.type === 'button' ? seal.open(action.action_id, action.value) : undefined
          if (value === undefined) {
            logger.warn(`slack: refused a ${action.action_id} button whose value carries no valid tag`)
          }
          const press: ButtonPress =
            value === undefined
              ? { kind: 'invalid', message: UNSIGNED_BUTTON }
              : parseButton(action.action_id, value)
          const ephemeral = 'container' in body && body.container?.is_ephemeral === true
          await pressButton(
            press,
            { user: body.user.id, team: body.team?.id, channel: body.channel?.id, ephemeral },
            respond,
            clientFor(client),
          )
        },
        () => respond(privately(renderNotice(APOLOGY))),
      )
    },
  )

  // an uninstalled app's tokens are dead: the installation is forgotten, so nothing keeps a token Slack
  // revoked (Slack sends these events to every app, with no subscription needed)
  const installationStore = config.installationStore
  if (slack.oauth && installationStore?.deleteInstallation) {
    const forget = async (body: {
      team_id?: string
      enterprise_id?: string
      is_enterprise_install?: boolean
    }) => {
      const isEnterpriseInstall = body.is_enterprise_install === true
      const query: InstallationQuery<boolean> = {
        teamId: body.team_id,
        enterpriseId: body.enterprise_id,
        isEnterpriseInstall,
      }
      await installationStore.deleteInstallation?.(query, boltLogger)
      logger.info(`slack: forgot the installation of workspace ${body.team_id ?? body.enterprise_id ?? '?'}`)
    }
    app.event('app_uninstalled', async ({ body }) => forget(body))
    app.event('tokens_revoked', async ({ event, body }) => {
      if ((event.tokens.bot ?? []).length > 0) await forget(body)
    })
  }

  answerWhatIsNotOffered(app, guarded)

  // corrections go through clients of their own: a 429 pauses a Web API client's whole queue, and the
  // answers must never wait for a correction's rate limit
  const correctionClients = new Map<string, webApi.WebClient>()
  const correctionClient = (token: string) => {
    let client = correctionClients.get(token)
    if (!client) {
      client = new webApi.WebClient(token, {
        ...clientOptions,
        logger: boltLogger,
        retryConfig: CORRECTION_RETRIES,
      })
      client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => {
        logger.warn(`slack: corrections rate limited by the Web API; posting again in ${seconds} s`)
      })
      correctionClients.set(token, client)
    }
    return client
  }
  /** the bot token for a workspace: the one configured, else the workspace's installation's */
  const tokenFor = async (workspace: string | undefined) => {
    if (slack.botToken) return slack.botToken
    if (!workspace || !config.installationStore) return undefined
    try {
      const query = { teamId: workspace, enterpriseId: undefined, isEnterpriseInstall: false as const }
      return (await config.installationStore.fetchInstallation(query, boltLogger)).bot?.token
    } catch {
      return undefined
    }
  }
  const postCorrection = async (place: CorrectionPlace, note: CorrectionNote): Promise<PostedCorrection> => {
    const token = await tokenFor(place.workspace)
    if (!token) return { kind: 'unreachable', reason: `not installed in workspace ${place.workspace ?? '?'}` }
    try {
      await correctionClient(token).chat.postMessage({
        channel: place.channel,
        thread_ts: place.message,
        ...renderCorrection(note),
        unfurl_links: false,
        unfurl_media: false,
      })
      return { kind: 'posted' }
    } catch (error) {
      const code = slackErrorCode(error)
      if (code && UNREACHABLE.has(code)) return { kind: 'unreachable', reason: code }
      throw error
    }
  }

  let server: { address(): AddressInfo | string | null } | undefined
  let started = false
  // Socket Mode's connection comes and goes (Slack refreshes it every few hours); readiness follows it
  let socketUp = false
  socketReceiver?.client.on('connected', () => {
    socketUp = true
  })
  for (const state of ['disconnected', 'reconnecting']) {
    socketReceiver?.client.on(state, () => {
      socketUp = false
    })
  }
  return {
    name: 'slack',
    async start() {
      try {
        await app.init()
      } catch (error) {
        throw startupError('SLACK_BOT_TOKEN', 'the Bot User OAuth Token (xoxb-…)', error)
      }
      try {
        if (socketReceiver) {
          await startWithin(
            socketReceiver,
            () => app.start(),
            slack.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
          )
        } else server = await app.start(slack.port)
      } catch (error) {
        if (error instanceof CitedAnswersError) throw error
        if (socketReceiver) throw startupError('SLACK_APP_TOKEN', 'the app-level token (xapp-…)', error)
        throw new CitedAnswersError(
          'invalid-config',
          `Slack HTTP mode could not listen on port ${slack.port} (${error instanceof Error ? error.message : String(error)}); set PORT to a free port`,
          { cause: error },
        )
      }
      started = true
    },
    async stop(graceMs = 0) {
      if (!started) return
      started = false
      server = undefined
      // no new events first: Slack sends them to another replica or retries them, while the replies in
      // progress here (answers through response URLs and the Web API) are let finish
      // Bolt's SocketModeReceiver.stop() does not wait for the socket to close; the client's disconnect does
      const closing = socketReceiver ? socketReceiver.client.disconnect() : app.stop()
      if (!(await guarded.settled(graceMs))) {
        logger.warn(`slack: stopped with ${guarded.running} replies unfinished after ${graceMs} ms`)
      }
      await closing
    },
    isConnected: () => started && (socketReceiver ? socketUp : true),
    postCorrection,
    correctionPace: config.correctionPace ?? SLACK_CORRECTION_PACE,
    port() {
      const address = server?.address()
      return typeof address === 'object' && address ? address.port : undefined
    },
  }
}
