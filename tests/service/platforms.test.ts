/**
 * The service around the adapters: probes on HEALTH_PORT (Socket Mode and Discord-only mode), readiness
 * that follows each platform's connection and turns false once a stop begins, and a feedback log that
 * cannot be written found at start-up.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Config, ServiceConfig } from '../../src/config.ts'
import { CitedAnswersError } from '../../src/errors.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { silentLogger } from '../../src/logger.ts'
import { type PlatformParts, startService } from '../../src/service/platforms.ts'
import type { Adapter } from '../../src/types.ts'

const service: ServiceConfig = {
  logLevel: 'info',
  metrics: true,
  shutdownTimeoutMs: 5_000,
  ratePerMinute: 20,
  healthPort: 0,
}

const { healthPort: _, ...withoutHealthPort } = service

/** An adapter whose connection a test controls, and which records how it was stopped. */
function controlledAdapter() {
  const state = { up: false, stoppedWith: undefined as number | undefined }
  const adapter: Adapter = {
    name: 'gateway',
    async start() {
      state.up = true
    },
    async stop(graceMs) {
      state.stoppedWith = graceMs
      state.up = false
    },
    isConnected: () => state.up,
  }
  return { adapter, state }
}

describe('startService', () => {
  let folder: string
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'cited-answers-platforms-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  /** a configuration whose event store (and, where given, feedback log) are in the test's folder */
  const configIn = (eventStore: string, feedbackLog?: string): Config => ({
    feedbackLog: feedbackLog ?? join(folder, 'feedback.jsonl'),
    recordUnanswered: true,
    eventStore,
    ...(feedbackLog ? { mirrorFeedbackLog: true } : {}),
  })

  it('serves /healthz, /readyz and /metrics on HEALTH_PORT, readiness following the connection', async () => {
    const kb = loadKnowledge()
    const { adapter, state } = controlledAdapter()
    let parts: PlatformParts | undefined
    let healthPort = 0
    const running = await startService({
      kb,
      config: configIn(join(folder, 'events.sqlite')),
      service,
      logger: {
        ...silentLogger,
        info: (message) => {
          const port = /on port (\d+)$/.exec(message)?.[1]
          if (port) healthPort = Number(port)
        },
      },
      createAdapters: async (made) => {
        parts = made
        return [adapter]
      },
    })
    expect(healthPort).toBeGreaterThan(0)
    const get = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${healthPort}${path}`)
      return { status: response.status, body: await response.text() }
    }
    expect((await get('/healthz')).status).toBe(200)
    expect(await get('/readyz')).toEqual({
      status: 200,
      body: '{"status":"ready","checks":{"knowledge":true,"gateway":true,"accepting":true}}\n',
    })
    state.up = false
    expect((await get('/readyz')).status).toBe(503)
    state.up = true

    parts?.metrics.replied('discord', 'declined', 0.02)
    const metrics = await get('/metrics')
    expect(metrics.body).toContain('cited_answers_questions_total{platform="discord",outcome="declined"} 1')
    expect(metrics.body).toContain(`cited_answers_knowledge_claims ${kb.claims.length}`)
    expect((await get('/nowhere')).status).toBe(404)

    await running.stop()
    expect(state.stoppedWith).toBe(service.shutdownTimeoutMs)
    // the health server closed with the rest
    await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow()
  })

  it('will not start with an event store it cannot write, and says which and what to do', async () => {
    const blocker = join(folder, 'not-a-folder')
    writeFileSync(blocker, '')
    const { adapter, state } = controlledAdapter()
    const started = startService({
      kb: loadKnowledge(),
      config: configIn(join(blocker, 'events.sqlite')),
      service,
      logger: silentLogger,
      createAdapters: async () => [adapter],
    })
    await expect(started).rejects.toThrow(CitedAnswersError)
    await expect(started).rejects.toThrow(/EVENT_STORE/)
    expect(state.up).toBe(false)
  })

  it('will not start with a FEEDBACK_LOG it cannot write, when one is set', async () => {
    const blocker = join(folder, 'not-a-folder')
    writeFileSync(blocker, '')
    const started = startService({
      kb: loadKnowledge(),
      config: configIn(join(folder, 'events.sqlite'), join(blocker, 'feedback.jsonl')),
      service,
      logger: silentLogger,
      createAdapters: async () => [controlledAdapter().adapter],
    })
    await expect(started).rejects.toThrow(/FEEDBACK_LOG/)
  })

  it('keeps votes in the event store, and appends them to FEEDBACK_LOG too when it is set', async () => {
    const mirror = join(folder, 'mirror.jsonl')
    let parts: PlatformParts | undefined
    const running = await startService({
      kb: loadKnowledge(),
      config: configIn(join(folder, 'events.sqlite'), mirror),
      service: withoutHealthPort,
      logger: silentLogger,
      createAdapters: async (made) => {
        parts = made
        return [controlledAdapter().adapter]
      },
    })
    const claims = [loadKnowledge().claims[0]?.id ?? '']
    expect(
      await parts?.feedback.record({
        platform: 'slack',
        workspace: 'T1',
        channel: 'C1',
        user: 'U1',
        question: 'q?',
        claims,
        vote: 'up',
      }),
    ).toEqual({ kind: 'recorded' })
    expect((await parts?.events.feedback())?.entries).toEqual([
      expect.objectContaining({ platform: 'slack', question: 'q?', vote: 'up' }),
    ])
    expect(readFileSync(mirror, 'utf8')).toContain('"question":"q?"')
    await running.stop()
  })

  it('stops what it started when a platform fails to start', async () => {
    const { adapter: first, state } = controlledAdapter()
    const failing: Adapter = {
      name: 'failing',
      start: async () => {
        throw new CitedAnswersError('invalid-config', 'the token was refused')
      },
      stop: async () => {},
    }
    await expect(
      startService({
        kb: loadKnowledge(),
        config: configIn(join(folder, 'events.sqlite')),
        service,
        logger: silentLogger,
        createAdapters: async () => [first, failing],
      }),
    ).rejects.toThrow('the token was refused')
    expect(state.up).toBe(false)
  })
})
