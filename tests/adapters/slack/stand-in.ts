/**
 * A stand-in for Slack on loopback: the Web API (auth.test, chat.postMessage, apps.connections.open…)
 * and response URLs, recording every call; plus requests to the app signed exactly as Slack signs them.
 */
import { createHmac } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '../../../src/logger.ts'

export const BOT_USER_ID = 'U0BOT'
export const BOT_ID = 'B0BOT'
export const TEAM_ID = 'T1234'

/** One call to the Web API or to a response URL, as the stand-in received it. */
export interface RecordedCall {
  /** the Web API method (`chat.postMessage`), or `respond` for a response URL */
  method: string
  /** the response URL's name, for `respond` */
  target?: string
  /** the HTTP status the stand-in answered */
  status: number
  /** the token the call was made with (from its Authorization header) */
  token?: string
  /** the Slack error the stand-in answered with (`ok: false`), if it was told to fail */
  error?: string
  body: Record<string, unknown>
}

interface Waiter {
  matches: (call: RecordedCall) => boolean
  resolve: (call: RecordedCall) => void
}

export interface SlackStandIn {
  /** the Web API base URL to give the app (ends with /api/) */
  apiUrl: string
  /** a response URL on the stand-in, named so a test can find what was posted to it */
  responseUrl(name: string): string
  calls: RecordedCall[]
  /** the first call, past or future, that matches */
  waitFor(matches: (call: RecordedCall) => boolean): Promise<RecordedCall>
  /** answer the next call of `method` with 429 and `Retry-After: seconds` */
  rateLimitOnce(method: string, seconds: number): void
  /** answer the next call of `method` with `{ ok: false, error }` */
  failOnce(method: string, error: string): void
  /** answer the next call of `method` only once the function returned is called */
  holdOnce(method: string): () => void
  /** where apps.connections.open sends Socket Mode */
  socketUrl?: string
  close(): Promise<void>
}

/** Read a request's body, with form fields and JSON alike as an object (Web API JSON fields decoded). */
async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks).toString('utf8')
  if ((request.headers['content-type'] ?? '').includes('application/json')) {
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
  }
  const body: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(raw)) {
    body[key] = key === 'blocks' || key === 'attachments' ? JSON.parse(value) : value
  }
  return body
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return (server.address() as AddressInfo).port
}

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: RecordedCall[] = []
  const waiters: Waiter[] = []
  const rateLimits = new Map<string, number>()
  const failures = new Map<string, string>()
  const holds = new Map<string, Promise<void>>()
  let messages = 0
  const standIn: SlackStandIn = {
    apiUrl: '',
    responseUrl: (name) => `${standIn.apiUrl.replace(/api\/$/, '')}respond/${name}`,
    calls,
    waitFor(matches) {
      const past = calls.find(matches)
      if (past) return Promise.resolve(past)
      return new Promise((resolve) => waiters.push({ matches, resolve }))
    },
    rateLimitOnce: (method, seconds) => rateLimits.set(method, seconds),
    failOnce: (method, error) => failures.set(method, error),
    holdOnce(method) {
      let release = () => {}
      holds.set(
        method,
        new Promise((resolve) => {
          release = resolve
        }),
      )
      return () => release()
    },
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
  const recordCall = (call: RecordedCall) => {
    calls.push(call)
    for (const waiter of [...waiters]) {
      if (!waiter.matches(call)) continue
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve(call)
    }
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
      res.end(JSON.stringify(json))
    }
    if (path.startsWith('/respond/')) {
      recordCall({ method: 'respond', target: path.slice('/respond/'.length), status: 200, body })
      reply(200, { ok: true })
      return
    }
    const method = path.replace(/^\/api\//, '')
    const hold = holds.get(method)
    if (hold) {
      holds.delete(method)
      await hold
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '')
    const record = (call: RecordedCall) => recordCall(token ? { ...call, token } : call)
    const retryAfter = rateLimits.get(method)
    if (retryAfter !== undefined) {
      rateLimits.delete(method)
      record({ method, status: 429, body })
      reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(retryAfter) })
      return
    }
    const failure = failures.get(method)
    if (failure !== undefined) {
      failures.delete(method)
      record({ method, status: 200, error: failure, body })
      reply(200, { ok: false, error: failure })
      return
    }
    record({ method, status: 200, body })
    switch (method) {
      case 'auth.test':
        reply(200, {
          ok: true,
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
          team_id: TEAM_ID,
          user: 'cited-answers',
        })
        return
      case 'chat.postMessage':
        messages += 1
        reply(200, { ok: true, channel: body.channel, ts: `1700000000.${String(messages).padStart(6, '0')}` })
        return
      case 'oauth.v2.access': {
        // the code names the workspace being installed in (`install-T2000` installs in T2000), so a test
        // can install in as many as it likes
        const team = String(body.code ?? '').replace(/^install-/, '') || 'T0NONE'
        reply(200, {
          ok: true,
          app_id: 'A1234',
          authed_user: { id: 'U0INSTALLER' },
          scope: 'commands,app_mentions:read,chat:write,im:history',
          token_type: 'bot',
          access_token: `xoxb-${team}-installed`,
          bot_user_id: BOT_USER_ID,
          team: { id: team, name: `Workspace ${team}` },
          enterprise: null,
          is_enterprise_install: false,
        })
        return
      }
      case 'apps.connections.open':
        reply(200, { ok: true, url: standIn.socketUrl })
        return
      default:
        reply(200, { ok: true })
    }
  })
  standIn.apiUrl = `http://127.0.0.1:${await listen(server)}/api/`
  return standIn
}

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:timestamp:body` with the signing secret. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

export interface SlackRequest {
  /** the raw body: form fields for slash commands and interactivity, JSON for events */
  body: string
  contentType: 'application/x-www-form-urlencoded' | 'application/json'
  secret: string
  /** seconds since the epoch; now unless given */
  timestamp?: number
  /** replaces the computed signature; `null` sends none */
  signature?: string | null
  headers?: Record<string, string>
}

/** POST a request to the app's /slack/events as Slack would; resolves with the status and body. */
export async function sendToApp(
  port: number,
  message: SlackRequest,
): Promise<{ status: number; text: string }> {
  const timestamp = message.timestamp ?? Math.floor(Date.now() / 1000)
  const signed =
    message.signature === undefined ? signature(message.secret, timestamp, message.body) : message.signature
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/slack/events',
    method: 'POST',
    // no keep-alive: nothing stays open once the test is done
    agent: false,
    headers: {
      'Content-Type': message.contentType,
      'Content-Length': Buffer.byteLength(message.body),
      'X-Slack-Request-Timestamp': String(timestamp),
      ...(signed === null ? {} : { 'X-Slack-Signature': signed }),
      ...message.headers,
    },
  })
  req.end(message.body)
  const [response] = (await once(req, 'response')) as [IncomingMessage]
  const chunks: Buffer[] = []
  for await (const chunk of response) chunks.push(chunk as Buffer)
  return { status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }
}

/** Form-encode a slash command or an interactivity payload (`payload=` + JSON) as Slack does. */
export const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

export interface RecordingLogger extends Logger {
  lines: string[]
  /** the first line, past or future, that matches */
  waitFor(pattern: RegExp): Promise<string>
}

/** A logger that keeps every line, so a test can await what the adapter reports. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = []
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  const add = (line: string) => {
    lines.push(line)
    for (const waiter of [...waiters]) {
      if (!waiter.pattern.test(line)) continue
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve(line)
    }
  }
  return {
    lines,
    info: (message) => add(`info: ${message}`),
    warn: (message) => add(`warn: ${message}`),
    error: (message, error) => add(`error: ${message}${error instanceof Error ? `: ${error.message}` : ''}`),
    waitFor(pattern) {
      const past = lines.find((line) => pattern.test(line))
      if (past) return Promise.resolve(past)
      return new Promise((resolve) => waiters.push({ pattern, resolve }))
    },
  }
}
