/**
 * Starting and stopping the real Bolt app: Socket Mode against a loopback WebSocket standing in for
 * Slack's, the HTTP port released on stop, and tokens Slack rejects reported at start-up.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { type WebSocket, WebSocketServer } from 'ws'
import { createButtonSeal } from '../../../adapters/slack/button-seal.ts'
import { createSlackAdapter } from '../../../adapters/slack/index.ts'
import type { SlackBlock } from '../../../adapters/slack/render.ts'
import type { SlackConfig } from '../../../src/config.ts'
import { CitedAnswersError } from '../../../src/errors.ts'
import type { FeedbackLog } from '../../../src/feedback.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { silentLogger } from '../../../src/logger.ts'
import { formBody, recordingLogger, type SlackStandIn, sendToApp, startSlackStandIn } from './stand-in.ts'

const noFeedback: FeedbackLog = { record: async () => ({ kind: 'recorded' }) }

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

/** A WebSocket server on loopback standing in for Slack's, which apps.connections.open points the app at. */
async function socketServer(): Promise<WebSocketServer> {
  const sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await once(sockets, 'listening')
  const address = sockets.address()
  if (typeof address !== 'object' || address === null) throw new Error('expected a port')
  standIn.socketUrl = `ws://127.0.0.1:${address.port}/link`
  return sockets
}

async function closeServer(sockets: WebSocketServer) {
  for (const socket of sockets.clients) socket.terminate()
  sockets.close()
  await once(sockets, 'close')
}

const DEADLINE_ADVICE =
  'Check SLACK_APP_TOKEN (an app-level token with the connections:write scope) and the network (wss-primary.slack.com must be reachable), or raise START_TIMEOUT_SECONDS'

/**
 * Start socket-start-child.ts, a Slack adapter in a process of its own with a start-up deadline of
 * `timeoutMs`; `printed` resolves with how its start() ended, `exited` with its exit code. Whether it
 * exits at all shows whether anything was left running.
 */
function startChild(timeoutMs: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'socket-start-child.ts'),
      standIn.apiUrl,
      String(timeoutMs),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  // a failed or timed-out test must not leave the process behind
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill()
  })
  const printed = new Promise<unknown>((resolve) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (output.includes('\n')) resolve(JSON.parse(output))
    })
  })
  const exited = once(child, 'close').then(([code]) => code as number | null)
  return { printed, exited }
}

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
      // in Socket Mode the buttons are signed with a key from the app token
      const share = blocks
        .flatMap((block) => (block.type === 'actions' ? block.elements : []))
        .find((element) => element.type === 'button' && element.action_id === 'share')
      const value = share?.type === 'button' ? share.value : undefined
      expect(createButtonSeal('xapp-test').open('share', value)).toMatch(
        /^\{"q":"what does iran contribute\?"/,
      )

      // a payload no listener takes is acknowledged all the same
      const empty = acknowledgement(socket, 'envelope-2')
      socket.send(JSON.stringify({ envelope_id: 'envelope-2', type: 'interactive', payload: {} }))
      expect(await empty).toEqual({ envelope_id: 'envelope-2', payload: {} })

      // an events_api envelope without its event, which the socket client itself would throw on
      const eventless = acknowledgement(socket, 'envelope-3')
      socket.send(
        JSON.stringify({
          envelope_id: 'envelope-3',
          type: 'events_api',
          payload: { type: 'event_callback', team_id: 'T1234' },
        }),
      )
      expect(await eventless).toEqual({ envelope_id: 'envelope-3', payload: {} })
    } finally {
      const closed = once(socket, 'close')
      await adapter.stop()
      await closed
      sockets.close()
      await once(sockets, 'close')
    }
  })

  it('gives up when the socket closes at once, says what to check, and leaves nothing to keep the process alive', async () => {
    const sockets = await socketServer()
    sockets.on('connection', (socket) => socket.close(1011, 'server error'))
    try {
      const child = startChild(2000)
      expect(await child.printed).toEqual({
        name: 'CitedAnswersError',
        message: `Slack Socket Mode did not connect within 2 s: the WebSocket closed once before Slack said hello. ${DEADLINE_ADVICE}`,
      })
      expect(await child.exited).toBe(0)
    } finally {
      await closeServer(sockets)
    }
  })

  it('gives up when Slack gives no socket address in time, and hangs up if the address comes late', async () => {
    const sockets = await socketServer()
    sockets.on('connection', (socket) => socket.send(JSON.stringify({ type: 'hello', num_connections: 1 })))
    const release = standIn.holdOnce('apps.connections.open')
    try {
      const child = startChild(500)
      expect(await child.printed).toEqual({
        name: 'CitedAnswersError',
        message: `Slack Socket Mode did not connect within 0.5 s: apps.connections.open gave no WebSocket address in time. ${DEADLINE_ADVICE}`,
      })
      release()
      expect(await child.exited).toBe(0)
    } finally {
      release()
      await closeServer(sockets)
    }
  })

  it('gives up when Slack never says hello, and closes the socket it opened', async () => {
    const sockets = await socketServer()
    const connection = once(sockets, 'connection') as Promise<[WebSocket]>
    try {
      const adapter = adapterWith({
        botToken: 'xoxb-test',
        appToken: 'xapp-test',
        port: 0,
        startTimeoutMs: 1000,
      })
      const outcome = adapter.start().then(
        () => undefined,
        (error: unknown) => error,
      )
      const [socket] = await connection
      const closed = once(socket, 'close')
      const error = await outcome
      expect(error).toBeInstanceOf(CitedAnswersError)
      expect(error).toMatchObject({
        code: 'invalid-config',
        message: `Slack Socket Mode did not connect within 1 s: Slack never said hello on the WebSocket. ${DEADLINE_ADVICE}`,
      })
      await closed
      await adapter.stop()
    } finally {
      await closeServer(sockets)
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
  it('asks the seen-requests store it is given, and takes requests when that store fails', async () => {
    const logger = recordingLogger()
    let answer: () => Promise<boolean> = async () => false
    const asked: Array<[string, number]> = []
    const adapter = createSlackAdapter({
      kb,
      slack: { botToken: 'xoxb-test', signingSecret: 'secret', port: 0, apiUrl: standIn.apiUrl },
      feedback: noFeedback,
      logger,
      seenRequests: {
        firstSeen: (signature, expiresAt) => {
          asked.push([signature, expiresAt])
          return answer()
        },
      },
    })
    await adapter.start()
    try {
      const fields = JSON.parse(
        readFileSync(join(import.meta.dirname, 'fixtures', 'slash-command.json'), 'utf8'),
      ) as Record<string, string>
      const timestamp = Math.floor(Date.now() / 1000)
      const request = {
        body: formBody(fields),
        contentType: 'application/x-www-form-urlencoded' as const,
        secret: 'secret',
        timestamp,
      }
      // the store says it has seen this one: acknowledged, not answered
      expect(await sendToApp(adapter.port() ?? 0, request)).toEqual({ status: 200, text: '' })
      expect(asked).toEqual([[expect.stringMatching(/^v0=[0-9a-f]{64}$/), (timestamp + 301) * 1000]])

      answer = () => Promise.reject(new Error('store unreachable'))
      const taken = await sendToApp(adapter.port() ?? 0, request)
      expect(JSON.parse(taken.text)).toMatchObject({ response_type: 'ephemeral' })
      expect(await logger.waitFor(/could not check a request/)).toBe(
        'error: slack: could not check a request against those seen before, so took it: store unreachable',
      )
    } finally {
      await adapter.stop()
    }
  })

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
