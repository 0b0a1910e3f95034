/**
 * The bot as a service: the configured platforms, started with everything an operator expects around
 * them (structured logs, health and readiness probes, metrics, per-user limits, shared state in Redis when
 * configured), and stopped gracefully. main.ts makes the adapters from the parts made here.
 */
import type { Config, ServiceConfig } from '../config.ts'
import {
  type CorrectionSummary,
  isCorrectionPoster,
  type RunningCorrections,
  startCorrections,
} from '../corrections/run.ts'
import { CitedAnswersError } from '../errors.ts'
import { createFeedbackLog, type FeedbackLog, type Recorded } from '../feedback.ts'
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import type { Logger } from '../logger.ts'
import { DEFAULT_EVENT_STORE } from '../store/open.ts'
import type { EventStore } from '../store/store.ts'
import type { Adapter } from '../types.ts'
import { type HealthRoute, type HealthServer, healthRoutes, startHealthServer } from './health.ts'
import { type Metrics, noMetrics } from './metrics.ts'
import { createPrometheusMetrics, type PrometheusMetrics } from './prometheus.ts'
import { createRateLimiter, type RateLimiter, unlimited } from './rate-limit.ts'
import type { RedisConnection } from './redis.ts'

export interface RunningService {
  /** Stop taking events, let replies in progress finish (SHUTDOWN_TIMEOUT_SECONDS), close everything. */
  stop(): Promise<void>
  /**
   * The start's correction pass, run in the background once the platforms are connected: resolves when
   * it ends (at once, with nothing, when the configuration has no corrections)
   */
  corrections: Promise<CorrectionSummary | undefined>
}

/** What the adapters are made with: shared by every platform. */
export interface PlatformParts {
  kb: KnowledgeBase
  feedback: FeedbackLog
  /** the event store: answers given and shared, for recaps and corrections; installations */
  events: EventStore
  logger: Logger
  limiter: RateLimiter
  metrics: Metrics
  /** health, readiness and metrics, for an adapter that serves HTTP (Slack's HTTP mode) */
  routes: readonly HealthRoute[]
  /** the Redis connection, when REDIS_URL is set, for state replicas share */
  redis?: RedisConnection
}

export interface ServiceStartOptions {
  kb: KnowledgeBase
  config: Config
  service: ServiceConfig
  logger: Logger
  /** make the configured platforms' adapters (main.ts, the one place that imports adapters) */
  createAdapters(parts: PlatformParts): Promise<Adapter[]>
}

/** how long a stop waits for the correction notes in progress: one takes a fraction of a second */
const CORRECTIONS_GRACE_MS = 2_000

/** readiness checks for one adapter, named after it */
const connected = (adapter: Adapter) => adapter.isConnected?.() ?? true

export async function startService(options: ServiceStartOptions): Promise<RunningService> {
  const { kb, config, service, logger } = options
  const cleanups: Array<() => Promise<void>> = []
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  }
  try {
    const { createEventStore } = await import('../store/open.ts')
    const events = await createEventStore(config.eventStore ?? DEFAULT_EVENT_STORE, { logger })
    cleanups.push(() => events.close())
    const { createStoreFeedbackLog } = await import('../store/feedback-log.ts')
    const stored = createStoreFeedbackLog(events, { recordUnanswered: config.recordUnanswered })
    // a store (or a log) the bot cannot write is found now, not at the first vote
    await stored.check?.()
    let feedback: FeedbackLog = stored
    if (config.mirrorFeedbackLog) {
      const mirror = createFeedbackLog(config.feedbackLog, { recordUnanswered: config.recordUnanswered })
      await mirror.check?.()
      feedback = mirrored(stored, mirror, logger)
    }

    let redis: RedisConnection | undefined
    if (service.redisUrl) {
      const { connectRedis } = await import('./redis.ts')
      redis = await connectRedis(service.redisUrl, {
        logger,
        ...(config.slack?.startTimeoutMs ? { timeoutMs: config.slack.startTimeoutMs } : {}),
      })
      const connection = redis
      cleanups.push(() => connection.close())
    }
    const limiter: RateLimiter =
      service.ratePerMinute > 0
        ? createRateLimiter({
            perMinute: service.ratePerMinute,
            ...(redis ? { redis: redis.client } : {}),
            onStoreError: (error) =>
              logger.warn(`rate limits: Redis could not be asked, so counting in memory (${error.message})`),
          })
        : unlimited

    const metrics: PrometheusMetrics | undefined = service.metrics
      ? createPrometheusMetrics({ claims: kb.claims.length, sources: kb.sources.size })
      : undefined

    let stopping = false
    const adapters: Adapter[] = []
    const routes = healthRoutes({
      readiness: () => ({
        // the service starts only once the knowledge base is loaded and every check of kb check passed
        knowledge: true,
        ...Object.fromEntries(adapters.map((adapter) => [adapter.name, connected(adapter)])),
        accepting: !stopping && adapters.length > 0,
      }),
      ...(metrics ? { metrics } : {}),
    })

    let health: HealthServer | undefined
    // Slack's HTTP mode serves the probes on its own port already; HEALTH_PORT naming the same port is not
    // a second server (one image can set HEALTH_PORT=PORT for every mode)
    const servedBySlack = config.slack !== undefined && !config.slack.appToken
    if (service.healthPort !== undefined && !(servedBySlack && config.slack?.port === service.healthPort)) {
      try {
        health = await startHealthServer(routes, service.healthPort)
      } catch (error) {
        throw new CitedAnswersError(
          'invalid-config',
          `Could not serve health checks on HEALTH_PORT ${service.healthPort} (${error instanceof Error ? error.message : String(error)}); set HEALTH_PORT to a free port`,
          { cause: error },
        )
      }
      const server = health
      cleanups.push(() => server.close())
      logger.info(`health: /healthz, /readyz${metrics ? ' and /metrics' : ''} on port ${server.port}`)
    }

    adapters.push(
      ...(await options.createAdapters({
        kb,
        feedback,
        events,
        logger,
        limiter,
        metrics: metrics ?? noMetrics,
        routes,
        ...(redis ? { redis } : {}),
      })),
    )

    const started: Adapter[] = []
    cleanups.push(async () => {
      await Promise.allSettled(started.map((adapter) => adapter.stop()))
    })
    for (const adapter of adapters) {
      await adapter.start()
      started.push(adapter)
      logger.info(`${adapter.name}: connected; answering questions`)
    }
    if (servedBySlack) {
      logger.info(`slack: /healthz, /readyz${metrics ? ' and /metrics' : ''} served beside /slack/events`)
    }
    const kept = config.recordUnanswered
      ? 'answers, votes and unanswered questions'
      : 'answers and votes (unanswered questions are not: RECORD_UNANSWERED=false)'
    logger.info(`${kept} are kept in the event store ${events.location} (npm run kb -- feedback reads it)`)
    if (config.mirrorFeedbackLog)
      logger.info(`votes and unanswered questions are also appended to ${config.feedbackLog}`)
    if (redis) logger.info('redis: rate limits and Slack de-duplication are shared through REDIS_URL')

    let corrections: RunningCorrections | undefined
    if (config.corrections) {
      // after the platforms connect, and never awaited: the bot answers while the notes go out (imported
      // up front, so nothing stands between connecting and main.ts taking over SIGTERM)
      corrections = startCorrections({
        kb,
        events,
        posters: started.filter(isCorrectionPoster),
        post: config.corrections.enabled,
        days: config.corrections.days,
        logger,
      })
    }

    return {
      corrections: corrections?.done ?? Promise.resolve(undefined),
      async stop() {
        stopping = true
        // first, while the adapters can still post: the notes not begun are left for the next start, and
        // a note still in progress after a moment is most likely waiting out a rate limit, so not waited for
        await corrections?.stop(Math.min(service.shutdownTimeoutMs, CORRECTIONS_GRACE_MS))
        await Promise.allSettled(started.map((adapter) => adapter.stop(service.shutdownTimeoutMs)))
        started.length = 0
        await cleanUp()
      },
    }
  } catch (error) {
    // one part failing to start stops the others, so the operator sees one clear error and no half-bot
    await cleanUp()
    throw error
  }
}

/**
 * The event store's feedback log, with every entry appended to the JSONL log as well (FEEDBACK_LOG set):
 * the store decides the outcome, and a mirror that cannot be written is told to the operator only.
 */
function mirrored(primary: FeedbackLog, mirror: FeedbackLog, logger: Logger): FeedbackLog {
  return {
    check: async () => {
      await primary.check?.()
      await mirror.check?.()
    },
    async record(entry): Promise<Recorded> {
      const [outcome, copy] = await Promise.all([primary.record(entry), mirror.record(entry)])
      if (copy.kind === 'failed') logger.error('could not append to FEEDBACK_LOG', copy.error)
      return outcome
    },
  }
}
