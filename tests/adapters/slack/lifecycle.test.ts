/**
 * Starting and stopping the real Bolt app: Socket Mode against a loopback WebSocket standing in for
 * Slack's, the HTTP port released on stop, and tokens Slack rejects reported at start-up.
 */
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type WebSocket, WebSocketServer } from 'ws'
import { createSlackAdapter } from '../../../adapters/slack/index.ts'
import type { SlackBlock } from '../../../adapters/slack/render.ts'
import type { SlackConfig } from '../../../src/config.ts'
import type { FeedbackLog } from '../../../src/feedback.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { silentLogger } from '../../../src/logger.ts'
import { type SlackStandIn, startSlackStandIn } from './stand-in.ts'

const noFeedback: FeedbackLog = { record: async () => {} }

let kb: KnowledgeBase
let standIn: SlackStandIn

beforeAll(async () => {
  kb = loadKnowledge()
  standIn = await startSlackStandIn()
})

afterAll(async () => {
  await standIn?.close()
})

const adapterWith = (slack: Omit<SlackConfig, 'apiUrl'>) =>
  createSlackAdapter({
    kb,
    slack: { ...slack, apiUrl: standIn.apiUrl },
    feedback: noFeedback,
    logger: silentLogger,
  })

/** The next message the app sends over the socket for this envelope. */
function acknowledgement(
  socket: WebSocket,
  envelopeId: string,
): Promise<{ payload: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const listener = (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as {
        envelope_id?: string
        payload: Record<string, unknown>
      }
      if (message.envelope_id !== envelopeId) return
      socket.off('message', listener)
      resolve(message)
    }
    socket.on('message', listener)
  })
}

describe('Socket Mode', () => {
  it('connects with the app token and answers /ask in the acknowledgement over the socket', async () => {
    const sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await once(sockets, 'listening')
    const address = sockets.address()
    if (typeof address !== 'object' || address === null) throw new Error('expected a port')
    standIn.socketUrl = `ws://127.0.0.1:${address.port}/link`
    const connection = once(sockets, 'connection') as Promise<[WebSocket]>

    const adapter = adapterWith({ botToken: 'xoxb-test', appToken: 'xapp-test', port: 0 })
    const starting = adapter.start()
    const [socket] = await connection
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1234' } }))
    await starting
    try {
      const open = standIn.calls.find((call) => call.method === 'apps.connections.open')
      expect(open?.token).toBe('xapp-test')
      expect(adapter.port()).toBeUndefined()

      const fields = JSON.parse(
        readFileSync(join(import.meta.dirname, 'fixtures', 'slash-command.json'), 'utf8'),
      ) as Record<string, string>
      const acked = acknowledgement(socket, 'envelope-1')
      socket.send(
        JSON.stringify({
          envelope_id: 'envelope-1',
          type: 'slash_commands',
          accepts_response_payload: true,
          payload: fields,
        }),
      )
      const { payload } = await acked
      expect(payload.response_type).toBe('ephemeral')
      const blocks = payload.blocks as SlackBlock[]
      expect(blocks[3]).toEqual({
        type: 'section',
        text: { type: 'mrkdwn', text: '> IRAN | Oil | Energy Trade', verbatim: true },
      })
    } finally {
      const closed = once(socket, 'close')
      await adapter.stop()
      await closed
      sockets.close()
      await once(sockets, 'close')
    }
  })

  it('fails to start with what to do when Slack rejects the app token', async () => {
    standIn.failOnce('apps.connections.open', 'invalid_auth')
    const adapter = adapterWith({ botToken: 'xoxb-test', appToken: 'xapp-revoked', port: 0 })
    await expect(adapter.start()).rejects.toThrow(
      "Slack rejected SLACK_APP_TOKEN (invalid_auth): copy the app-level token (xapp-…) again from the app's settings at https://api.slack.com/apps",
    )
  })
})

describe('HTTP mode', () => {
  it('releases its port when stopped', async () => {
    const adapter = adapterWith({ botToken: 'xoxb-test', signingSecret: 'secret', port: 0 })
    await adapter.start()
    const port = adapter.port()
    expect(port).toBeGreaterThan(0)
    await adapter.stop()
    const probe = createServer()
    probe.listen(port)
    await once(probe, 'listening')
    probe.close()
    await once(probe, 'close')
  })

  it('fails to start with what to do when Slack rejects the bot token, before listening', async () => {
    standIn.failOnce('auth.test', 'invalid_auth')
    const adapter = adapterWith({ botToken: 'xoxb-revoked', signingSecret: 'secret', port: 0 })
    await expect(adapter.start()).rejects.toThrow(
      "Slack rejected SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token (xoxb-…) again from the app's settings at https://api.slack.com/apps",
    )
    expect(adapter.port()).toBeUndefined()
    await adapter.stop()
  })

  it('refuses a configuration with neither an app token nor a signing secret', () => {
    expect(() => adapterWith({ botToken: 'xoxb-test', port: 0 })).toThrow(
      'Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); set one of them',
    )
  })
})
