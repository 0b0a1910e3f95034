/**
 * One bot installed in many workspaces: Slack's OAuth install flow through Bolt's InstallProvider
 * (/slack/install, /slack/oauth_redirect, oauth.v2.access on the Slack stand-in), each workspace answered
 * with its own bot token, and an uninstalled workspace forgotten.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.ts'
import { createStoreInstallationStore } from '../../../adapters/slack/installations.ts'
import { createFeedbackLog } from '../../../src/feedback.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { createEmbeddedStore } from '../../../src/store/embedded.ts'
import type { EventStore } from '../../../src/store/store.ts'
import {
  BOT_USER_ID,
  type RecordingLogger,
  recordingLogger,
  type SlackStandIn,
  sendToApp,
  startSlackStandIn,
} from './stand-in.ts'

const SECRET = 'oauth-test-signing-secret'

/** GET a path of the app; resolves with the status, headers and body. */
function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number
    headers: Record<string, string | string[] | undefined>
    body: string
  }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const mention = (team: string, ts: string) => {
  const fixture = JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures', 'app-mention.json'), 'utf8'),
  ) as Record<string, unknown>
  return JSON.stringify({
    ...fixture,
    team_id: team,
    event_id: `Ev${ts}`,
    event: {
      ...(fixture.event as object),
      team,
      ts,
      event_ts: ts,
      text: `<@${BOT_USER_ID}> what does iran contribute?`,
    },
    authorizations: [
      {
        enterprise_id: null,
        team_id: team,
        user_id: BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
  })
}

describe('Slack installed in any number of workspaces', () => {
  let standIn: SlackStandIn
  let adapter: SlackAdapter
  let logger: RecordingLogger
  let port: number
  let folder: string
  let events: EventStore
  /** the bot token kept for a workspace, read back from the event store */
  const tokenOf = async (team: string) => {
    const data = await events.installations.fetch('slack', `team:${team}`)
    return data === undefined ? undefined : (JSON.parse(data) as { bot?: { token?: string } }).bot?.token
  }

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cited-answers-oauth-'))
    events = createEmbeddedStore(join(folder, 'events.sqlite'))
    standIn = await startSlackStandIn()
    logger = recordingLogger()
    adapter = createSlackAdapter({
      kb: loadKnowledge(),
      slack: {
        oauth: {
          clientId: '1234567890.1234567890',
          clientSecret: 'client-secret-for-tests',
          stateSecret: 'a-long-state-secret-for-tests',
        },
        signingSecret: SECRET,
        port: 0,
        apiUrl: standIn.apiUrl,
      },
      feedback: createFeedbackLog(join(folder, 'feedback.jsonl')),
      logger,
      installationStore: createStoreInstallationStore(events.installations),
    })
    await adapter.start()
    port = adapter.port() ?? 0
  })

  afterAll(async () => {
    await adapter?.stop()
    await standIn?.close()
    await events?.close()
    rmSync(folder, { recursive: true, force: true })
  })

  /** Install in `team` as a person would: /slack/install, then Slack's redirect back with a code. */
  async function install(team: string) {
    const start = await get(port, '/slack/install')
    expect(start.status).toBe(302)
    const authorize = new URL(String(start.headers.location))
    expect(authorize.origin + authorize.pathname).toBe('https://slack.com/oauth/v2/authorize')
    expect(authorize.searchParams.get('client_id')).toBe('1234567890.1234567890')
    expect(authorize.searchParams.get('scope')).toBe('commands,app_mentions:read,chat:write,im:history')
    const state = authorize.searchParams.get('state') ?? ''
    const cookie = String(start.headers['set-cookie'] ?? '').split(';')[0] ?? ''
    const back = await get(
      port,
      `/slack/oauth_redirect?code=install-${team}&state=${encodeURIComponent(state)}`,
      {
        cookie,
      },
    )
    return back
  }

  it('installs through /slack/install and oauth.v2.access, keeping the workspace token', async () => {
    const done = await install('T2000')
    expect(done.status).toBe(200)
    expect(
      standIn.calls.some((call) => call.method === 'oauth.v2.access' && call.body.code === 'install-T2000'),
    ).toBe(true)
    expect(await tokenOf('T2000')).toBe('xoxb-T2000-installed')
  })

  it('refuses a redirect whose state it did not issue', async () => {
    const forged = await get(port, '/slack/oauth_redirect?code=install-T6666&state=forged')
    expect(forged.status).not.toBe(200)
    expect(await tokenOf('T6666')).toBeUndefined()
  })

  it("answers each workspace with that workspace's own token", async () => {
    await install('T3000')
    for (const [team, ts] of [
      ['T2000', '1700000500.000100'],
      ['T3000', '1700000600.000100'],
    ] as const) {
      const sent = await sendToApp(port, {
        body: mention(team, ts),
        contentType: 'application/json',
        secret: SECRET,
      })
      expect(sent.status).toBe(200)
      const posted = await standIn.waitFor(
        (call) => call.method === 'chat.postMessage' && call.body.thread_ts === ts,
      )
      expect(posted.token).toBe(`xoxb-${team}-installed`)
    }
  })

  it('answers nothing for a workspace it was never installed in', async () => {
    const ts = '1700000700.000100'
    const sent = await sendToApp(port, {
      body: mention('T9999', ts),
      contentType: 'application/json',
      secret: SECRET,
    })
    expect(sent.status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(
      standIn.calls.some((call) => call.method === 'chat.postMessage' && call.body.thread_ts === ts),
    ).toBe(false)
  })

  it('forgets a workspace that uninstalls the app', async () => {
    const body = JSON.stringify({
      token: 'unused',
      team_id: 'T3000',
      api_app_id: 'A1234',
      event: { type: 'app_uninstalled', event_ts: '1700000800.000100' },
      type: 'event_callback',
      event_id: 'EvUninstall',
      event_time: 1700000800,
    })
    expect((await sendToApp(port, { body, contentType: 'application/json', secret: SECRET })).status).toBe(
      200,
    )
    await logger.waitFor(/forgot the installation of workspace T3000/)
    expect(await tokenOf('T3000')).toBeUndefined()
    expect(await tokenOf('T2000')).toBe('xoxb-T2000-installed')
  })
})
