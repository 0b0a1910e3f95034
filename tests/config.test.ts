import { describe, expect, it } from 'vitest'
import { readConfig, readServiceConfig, userCacheDir } from '../src/config.ts'
import { CitedAnswersError } from '../src/errors.ts'

type Environment = Record<string, string | undefined>

const SLACK: Environment = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A1-2-def' }
const DISCORD: Environment = { DISCORD_TOKEN: 'discord-token', DISCORD_APPLICATION_ID: '123456789012345678' }
/** corrections as they are unless configured: on, for answers shown in the last 30 days */
const CORRECTIONS = { corrections: { enabled: true, days: 30 } }

/** the error readConfig throws for an environment; fails the test when it throws none */
function errorOf(env: Environment): CitedAnswersError {
  try {
    readConfig(env)
  } catch (error) {
    if (error instanceof CitedAnswersError) return error
    throw error
  }
  throw new Error(`readConfig accepted ${JSON.stringify(env)}`)
}

describe('reading the configuration', () => {
  it('starts no platform when no token is set, with the default feedback log', () => {
    expect(readConfig({})).toStrictEqual({
      feedbackLog: 'feedback/feedback.jsonl',
      recordUnanswered: true,
      ...CORRECTIONS,
    })
  })

  it('treats empty and blank variables as unset, as a copied .env.example leaves them', () => {
    expect(
      readConfig({
        SLACK_BOT_TOKEN: '',
        SLACK_APP_TOKEN: ' ',
        SLACK_SIGNING_SECRET: '',
        PORT: '',
        DISCORD_TOKEN: '',
        DISCORD_APPLICATION_ID: '',
        DISCORD_MESSAGE_CONTENT: 'false',
        FEEDBACK_LOG: '',
        RECORD_UNANSWERED: '',
        KNOWLEDGE_DIR: '',
        CORRECTIONS: '',
        CORRECTIONS_DAYS: ' ',
      }),
    ).toStrictEqual({ feedbackLog: 'feedback/feedback.jsonl', recordUnanswered: true, ...CORRECTIONS })
  })

  it('reads Slack in Socket Mode with the default port', () => {
    expect(readConfig(SLACK)).toStrictEqual({
      feedbackLog: 'feedback/feedback.jsonl',
      recordUnanswered: true,
      ...CORRECTIONS,
      slack: { botToken: 'xoxb-1-2-abc', appToken: 'xapp-1-A1-2-def', port: 3000, startTimeoutMs: 30_000 },
    })
  })

  it('reads Slack in HTTP mode with a port, a signing secret and an API URL', () => {
    expect(
      readConfig({
        SLACK_BOT_TOKEN: ' xoxb-1-2-abc ',
        SLACK_SIGNING_SECRET: 'secret',
        PORT: '8080',
        SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      }).slack,
    ).toStrictEqual({
      botToken: 'xoxb-1-2-abc',
      signingSecret: 'secret',
      port: 8080,
      startTimeoutMs: 30_000,
      apiUrl: 'http://127.0.0.1:9999/api/',
    })
  })

  it('reads Discord with the default prefix and without message content', () => {
    expect(readConfig(DISCORD)).toStrictEqual({
      feedbackLog: 'feedback/feedback.jsonl',
      recordUnanswered: true,
      ...CORRECTIONS,
      discord: {
        token: 'discord-token',
        applicationId: '123456789012345678',
        messageContent: false,
        startTimeoutMs: 30_000,
        prefix: '!ask',
      },
    })
  })

  it('reads START_TIMEOUT_SECONDS for both platforms', () => {
    const config = readConfig({ ...SLACK, ...DISCORD, START_TIMEOUT_SECONDS: '7.5' })
    expect([config.slack?.startTimeoutMs, config.discord?.startTimeoutMs]).toEqual([7500, 7500])
  })

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['No', false],
  ])('reads DISCORD_MESSAGE_CONTENT=%s as %s', (value, expected) => {
    expect(readConfig({ ...DISCORD, DISCORD_MESSAGE_CONTENT: value }).discord?.messageContent).toBe(expected)
  })

  it.each([
    ['false', false],
    ['0', false],
    ['true', true],
  ])('reads RECORD_UNANSWERED=%s as %s', (value, expected) => {
    expect(readConfig({ RECORD_UNANSWERED: value }).recordUnanswered).toBe(expected)
  })

  it('reads every Discord option', () => {
    expect(
      readConfig({
        ...DISCORD,
        DISCORD_GUILD_ID: '987654321098765432',
        DISCORD_PREFIX: '?q',
        DISCORD_API_URL: 'https://discord.test/api',
        DISCORD_MESSAGE_CONTENT: 'true',
      }).discord,
    ).toStrictEqual({
      token: 'discord-token',
      applicationId: '123456789012345678',
      guildId: '987654321098765432',
      apiUrl: 'https://discord.test/api',
      messageContent: true,
      startTimeoutMs: 30_000,
      prefix: '?q',
    })
  })

  it('reads both platforms, the knowledge directory and the feedback log together', () => {
    const config = readConfig({
      ...SLACK,
      ...DISCORD,
      KNOWLEDGE_DIR: '/srv/kb',
      FEEDBACK_LOG: '/var/log/votes.jsonl',
      RECORD_UNANSWERED: 'no',
    })
    expect(Object.keys(config).sort()).toEqual([
      'corrections',
      'discord',
      'feedbackLog',
      'knowledgeDir',
      'mirrorFeedbackLog',
      'recordUnanswered',
      'slack',
    ])
    expect(config.recordUnanswered).toBe(false)
    expect(config.knowledgeDir).toBe('/srv/kb')
    expect(config.feedbackLog).toBe('/var/log/votes.jsonl')
    // set, FEEDBACK_LOG is appended to beside the event store
    expect(config.mirrorFeedbackLog).toBe(true)
  })
})

describe('refusing a bad configuration, naming the variable and what to set it to', () => {
  it.each<[string, Environment, string]>([
    [
      'a Slack bot token without the xoxb- prefix',
      { ...SLACK, SLACK_BOT_TOKEN: 'xoxp-user-token' },
      'SLACK_BOT_TOKEN must be the Bot User OAuth Token, which starts with "xoxb-"; check you copied the right token',
    ],
    [
      'a Slack app token without the xapp- prefix',
      { ...SLACK, SLACK_APP_TOKEN: 'xoxb-1-2-abc' },
      'SLACK_APP_TOKEN must be an app-level token with the connections:write scope, which starts with "xapp-"; check you copied the right token',
    ],
    [
      'neither an app token nor a signing secret',
      { SLACK_BOT_TOKEN: 'xoxb-1-2-abc' },
      'Slack needs SLACK_APP_TOKEN (xapp-…, Socket Mode, no public URL) or SLACK_SIGNING_SECRET (HTTP mode); set one of them',
    ],
    [
      'an app token without a bot token',
      { SLACK_APP_TOKEN: 'xapp-1-A1-2-def' },
      'SLACK_BOT_TOKEN is missing: set it to the Bot User OAuth Token (xoxb-…) from the Slack app page, or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install the app in any number of workspaces',
    ],
    [
      'a bot token and the install flow both',
      {
        ...SLACK,
        SLACK_CLIENT_ID: '1234567890.1234567890',
        SLACK_CLIENT_SECRET: 'client-secret',
        SLACK_STATE_SECRET: 'a-long-state-secret',
      },
      'Set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (any number of workspaces, installed through /slack/install), not both',
    ],
    [
      'half the install flow',
      { SLACK_CLIENT_ID: '1234567890.1234567890', SLACK_SIGNING_SECRET: 'shh' },
      "Installing in any number of workspaces needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET; SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are missing (the first two are on the app's Basic Information page; the state secret is any long random string you choose)",
    ],
    [
      'a short state secret',
      {
        SLACK_CLIENT_ID: '1234567890.1234567890',
        SLACK_CLIENT_SECRET: 'client-secret',
        SLACK_STATE_SECRET: 'short',
        SLACK_SIGNING_SECRET: 'shh',
      },
      'SLACK_STATE_SECRET must be at least 16 characters: a long random string only the bot knows',
    ],
    [
      'a port that is not a number',
      { ...SLACK, PORT: 'http' },
      'PORT must be a port number from 0 to 65535; got "http"',
    ],
    [
      'a port out of range',
      { ...SLACK, PORT: '70000' },
      'PORT must be a port number from 0 to 65535; got "70000"',
    ],
    [
      'a fractional port',
      { ...SLACK, PORT: '80.5' },
      'PORT must be a port number from 0 to 65535; got "80.5"',
    ],
    [
      'a Slack API URL that is not http',
      { ...SLACK, SLACK_API_URL: 'ftp://slack.test/api/' },
      'SLACK_API_URL must be an http(s) URL, like https://slack.com/api/; got ftp://slack.test/api/',
    ],
    [
      'a Slack API URL that is not a URL',
      { ...SLACK, SLACK_API_URL: 'slack.com/api' },
      'SLACK_API_URL must be an http(s) URL, like https://slack.com/api/; got a value of 13 characters that is not a URL',
    ],
    [
      'a Discord application ID without a token',
      { DISCORD_APPLICATION_ID: '123456789012345678' },
      'DISCORD_TOKEN is missing: set it to the bot token from the Discord developer portal (Bot page)',
    ],
    [
      'a Discord token without an application ID',
      { DISCORD_TOKEN: 'discord-token' },
      'DISCORD_APPLICATION_ID is missing: set it to the Application ID from the General Information page',
    ],
    [
      'a Discord application ID that is not numeric',
      { ...DISCORD, DISCORD_APPLICATION_ID: 'my-bot' },
      'DISCORD_APPLICATION_ID must be the numeric Application ID; got "my-bot"',
    ],
    [
      'a Discord guild ID that is not numeric',
      { ...DISCORD, DISCORD_GUILD_ID: 'my server' },
      'DISCORD_GUILD_ID must be a numeric server ID; got "my server"',
    ],
    [
      'a Discord message-content flag that is not a boolean',
      { ...DISCORD, DISCORD_MESSAGE_CONTENT: 'maybe' },
      'DISCORD_MESSAGE_CONTENT must be true or false; got "maybe"',
    ],
    [
      'a RECORD_UNANSWERED that is not a boolean',
      { RECORD_UNANSWERED: 'sometimes' },
      'RECORD_UNANSWERED must be true or false; got "sometimes"',
    ],
    [
      'a Discord API URL that is not http',
      { ...DISCORD, DISCORD_API_URL: 'ws://discord.test' },
      'DISCORD_API_URL must be an http(s) URL, like https://discord.com/api; got ws://discord.test/',
    ],
    [
      'a Slack API URL carrying credentials, without echoing them',
      { ...SLACK, SLACK_API_URL: 'ftp://admin:hunter2@slack.test/api/?token=xoxb-secret' },
      'SLACK_API_URL must be an http(s) URL, like https://slack.com/api/; got ftp://slack.test/api/ (credentials, query and fragment not shown)',
    ],
    [
      'a start-up timeout that is not a number of seconds',
      { ...SLACK, START_TIMEOUT_SECONDS: 'soon' },
      'START_TIMEOUT_SECONDS must be a number of seconds from 1 to 3600; got "soon"',
    ],
  ])('refuses %s', (_, env, message) => {
    const error = errorOf(env)
    expect(error.code).toBe('invalid-config')
    expect(error.message).toBe(message)
  })
})

describe('the user cache folder a snapshot falls back to', () => {
  it('is under XDG_CACHE_HOME when that is an absolute path', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }, 'linux', '/home/me')).toBe(
      '/var/cache/me/cited-answers',
    )
  })

  it('ignores a relative XDG_CACHE_HOME, as the XDG spec asks, and uses ~/.cache', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/me')).toBe(
      '/home/me/.cache/cited-answers',
    )
  })

  it('is ~/Library/Caches on macOS', () => {
    expect(userCacheDir({}, 'darwin', '/Users/me')).toBe('/Users/me/Library/Caches/cited-answers')
  })

  it('is under LOCALAPPDATA on Windows, and none without it', () => {
    expect(userCacheDir({ LOCALAPPDATA: '/c/Users/me/AppData/Local' }, 'win32', '/c/Users/me')).toBe(
      '/c/Users/me/AppData/Local/cited-answers',
    )
    expect(userCacheDir({}, 'win32', '/c/Users/me')).toBeUndefined()
  })

  it('is none without a home folder', () => {
    expect(userCacheDir({}, 'linux', '')).toBeUndefined()
  })
})

describe('readConfig: Slack installed in any number of workspaces', () => {
  it('takes the install flow instead of a bot token', () => {
    expect(
      readConfig({
        SLACK_CLIENT_ID: '1234567890.1234567890',
        SLACK_CLIENT_SECRET: 'client-secret',
        SLACK_STATE_SECRET: 'a-long-state-secret',
        SLACK_SIGNING_SECRET: 'shh',
      }).slack,
    ).toStrictEqual({
      oauth: {
        clientId: '1234567890.1234567890',
        clientSecret: 'client-secret',
        stateSecret: 'a-long-state-secret',
      },
      signingSecret: 'shh',
      port: 3000,
      startTimeoutMs: 30_000,
    })
  })
})

describe('corrections', () => {
  it.each([
    [{ CORRECTIONS: 'false' }, { enabled: false, days: 30 }],
    [
      { CORRECTIONS: 'yes', CORRECTIONS_DAYS: '7' },
      { enabled: true, days: 7 },
    ],
    [{ CORRECTIONS_DAYS: '365' }, { enabled: true, days: 365 }],
  ])('reads %j', (env, expected) => {
    expect(readConfig(env).corrections).toEqual(expected)
  })

  it.each(['0', '366', '2.5', 'a week'])('refuses CORRECTIONS_DAYS=%s, saying what to set', (days) => {
    expect(errorOf({ CORRECTIONS_DAYS: days }).message).toBe(
      `CORRECTIONS_DAYS must be a whole number of days from 1 to 365; got "${days}"`,
    )
  })

  it('refuses a CORRECTIONS that is not true or false', () => {
    expect(errorOf({ CORRECTIONS: 'sometimes' }).message).toBe(
      'CORRECTIONS must be true or false; got "sometimes"',
    )
  })
})

describe('readServiceConfig', () => {
  it('has defaults that need no set-up', () => {
    expect(readServiceConfig({})).toStrictEqual({
      logLevel: 'info',
      metrics: true,
      shutdownTimeoutMs: 10_000,
      ratePerMinute: 20,
    })
  })

  it('reads every variable', () => {
    expect(
      readServiceConfig({
        LOG_LEVEL: 'DEBUG',
        LOG_FORMAT: 'json',
        HEALTH_PORT: '8081',
        METRICS: 'false',
        SHUTDOWN_TIMEOUT_SECONDS: '25',
        RATE_LIMIT_PER_MINUTE: '0',
        REDIS_URL: 'redis://cache:6379/2',
        CACHE_DIR: '/var/cache/cited-answers',
      }),
    ).toStrictEqual({
      logLevel: 'debug',
      logFormat: 'json',
      healthPort: 8081,
      metrics: false,
      shutdownTimeoutMs: 25_000,
      ratePerMinute: 0,
      redisUrl: 'redis://cache:6379/2',
      cacheDir: '/var/cache/cited-answers',
    })
  })

  it.each([
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error, silent; got "loud"'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT must be one of json, pretty; got "xml"'],
    [{ HEALTH_PORT: '70000' }, 'HEALTH_PORT must be a port number from 0 to 65535; got "70000"'],
    [
      { RATE_LIMIT_PER_MINUTE: '-1' },
      'RATE_LIMIT_PER_MINUTE must be a whole number of questions from 0 to 100000; got "-1"',
    ],
    [
      { CACHE_DIR: 'cache' },
      'CACHE_DIR must be an absolute path, like /var/cache/cited-answers; got "cache"',
    ],
    [
      { REDIS_URL: 'http://user:hunter2@cache:6379' },
      'REDIS_URL must be a redis:// or rediss:// URL, like redis://localhost:6379; got http://cache:6379/ (credentials, query and fragment not shown)',
    ],
  ])('refuses %o', (env, message) => {
    expect(() => readServiceConfig(env)).toThrow(message)
  })
})
