/**
 * The bot as an operator runs it: the real entry point in its own process, in Slack's HTTP mode against
 * the local Slack stand-in, with JSON logs, probes and metrics on its port, a per-user limit, and a
 * graceful stop on SIGTERM that lets a reply in progress finish.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmbeddedStore } from '../../src/store/embedded.ts'
import { formBody, type SlackStandIn, sendToApp, startSlackStandIn } from '../adapters/slack/stand-in.ts'
import { type BotProcess, startBotFromSource } from '../helpers/bot-process.ts'
import { freePort } from '../helpers/redis-server.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const SECRET = 'service-test-signing-secret'
const BOT_TOKEN = 'xoxb-service-test-token-0123456789'
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(ROOT, 'tests', 'adapters', 'slack', 'fixtures', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>

const get = async (port: number, path: string) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`)
  return { status: response.status, text: await response.text() }
}

describe('the bot as a service, in its own process (Slack HTTP mode)', () => {
  let standIn: SlackStandIn
  let bot: BotProcess
  let port: number
  let folder: string

  beforeAll(async () => {
    standIn = await startSlackStandIn()
    port = await freePort()
    folder = mkdtempSync(join(tmpdir(), 'cited-answers-service-'))
    bot = startBotFromSource({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: standIn.apiUrl,
      PORT: String(port),
      EVENT_STORE: join(folder, 'events.sqlite'),
      RATE_LIMIT_PER_MINUTE: '3',
      SHUTDOWN_TIMEOUT_SECONDS: '20',
    })
    await bot.waitForLog(/^answering from \d+ claims/)
  }, 60_000)

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL')
    await standIn.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it('logs JSON lines with levels and times, and never a token', () => {
    expect(bot.lines.length).toBeGreaterThan(2)
    for (const line of bot.lines) {
      expect(['debug', 'info', 'warn', 'error']).toContain(line.level)
      expect(typeof line.time).toBe('string')
    }
    expect(bot.raw.join('\n')).not.toContain(BOT_TOKEN)
    expect(bot.raw.join('\n')).not.toContain(SECRET)
  })

  it('answers /healthz and /readyz beside /slack/events', async () => {
    expect(await get(port, '/healthz')).toEqual({ status: 200, text: '{"status":"ok"}\n' })
    const ready = await get(port, '/readyz')
    expect(ready.status).toBe(200)
    expect(JSON.parse(ready.text)).toEqual({
      status: 'ready',
      checks: { knowledge: true, slack: true, accepting: true },
    })
  })

  it('refuses a user past their allowance, kindly, and counts it in /metrics', async () => {
    let sent = 0
    const ask = (user: string) => {
      sent += 1
      return sendToApp(port, {
        body: formBody({
          ...(fixture('slash-command') as Record<string, string>),
          // each request its own: one sent twice in the same second is a replay, and is refused
          trigger_id: `trigger-${sent}`,
          user_id: user,
          text: 'what does iran contribute?',
        }),
        contentType: 'application/x-www-form-urlencoded',
        secret: SECRET,
      })
    }
    const replies = []
    for (let question = 0; question < 4; question += 1) replies.push(await ask('U0LIMITED'))
    const texts = replies.map((reply) => (JSON.parse(reply.text) as { text: string }).text)
    expect(texts.slice(0, 3).every((text) => text.includes('iran'))).toBe(true)
    expect(texts[3]).toMatch(/^You're asking faster than I can keep up with\. Try again in \d+ seconds?\.$/)
    // another user is not held back by the first
    expect((JSON.parse((await ask('U0OTHER')).text) as { text: string }).text).toContain('iran')

    const metrics = await get(port, '/metrics')
    expect(metrics.status).toBe(200)
    expect(metrics.text).toContain('cited_answers_questions_total{platform="slack",outcome="answered"} 4')
    expect(metrics.text).toContain('cited_answers_rate_limited_total{platform="slack"} 1')
    expect(metrics.text).toMatch(/cited_answers_reply_seconds_count\{platform="slack"\} 4/)
    expect(metrics.text).toContain('cited_answers_process_resident_memory_bytes')

    // each answer went to the event store, private to its asker: a recap shows it to them alone
    const events = createEmbeddedStore(join(folder, 'events.sqlite'))
    try {
      const recapFor = (viewer: string) =>
        events.recap({
          scope: {
            platform: 'slack',
            workspace: 'T1234',
            channel: String(fixture('slash-command').channel_id),
          },
          since: new Date(Date.now() - 60_000),
          viewer,
        })
      expect(await recapFor('U0LIMITED')).toEqual([
        expect.objectContaining({ question: 'what does iran contribute?', seen: 'private', asked: 3 }),
      ])
      expect(await recapFor('U0SOMEONE')).toEqual([])
    } finally {
      await events.close()
    }
  })

  it('on SIGTERM stops taking requests, finishes the reply in progress, and exits 0', async () => {
    // the reply to this mention is held by Slack's stand-in until released
    const release = standIn.holdOnce('chat.postMessage')
    const mention = fixture('app-mention')
    const event = { ...(mention.event as Record<string, unknown>), ts: '1700000999.000100' }
    const sent = await sendToApp(port, {
      body: JSON.stringify({ ...mention, event, event_id: 'EvStop' }),
      contentType: 'application/json',
      secret: SECRET,
    })
    expect(sent.status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 300))
    bot.child.kill('SIGTERM')
    await bot.waitForLog(/^SIGTERM received/)
    // no new requests: the port no longer takes connections
    await expect(get(port, '/healthz')).rejects.toThrow()
    expect(bot.child.exitCode).toBeNull()
    release()
    const posted = await standIn.waitFor(
      (call) => call.method === 'chat.postMessage' && call.body.channel === 'C1234',
    )
    expect(JSON.stringify(posted.body)).toContain('Iran')
    expect(await bot.exit).toBe(0)
    expect(bot.lines.at(-1)?.msg).toBe('stopped')
  }, 30_000)
})
