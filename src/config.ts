/**
 * Reads the bot's configuration from an environment (a plain object, so it can be tested) and says
 * exactly which variable is wrong and what to set it to. Nothing bad is discovered at question time.
 */
import { isAbsolute, join } from 'node:path'
import { CitedAnswersError } from './errors.ts'

/** Slack's OAuth install flow, for a bot installed in any number of workspaces. */
export interface SlackOAuthConfig {
  clientId: string
  clientSecret: string
  /** signs the state parameter of each install, so an install cannot be forged or replayed */
  stateSecret: string
}

export interface SlackConfig {
  /** one workspace: its Bot User OAuth Token; unset when `oauth` is (each workspace's token is then stored) */
  botToken?: string
  /** any number of workspaces: installed through /slack/install, their tokens kept in the event store */
  oauth?: SlackOAuthConfig
  /** Socket Mode when set; HTTP mode otherwise */
  appToken?: string
  /** required in HTTP mode: verifies that requests come from Slack */
  signingSecret?: string
  port: number
  apiUrl?: string
  /** how long start-up may take to connect before the bot says what failed and exits (START_TIMEOUT_SECONDS) */
  startTimeoutMs?: number
}

export interface DiscordConfig {
  token: string
  applicationId: string
  guildId?: string
  apiUrl?: string
  /** the privileged Message Content intent is enabled for the bot in the developer portal */
  messageContent: boolean
  prefix: string
  /** how long start-up may take to connect before the bot says what failed and exits (START_TIMEOUT_SECONDS) */
  startTimeoutMs?: number
}

/** Notes posted where an answer was shown when a claim it cited changes or is withdrawn. */
export interface CorrectionsConfig {
  /** post them (CORRECTIONS); when off, the claims are still recorded at each start */
  enabled: boolean
  /** follow up answers shown in this many days before a start (CORRECTIONS_DAYS) */
  days: number
}

export interface Config {
  knowledgeDir?: string
  feedbackLog: string
  /** where history is kept: a PostgreSQL URL (DATABASE_URL), else a SQLite file (EVENT_STORE) */
  eventStore?: string
  /** FEEDBACK_LOG was set: votes and declined questions are appended there too, as plain JSON lines */
  mirrorFeedbackLog?: boolean
  /** questions nothing answered go to the feedback log too, for the curators (RECORD_UNANSWERED) */
  recordUnanswered: boolean
  slack?: SlackConfig
  discord?: DiscordConfig
  /** as readConfig reads it; a configuration made without it (in a test) runs no correction pass */
  corrections?: CorrectionsConfig
}

type Environment = Readonly<Record<string, string | undefined>>

const invalid = (message: string) => new CitedAnswersError('invalid-config', message)

function optional(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

function flag(env: Environment, name: string, fallback: boolean): boolean {
  const value = optional(env, name)
  if (value === undefined) return fallback
  if (!/^(true|false|1|0|yes|no)$/i.test(value))
    throw invalid(`${name} must be true or false; got "${value}"`)
  return /^(true|1|yes)$/i.test(value)
}

/**
 * A value as an error message may show it: a URL without the credentials, query or fragment it may carry,
 * anything else only by its length, since a mistyped URL may be a token pasted in the wrong place.
 */
function shownSafely(value: string): string {
  try {
    const parsed = new URL(value)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.username || parsed.password || parsed.search || parsed.hash ? ' (credentials, query and fragment not shown)' : ''}`
  } catch {
    return `a value of ${value.length} characters that is not a URL`
  }
}

function url(env: Environment, name: string, example: string): string | undefined {
  const value = optional(env, name)
  if (value === undefined) return undefined
  let parsed: URL | undefined
  try {
    parsed = new URL(value)
  } catch {
    parsed = undefined
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw invalid(`${name} must be an http(s) URL, like ${example}; got ${shownSafely(value)}`)
  }
  return value
}

/** START_TIMEOUT_SECONDS: how long connecting to Slack or Discord may take at start-up */
function startTimeoutMs(env: Environment): number {
  const text = optional(env, 'START_TIMEOUT_SECONDS') ?? '30'
  const seconds = Number(text)
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw invalid(
      `START_TIMEOUT_SECONDS must be a number of seconds from 1 to 3600; got "${text.slice(0, 20)}"`,
    )
  }
  return Math.round(seconds * 1000)
}

function prefixed(env: Environment, name: string, prefix: string, what: string): string | undefined {
  const value = optional(env, name)
  if (value !== undefined && !value.startsWith(prefix)) {
    throw invalid(`${name} must be ${what}, which starts with "${prefix}"; check you copied the right token`)
  }
  return value
}

function readSlack(env: Environment): SlackConfig | undefined {
  const botToken = prefixed(env, 'SLACK_BOT_TOKEN', 'xoxb-', 'the Bot User OAuth Token')
  const appToken = prefixed(
    env,
    'SLACK_APP_TOKEN',
    'xapp-',
    'an app-level token with the connections:write scope',
  )
  const signingSecret = optional(env, 'SLACK_SIGNING_SECRET')
  const oauth = readSlackOAuth(env)
  if (botToken && oauth) {
    throw invalid(
      'Set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (any number of workspaces, installed through /slack/install), not both',
    )
  }
  if (!botToken && !oauth) {
    if (appToken || signingSecret) {
      throw invalid(
        'SLACK_BOT_TOKEN is missing: set it to the Bot User OAuth Token (xoxb-…) from the Slack app page, or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install the app in any number of workspaces',
      )
    }
    return undefined
  }
  if (!appToken && !signingSecret) {
    throw invalid(
      'Slack needs SLACK_APP_TOKEN (xapp-…, Socket Mode, no public URL) or SLACK_SIGNING_SECRET (HTTP mode); set one of them',
    )
  }
  const portText = optional(env, 'PORT') ?? '3000'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalid(`PORT must be a port number from 0 to 65535; got "${portText}"`)
  }
  const apiUrl = url(env, 'SLACK_API_URL', 'https://slack.com/api/')
  return {
    ...(botToken ? { botToken } : {}),
    ...(oauth ? { oauth } : {}),
    port,
    startTimeoutMs: startTimeoutMs(env),
    ...(appToken ? { appToken } : {}),
    ...(signingSecret ? { signingSecret } : {}),
    ...(apiUrl ? { apiUrl } : {}),
  }
}

/** SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: all three, or none. */
function readSlackOAuth(env: Environment): SlackOAuthConfig | undefined {
  const names = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const
  const [clientId, clientSecret, stateSecret] = names.map((name) => optional(env, name))
  if (!clientId && !clientSecret && !stateSecret) return undefined
  const missing = names.filter((_, at) => ![clientId, clientSecret, stateSecret][at])
  if (missing.length > 0 || !clientId || !clientSecret || !stateSecret) {
    throw invalid(
      `Installing in any number of workspaces needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing (the first two are on the app's Basic Information page; the state secret is any long random string you choose)`,
    )
  }
  if (!/^\d+\.\d+$/.test(clientId)) {
    throw invalid(
      `SLACK_CLIENT_ID must be the app's Client ID, like 1234567890.1234567890; got "${clientId.slice(0, 30)}"`,
    )
  }
  if (stateSecret.length < 16) {
    throw invalid(
      'SLACK_STATE_SECRET must be at least 16 characters: a long random string only the bot knows',
    )
  }
  return { clientId, clientSecret, stateSecret }
}

function readDiscord(env: Environment): DiscordConfig | undefined {
  const token = optional(env, 'DISCORD_TOKEN')
  const applicationId = optional(env, 'DISCORD_APPLICATION_ID')
  if (!token && !applicationId) return undefined
  if (!token)
    throw invalid(
      'DISCORD_TOKEN is missing: set it to the bot token from the Discord developer portal (Bot page)',
    )
  if (!applicationId) {
    throw invalid(
      'DISCORD_APPLICATION_ID is missing: set it to the Application ID from the General Information page',
    )
  }
  if (!/^\d{15,25}$/.test(applicationId)) {
    throw invalid(`DISCORD_APPLICATION_ID must be the numeric Application ID; got "${applicationId}"`)
  }
  const guildId = optional(env, 'DISCORD_GUILD_ID')
  if (guildId !== undefined && !/^\d{15,25}$/.test(guildId)) {
    throw invalid(`DISCORD_GUILD_ID must be a numeric server ID; got "${guildId}"`)
  }
  const apiUrl = url(env, 'DISCORD_API_URL', 'https://discord.com/api')
  return {
    token,
    applicationId,
    messageContent: flag(env, 'DISCORD_MESSAGE_CONTENT', false),
    startTimeoutMs: startTimeoutMs(env),
    prefix: optional(env, 'DISCORD_PREFIX') ?? '!ask',
    ...(guildId ? { guildId } : {}),
    ...(apiUrl ? { apiUrl } : {}),
  }
}

/** Where votes and unanswered questions are appended (FEEDBACK_LOG). */
export const feedbackLogPath = (env: Environment): string =>
  optional(env, 'FEEDBACK_LOG') ?? 'feedback/feedback.jsonl'

/**
 * DATABASE_URL (a postgres:// URL, for replicas), else EVENT_STORE (a SQLite file), else nothing: the
 * bot then keeps its history in its default file.
 */
function eventStoreOf(env: Environment): { eventStore?: string } {
  const database = optional(env, 'DATABASE_URL')
  if (database !== undefined) {
    let protocol: string | undefined
    try {
      protocol = new URL(database).protocol
    } catch {
      protocol = undefined
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      throw invalid(
        `DATABASE_URL must be a postgres:// URL, like postgres://user:password@db:5432/cited; got ${shownSafely(database)}`,
      )
    }
    return { eventStore: database }
  }
  const file = optional(env, 'EVENT_STORE')
  return file === undefined ? {} : { eventStore: file }
}

/** CORRECTIONS and CORRECTIONS_DAYS, which `kb corrections` reads too. */
export function readCorrectionsConfig(env: Environment): CorrectionsConfig {
  return {
    enabled: flag(env, 'CORRECTIONS', true),
    days: integerIn(env, 'CORRECTIONS_DAYS', 30, 1, 365, 'a whole number of days'),
  }
}

/** Read and check the configuration; throws an error naming the variable at fault. */
export function readConfig(env: Environment): Config {
  const knowledgeDir = optional(env, 'KNOWLEDGE_DIR')
  const slack = readSlack(env)
  const discord = readDiscord(env)
  return {
    feedbackLog: feedbackLogPath(env),
    recordUnanswered: flag(env, 'RECORD_UNANSWERED', true),
    corrections: readCorrectionsConfig(env),
    ...eventStoreOf(env),
    ...(optional(env, 'FEEDBACK_LOG') ? { mirrorFeedbackLog: true } : {}),
    ...(knowledgeDir ? { knowledgeDir } : {}),
    ...(slack ? { slack } : {}),
    ...(discord ? { discord } : {}),
  }
}

/**
 * The user's own cache folder for this bot, where the start-up snapshot goes when the install cannot be
 * written: XDG_CACHE_HOME when set to an absolute path (as the XDG spec asks), else the platform's usual
 * place. Not the system's temporary folder: a snapshot is trusted without re-checking its quotes, so it
 * must be a folder only the user can write.
 */
export function userCacheDir(env: Environment, platform: NodeJS.Platform, home: string): string | undefined {
  const xdg = optional(env, 'XDG_CACHE_HOME')
  const base =
    xdg && isAbsolute(xdg)
      ? xdg
      : platform === 'win32'
        ? optional(env, 'LOCALAPPDATA')
        : home
          ? join(home, platform === 'darwin' ? 'Library/Caches' : '.cache')
          : undefined
  return base ? join(base, 'cited-answers') : undefined
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
export type LogFormat = 'json' | 'pretty'
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent']

/** How the bot runs as a service: logs, probes, stopping, limits, shared state, writable paths. */
export interface ServiceConfig {
  logLevel: LogLevel
  /** json or pretty; unset means pretty on a terminal, JSON otherwise (LOG_FORMAT) */
  logFormat?: LogFormat
  /** serve /healthz, /readyz and /metrics on this port too (HEALTH_PORT); Slack's HTTP mode serves them on PORT */
  healthPort?: number
  /** serve /metrics (METRICS) */
  metrics: boolean
  /** how long a stop waits for replies in progress (SHUTDOWN_TIMEOUT_SECONDS) */
  shutdownTimeoutMs: number
  /** questions one user may ask per minute; 0 turns the limit off (RATE_LIMIT_PER_MINUTE) */
  ratePerMinute: number
  /** Redis for what replicas and restarts must share: de-duplication and rate limits (REDIS_URL) */
  redisUrl?: string
  /** where the start-up snapshot and the terminal's history go (CACHE_DIR) */
  cacheDir?: string
}

function integerIn(
  env: Environment,
  name: string,
  fallback: number,
  low: number,
  high: number,
  what: string,
) {
  const text = optional(env, name)
  if (text === undefined) return fallback
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < low || value > high) {
    throw invalid(`${name} must be ${what} from ${low} to ${high}; got "${text.slice(0, 20)}"`)
  }
  return value
}

function oneOf<T extends string>(env: Environment, name: string, values: readonly T[]): T | undefined {
  const value = optional(env, name)?.toLowerCase()
  if (value === undefined) return undefined
  if (!values.includes(value as T)) {
    throw invalid(`${name} must be one of ${values.join(', ')}; got "${value.slice(0, 20)}"`)
  }
  return value as T
}

function redisUrl(env: Environment): string | undefined {
  const value = optional(env, 'REDIS_URL')
  if (value === undefined) return undefined
  let protocol: string | undefined
  try {
    protocol = new URL(value).protocol
  } catch {
    protocol = undefined
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw invalid(
      `REDIS_URL must be a redis:// or rediss:// URL, like redis://localhost:6379; got ${shownSafely(value)}`,
    )
  }
  return value
}

/** Read and check how the bot runs as a service; throws an error naming the variable at fault. */
export function readServiceConfig(env: Environment): ServiceConfig {
  const logFormat = oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const)
  const healthPort = optional(env, 'HEALTH_PORT')
    ? integerIn(env, 'HEALTH_PORT', 0, 0, 65535, 'a port number')
    : undefined
  const redis = redisUrl(env)
  const cacheDir = optional(env, 'CACHE_DIR')
  if (cacheDir !== undefined && !isAbsolute(cacheDir)) {
    throw invalid(`CACHE_DIR must be an absolute path, like /var/cache/cited-answers; got "${cacheDir}"`)
  }
  return {
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS) ?? 'info',
    metrics: flag(env, 'METRICS', true),
    shutdownTimeoutMs:
      integerIn(env, 'SHUTDOWN_TIMEOUT_SECONDS', 10, 0, 600, 'a whole number of seconds') * 1000,
    ratePerMinute: integerIn(env, 'RATE_LIMIT_PER_MINUTE', 20, 0, 100_000, 'a whole number of questions'),
    ...(logFormat ? { logFormat } : {}),
    ...(healthPort !== undefined ? { healthPort } : {}),
    ...(redis ? { redisUrl: redis } : {}),
    ...(cacheDir ? { cacheDir } : {}),
  }
}
