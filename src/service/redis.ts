/**
 * The connection to Redis (REDIS_URL) that rate limits and Slack's replay checks share when several
 * replicas answer. Both fall back when Redis fails (limits count in memory, requests are taken), so the
 * client is set up to fail a command fast rather than hold a question while it reconnects.
 */
import { Redis, ReplyError } from 'ioredis'
import { CitedAnswersError } from '../errors.ts'
import { type Logger, silentLogger } from '../logger.ts'

export interface RedisConnection {
  client: Redis
  /** Quit gracefully (QUIT, then close), or drop the connection if Redis does not answer in time. */
  close(): Promise<void>
}

export interface ConnectRedisOptions {
  /** told of connections lost and regained; never given the URL's credentials */
  logger?: Logger
  /** how long start-up may try before it fails (START_TIMEOUT_SECONDS) */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 10_000

/** Slack wants its request acknowledged within 3 s, so a replay check may not take more than a part of it */
const COMMAND_TIMEOUT_MS = 1_000

const QUIT_TIMEOUT_MS = 2_000

const WHAT_TO_DO = "or unset REDIS_URL to keep rate limits and seen Slack requests in this process's memory"

/**
 * A client connected to `url` (redis://[user:password@]host:port[/db], or rediss:// for TLS) and ready
 * for commands. Connection errors are retried until the deadline, since Redis may start alongside the
 * bot; a server that refuses the credentials or the database fails at once.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<RedisConnection> {
  const { logger = silentLogger, timeoutMs = DEFAULT_TIMEOUT_MS } = options
  const shown = describeRedisUrl(url)
  const client = new Redis(url, {
    lazyConnect: true,
    // while reconnecting a command fails at once, and its caller falls back instead of waiting
    enableOfflineQueue: false,
    // a command cut off by a lost connection may have run (a SET NX taken, a count added): sent again, it
    // would call a first request a replay, or count a question twice, so it fails instead
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // a server that stops answering without closing the connection would hold every command
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: Math.min(timeoutMs, DEFAULT_TIMEOUT_MS),
    connectionName: 'cited-answers',
  })

  // 'starting' until the first ready connection: untilReady reports what happens before it
  let state: 'starting' | 'connected' | 'lost' | 'closing' = 'starting'
  const lost = (reason: string) => {
    if (state !== 'connected') return
    state = 'lost'
    logger.warn(`redis: lost the connection to ${shown} (${reason}); reconnecting`)
  }
  // listened to from the start: an 'error' nobody listens to is printed by ioredis to the console
  client.on('error', (error: Error) => lost(error.message))
  client.on('close', () => lost('closed'))
  client.on('ready', () => {
    if (state !== 'lost') return
    state = 'connected'
    logger.info(`redis: connected again to ${shown}`)
  })

  const outcome = await untilReady(client, timeoutMs, (error) =>
    logger.warn(
      `redis: could not connect to ${shown} yet (${error.message}); retrying for up to ${seconds(timeoutMs)} s`,
    ),
  )
  if (outcome.kind !== 'ready') {
    state = 'closing'
    client.disconnect()
    throw startError(outcome, shown, timeoutMs)
  }
  state = 'connected'
  logger.info(`redis: connected to ${shown}`)

  let closed: Promise<void> | undefined
  return {
    client,
    close() {
      closed ??= quit(client)
      state = 'closing'
      return closed
    },
  }
}

/** QUIT, so Redis answers what it was sent before closing; dropped if it does not close in time */
async function quit(client: Redis): Promise<void> {
  if (client.status === 'end') return
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()))
  if (client.status === 'ready') {
    // the reply to QUIT may be lost with the connection; 'end' says it is closed either way
    client.quit().catch(() => {})
  } else {
    client.disconnect()
  }
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), QUIT_TIMEOUT_MS)
  })
  if ((await Promise.race([ended, late])) === 'late') client.disconnect()
  clearTimeout(timer)
}

/** REDIS_URL as it may be shown in logs and errors: scheme, host, port and database, no credentials. */
export function describeRedisUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (error) {
    throw new CitedAnswersError(
      'invalid-config',
      `REDIS_URL is not a URL: set it to redis://[user:password@]host:port[/db], or rediss://… for TLS, ${WHAT_TO_DO}`,
      { cause: error },
    )
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new CitedAnswersError(
      'invalid-config',
      `REDIS_URL must start with redis:// (or rediss:// for TLS); got "${parsed.protocol.slice(0, 20)}//…"`,
    )
  }
  if (parsed.hostname === '') {
    throw new CitedAnswersError('invalid-config', 'REDIS_URL names no host: set it to redis://host:port')
  }
  const database = parsed.pathname.replace(/^\//, '')
  if (database !== '' && !/^\d{1,5}$/.test(database)) {
    throw new CitedAnswersError(
      'invalid-config',
      "REDIS_URL's path must be a database number (redis://host:port/0) or nothing",
    )
  }
  const credentials = parsed.username !== '' || parsed.password !== '' ? '***@' : ''
  return `${parsed.protocol}//${credentials}${parsed.host}${database === '' ? '' : `/${database}`}`
}

type StartOutcome =
  | { kind: 'ready' }
  | { kind: 'refused'; error: Error }
  | { kind: 'timed-out'; lastError: Error | undefined }

/** Wait for the client's first ready connection, letting it retry what may pass. */
function untilReady(
  client: Redis,
  timeoutMs: number,
  onFirstError: (error: Error) => void,
): Promise<StartOutcome> {
  return new Promise((resolve) => {
    let lastError: Error | undefined
    const finish = (outcome: StartOutcome) => {
      clearTimeout(timer)
      client.off('ready', onReady)
      client.off('error', onError)
      resolve(outcome)
    }
    const onReady = () => finish({ kind: 'ready' })
    const onError = (error: Error) => {
      // the server answered and said no (a password, a database number): asking again will not change it
      if (error instanceof ReplyError) return finish({ kind: 'refused', error })
      if (lastError === undefined) onFirstError(error)
      lastError = error
    }
    const timer = setTimeout(() => finish({ kind: 'timed-out', lastError }), timeoutMs)
    client.on('ready', onReady)
    client.on('error', onError)
    // the first attempt's failure is retried by the client; 'ready', a refusal or the deadline decides
    client.connect().catch(() => {})
  })
}

function startError(
  outcome: Exclude<StartOutcome, { kind: 'ready' }>,
  shown: string,
  timeoutMs: number,
): CitedAnswersError {
  if (outcome.kind === 'refused') {
    return new CitedAnswersError(
      'invalid-config',
      `Redis at REDIS_URL (${shown}) refused the connection (${sentence(outcome.error.message)}): check the user name, password and database number in REDIS_URL (redis://user:password@host:port/db), ${WHAT_TO_DO}`,
      { cause: outcome.error },
    )
  }
  const reason = outcome.lastError === undefined ? 'no answer' : sentence(outcome.lastError.message)
  return new CitedAnswersError(
    'invalid-config',
    `Could not connect to Redis at REDIS_URL (${shown}) within ${seconds(timeoutMs)} s (${reason}): check that it names a running Redis reachable from here (rediss:// if it takes only TLS), ${WHAT_TO_DO}`,
    outcome.lastError === undefined ? undefined : { cause: outcome.lastError },
  )
}

const seconds = (ms: number) => Math.round(ms / 100) / 10

/** a message of Redis's or Node's, to be quoted inside a sentence */
const sentence = (message: string) => message.trim().replace(/\.$/, '')
