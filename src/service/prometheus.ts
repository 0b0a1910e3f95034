/**
 * The adapters' metrics as Prometheus exposes them (prom-client), with Node's own process metrics, for
 * `GET /metrics`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { Metrics } from './metrics.ts'

export interface PrometheusMetrics extends Metrics {
  /** the text exposition format, for a scrape */
  exposition(): Promise<string>
  readonly contentType: string
}

export interface KnowledgeFigures {
  claims: number
  sources: number
}

/**
 * Reply time from the event's arrival to the reply handed over. The core answers in well under a
 * millisecond (`npm run bench`); what a reply takes is mostly the platform's API, so the buckets span
 * 5 ms to Slack's 3-second acknowledgement window and past it.
 */
const REPLY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export function createPrometheusMetrics(knowledge: KnowledgeFigures): PrometheusMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'cited_answers_' })
  const questions = new Counter({
    name: 'cited_answers_questions_total',
    help: 'Questions replied to, by platform and by whether the knowledge base held an answer',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  })
  const replySeconds = new Histogram({
    name: 'cited_answers_reply_seconds',
    help: "Seconds from a question's arrival to its reply being handed to the platform",
    labelNames: ['platform'] as const,
    buckets: REPLY_BUCKETS,
    registers: [registry],
  })
  const votes = new Counter({
    name: 'cited_answers_votes_total',
    help: 'Votes recorded on answers',
    labelNames: ['platform', 'vote'] as const,
    registers: [registry],
  })
  const errors = new Counter({
    name: 'cited_answers_errors_total',
    help: 'Handler failures the user got an apology for',
    labelNames: ['platform', 'what'] as const,
    registers: [registry],
  })
  const expired = new Counter({
    name: 'cited_answers_expired_buttons_total',
    help: 'Buttons pressed after what they act on was gone or had changed',
    labelNames: ['platform'] as const,
    registers: [registry],
  })
  const limited = new Counter({
    name: 'cited_answers_rate_limited_total',
    help: "Questions refused because the asker's allowance was spent",
    labelNames: ['platform'] as const,
    registers: [registry],
  })
  const claims = new Gauge({
    name: 'cited_answers_knowledge_claims',
    help: 'Claims and drafted passages the knowledge base answers from',
    registers: [registry],
  })
  const sources = new Gauge({
    name: 'cited_answers_knowledge_sources',
    help: 'Documents in the knowledge base',
    registers: [registry],
  })
  claims.set(knowledge.claims)
  sources.set(knowledge.sources)
  return {
    replied(platform, outcome, seconds) {
      questions.inc({ platform, outcome })
      replySeconds.observe({ platform }, seconds)
    },
    voted: (platform, vote) => votes.inc({ platform, vote }),
    // `what` is one of the adapters' fixed phrases, so the label's values stay few
    failed: (platform, what) => errors.inc({ platform, what }),
    buttonExpired: (platform) => expired.inc({ platform }),
    rateLimited: (platform) => limited.inc({ platform }),
    exposition: () => registry.metrics(),
    contentType: registry.contentType,
  }
}
