/**
 * The least of Slack that `npm run bench` needs to drive the bot in HTTP mode on loopback: the Web API
 * methods it calls (auth.test, chat.postMessage) and response URLs, every call recorded; and slash
 * commands and button presses sent to the bot, signed as Slack signs them. The tests' fuller stand-in (tests/adapters/slack/stand-in.ts) also
 * fails, holds and rate-limits calls; the bench needs none of that.
 */
import { createHmac } from 'node:crypto'
import { once } from 'node:events'
import { type Agent, createServer, type IncomingMessage, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One call to the Web API or to a response URL, as the stand-in received it. */
export interface SlackCall {
  /** the Web API method (`chat.postMessage`), or `respond` for a response URL */
  method: string
  /** the response URL's name, for `respond` */
  target?: string
  body: Record<string, unknown>
}

export interface SlackStandIn {
  /** the Web API base URL to give the bot (SLACK_API_URL; ends with /api/) */
  apiUrl: string
  /** a response URL on the stand-in, named so that what is posted to it can be found */
  responseUrl(name: string): string
  calls: SlackCall[]
  /** the first call, past or future, that matches */
  waitFor(matches: (call: SlackCall) => boolean): Promise<SlackCall>
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks).toString('utf8')
  if ((request.headers['content-type'] ?? '').includes('application/json')) {
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
  }
  return Object.fromEntries(new URLSearchParams(raw))
}

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: SlackCall[] = []
  const waiters: Array<{ matches: (call: SlackCall) => boolean; resolve: (call: SlackCall) => void }> = []
  let messages = 0
  const record = (call: SlackCall) => {
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
    const reply = (json: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(json))
    }
    if (path.startsWith('/respond/')) {
      record({ method: 'respond', target: path.slice('/respond/'.length), body })
      reply({ ok: true })
      return
    }
    const method = path.replace(/^\/api\//, '')
    record({ method, body })
    if (method === 'auth.test') {
      reply({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0BENCH', user: 'cited-answers' })
    } else if (method === 'chat.postMessage') {
      messages += 1
      reply({ ok: true, channel: body.channel, ts: `1700000000.${String(messages).padStart(6, '0')}` })
    } else reply({ ok: true })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  return {
    apiUrl: `${base}api/`,
    responseUrl: (name) => `${base}respond/${name}`,
    calls,
    waitFor(matches) {
      const past = calls.find(matches)
      if (past) return Promise.resolve(past)
      return new Promise((resolve) => waiters.push({ matches, resolve }))
    },
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

/** What a request from Slack says: who, where, and the response URL for replies after the acknowledgement. */
export interface SlackRequestFields {
  team: string
  channel: string
  user: string
  /** unique to this request, so that none is taken for a replay of another */
  id: string
  responseUrl: string
}

/** A slash command's body, as Slack posts it (form fields). */
export function slashCommandBody(fields: SlackRequestFields & { command: string; text: string }): string {
  return formBody({
    token: 'stand-in-verification-token',
    team_id: fields.team,
    team_domain: 'stand-in',
    channel_id: fields.channel,
    channel_name: 'stand-in',
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: 'A0STANDIN',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: `trigger-${fields.id}`,
  })
}

/** A press of a button under a private (ephemeral) answer, as Slack posts it (a form field of JSON). */
export function buttonPressBody(fields: SlackRequestFields & { actionId: string; value: string }): string {
  const user = { id: fields.user, username: fields.user.toLowerCase(), name: fields.user.toLowerCase() }
  const payload = {
    type: 'block_actions',
    user: { ...user, team_id: fields.team },
    api_app_id: 'A0STANDIN',
    token: 'stand-in-verification-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: fields.channel,
      is_ephemeral: true,
    },
    trigger_id: `trigger-${fields.id}`,
    team: { id: fields.team, domain: 'stand-in' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: fields.channel, name: 'stand-in' },
    state: { values: {} },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: 'answer-actions',
        text: { type: 'plain_text', text: fields.actionId, emoji: true },
        value: fields.value,
        type: 'button',
        action_ts: fields.id,
      },
    ],
  }
  return formBody({ payload: JSON.stringify(payload) })
}

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:timestamp:body` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

export interface SignedRequest {
  /** form fields for slash commands and interactivity, JSON for events */
  body: string
  contentType: 'application/x-www-form-urlencoded' | 'application/json'
  secret: string
  /** seconds since the epoch; now unless given */
  timestamp?: number
}

/** POST a signed request to the bot's /slack/events as Slack would; resolves with the status and body. */
export async function sendToBot(
  port: number,
  message: SignedRequest,
  agent?: Agent,
): Promise<{ status: number; text: string }> {
  const timestamp = message.timestamp ?? Math.floor(Date.now() / 1000)
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/slack/events',
    method: 'POST',
    agent: agent ?? false,
    headers: {
      'Content-Type': message.contentType,
      'Content-Length': Buffer.byteLength(message.body),
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': slackSignature(message.secret, timestamp, message.body),
    },
  })
  req.end(message.body)
  const [response] = (await once(req, 'response')) as [IncomingMessage]
  const chunks: Buffer[] = []
  for await (const chunk of response) chunks.push(chunk as Buffer)
  return { status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }
}
