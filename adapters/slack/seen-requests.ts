/**
 * Which signed requests were already taken, so that a request captured on the way and sent again is not
 * acted on twice. Slack signs each request with its timestamp, so a signature identifies one request.
 */

/** The memory of requests seen; an in-memory one here, a shared store when several processes answer. */
export interface SeenRequests {
  /**
   * true the first time `signature` is offered; false while an earlier offer is remembered. It is
   * remembered until `expiresAt` (ms since the epoch), when the request would be refused as too old anyway.
   */
  firstSeen(signature: string, expiresAt: number): Promise<boolean>
}

export interface MemorySeenRequestsOptions {
  /** how many signatures are kept at most; past it the oldest is forgotten first */
  capacity?: number
  /** the clock, in ms since the epoch */
  now?: () => number
}

/**
 * Slack sends a few requests a second to a busy workspace, and a signature is worth remembering for
 * at most ten minutes (timestamps five minutes either side of now are taken), so this holds them all.
 */
const DEFAULT_CAPACITY = 20_000

/** The signatures seen by this process, forgotten when they expire. */
export function createMemorySeenRequests(options: MemorySeenRequestsOptions = {}): SeenRequests {
  const { capacity = DEFAULT_CAPACITY, now = Date.now } = options
  // insertion order is close to expiry order, since Slack's timestamps are close to now
  const expiries = new Map<string, number>()
  return {
    async firstSeen(signature, expiresAt) {
      const time = now()
      const known = expiries.get(signature)
      if (known !== undefined && known > time) return false
      for (const [oldest, expiry] of expiries) {
        if (expiry > time) break
        expiries.delete(oldest)
      }
      expiries.delete(signature)
      expiries.set(signature, expiresAt)
      if (expiries.size > capacity) {
        const [oldest] = expiries.keys()
        if (oldest !== undefined) expiries.delete(oldest)
      }
      return true
    },
  }
}
