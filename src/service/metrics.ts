/**
 * What the adapters report about their work, for the operator's dashboards. The interface is here so
 * adapters stay free of any metrics library; `createPrometheusMetrics` (prometheus.ts) implements it.
 */
import type { Vote } from '../feedback.ts'

export type Platform = 'slack' | 'discord' | 'terminal'

export interface Metrics {
  /**
   * One question replied to: `answered` when the knowledge base held an answer, `declined` when it said
   * so; `seconds` from the event's arrival to the reply being handed to the platform.
   */
  replied(platform: Platform, outcome: 'answered' | 'declined', seconds: number): void
  /** A 👍 or 👎 that was recorded. */
  voted(platform: Platform, vote: Vote): void
  /** A handler failed and the user got an apology. `what` is a short fixed phrase, never user text. */
  failed(platform: Platform, what: string): void
  /** A button pressed after what it acts on was gone (or the knowledge base changed under it). */
  buttonExpired(platform: Platform): void
  /** A question refused because its asker's allowance was spent. */
  rateLimited(platform: Platform): void
}

/** Metrics that go nowhere: tests, one-shot commands. */
export const noMetrics: Metrics = {
  replied() {},
  voted() {},
  failed() {},
  buttonExpired() {},
  rateLimited() {},
}
