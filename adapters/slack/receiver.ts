/**
 * Bolt's receivers with what they leave undone: an HTTP request dated more than five minutes ahead is
 * refused like a bad signature (Bolt refuses only old ones), a request whose signature was seen before is
 * acknowledged and not acted on again, and a payload no listener takes is acknowledged at once instead of
 * getting Bolt's 404 three seconds later.
 */
import type { IncomingMessage } from 'node:http'
import {
  type App,
  type Logger as BoltLogger,
  type CustomRoute,
  HTTPReceiver,
  type HTTPReceiverOptions,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt'
import type { Logger } from '../../src/logger.ts'
import type { SeenRequests } from './seen-requests.ts'

/** Slack's window: a request is taken only while its timestamp is within five minutes of now */
const WINDOW_SECONDS = 5 * 60

/** where the HTTP receiver hands the verified signature to the screen (never passed on to Bolt's context) */
const SIGNATURE = 'citedAnswersSignature'
const TIMESTAMP = 'citedAnswersTimestamp'

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name]
  return typeof value === 'string' ? value : undefined
}

export interface SlackHttpReceiverOptions {
  signingSecret: string
  port: number
  boltLogger: BoltLogger
  logger: Logger
  /** served beside /slack/events (health, readiness, metrics) */
  routes?: readonly CustomRoute[]
  /** Slack's OAuth install flow: /slack/install and /slack/oauth_redirect, for any number of workspaces */
  oauth?: Pick<
    HTTPReceiverOptions,
    'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore'
  > & { clientOptions: NonNullable<HTTPReceiverOptions['installerOptions']>['clientOptions'] }
  /** the clock, in ms since the epoch */
  now?: () => number
}

/** Bolt's HTTP receiver at /slack/events, refusing requests dated in the future. */
export function createHttpReceiver(options: SlackHttpReceiverOptions): HTTPReceiver {
  const { logger, now = Date.now } = options
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    port: options.port,
    logger: options.boltLogger,
    customRoutes: [...(options.routes ?? [])],
    ...(options.oauth
      ? {
          clientId: options.oauth.clientId,
          clientSecret: options.oauth.clientSecret,
          stateSecret: options.oauth.stateSecret,
          scopes: options.oauth.scopes,
          installationStore: options.oauth.installationStore,
          installerOptions: { clientOptions: options.oauth.clientOptions, directInstall: true },
        }
      : {}),
    // called only once the signature is verified
    customPropertiesExtractor: (request) => ({
      [SIGNATURE]: header(request, 'x-slack-signature'),
      [TIMESTAMP]: header(request, 'x-slack-request-timestamp'),
    }),
  })
  const verifyAndDispatch = receiver.requestListener
  receiver.requestListener = (request, response) => {
    const timestamp = Number(header(request, 'x-slack-request-timestamp'))
    const ahead = Math.floor(timestamp - now() / 1000)
    if (ahead > WINDOW_SECONDS) {
      logger.warn(
        `slack: refused a request dated ${ahead} s in the future (X-Slack-Request-Timestamp); if Slack's own requests are refused, check this server's clock`,
      )
      request.resume()
      response.writeHead(401).end()
      return
    }
    verifyAndDispatch(request, response)
  }
  return receiver
}

/** Whether Bolt can tell what kind of request a body is; for any other body it calls no listener. */
function isRecognised(body: Record<string, unknown>): boolean {
  if (body.event !== undefined) return typeof body.event === 'object' && body.event !== null
  if (body.command !== undefined || body.name !== undefined || body.actions !== undefined) return true
  return [
    'block_suggestion',
    'dialog_submission',
    'shortcut',
    'message_action',
    'view_submission',
    'view_closed',
  ].includes(String(body.type))
}

const typeOf = (body: Record<string, unknown>) =>
  typeof body.type === 'string' ? JSON.stringify(body.type.slice(0, 40)) : 'none'

export interface ScreenOptions {
  logger: Logger
  /** signatures already taken; HTTP mode only, since Socket Mode requests are not signed */
  seen?: SeenRequests
}

/**
 * `inner`, with every request screened before the app sees it, and acknowledged after it if no listener
 * did: a listener that failed, or none that matched, still leaves Slack with its answer in time.
 */
export function screenRequests(inner: Receiver, options: ScreenOptions): Receiver {
  const { logger, seen } = options

  /** false for a replay; a store that fails lets the request through, as refusing all would stop the bot */
  const firstSeen = async (store: SeenRequests, signature: string, timestamp: number) => {
    // Bolt refuses the request as too old from one second past this
    const expiresAt =
      ((Number.isFinite(timestamp) ? timestamp : Date.now() / 1000) + WINDOW_SECONDS + 1) * 1000
    try {
      return await store.firstSeen(signature, expiresAt)
    } catch (error) {
      logger.error('slack: could not check a request against those seen before, so took it', error)
      return true
    }
  }

  const process = async (app: App, event: ReceiverEvent) => {
    let acknowledged = false
    const ack: ReceiverEvent['ack'] = async (response) => {
      acknowledged = true
      await event.ack(response)
    }
    const { customProperties, ...rest } = event
    const signature = customProperties?.[SIGNATURE]
    const timestamp = Number(customProperties?.[TIMESTAMP])
    if (seen && typeof signature === 'string' && !(await firstSeen(seen, signature, timestamp))) {
      logger.warn(
        'slack: acknowledged a replayed request without acting on it (its signature was seen before)',
      )
      await ack()
      return
    }
    if (!isRecognised(event.body)) {
      logger.warn(`slack: acknowledged a request of no kind this bot takes (type ${typeOf(event.body)})`)
      await ack()
      return
    }
    try {
      await app.processEvent({ ...rest, ack })
    } catch (error) {
      // the error's message may quote the payload; its name says enough to look further
      logger.warn(
        `slack: could not process a request (${error instanceof Error ? error.name : 'unknown error'})`,
      )
    }
    if (!acknowledged) await ack()
  }

  return {
    // Bolt's App authorizes each request through the receiver's OAuth installer when it has one
    ...('installer' in inner ? { installer: inner.installer } : {}),
    init(app) {
      // a receiver calls nothing on the app but processEvent
      const screened: Pick<App, 'processEvent'> = { processEvent: (event) => process(app, event) }
      inner.init(screened as App)
    },
    start: (...args) => inner.start(...args),
    stop: (...args) => inner.stop(...args),
  }
}
