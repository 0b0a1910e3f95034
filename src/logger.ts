/** What adapters may say about their work: never secrets, never users' messages in full. */
export interface Logger {
  /** detail for whoever debugs (LOG_LEVEL=debug): the one level that may carry payloads and user text */
  debug?(message: string): void
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/** A logger that drops everything, for tests and one-shot commands. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

/** One piece of a platform handler's work, and how to apologise to the user if it fails. */
export interface Guard {
  (what: string, work: () => Promise<void>, apologise: () => Promise<unknown>): Promise<void>
  /**
   * Resolves once every piece of work started so far has finished (true), or after `ms` with some still
   * running (false): a graceful stop waits on this for the replies in progress.
   */
  settled(ms: number): Promise<boolean>
  /** pieces of work running now */
  readonly running: number
}

export interface GuardHooks {
  /** told of each failure the user got an apology for; `what` is the guard's fixed phrase */
  onFailure?: (what: string) => void
}

/**
 * Run handlers' work so a failure is logged (under `platform`, without user text or tokens) and the user
 * gets an apology instead of silence; nothing a handler does can crash the process. The work in progress
 * is counted, so a stop can let it finish.
 */
export function createGuard(logger: Logger, platform: string, hooks: GuardHooks = {}): Guard {
  const running = new Set<Promise<void>>()
  const guard = async (what: string, work: () => Promise<void>, apologise: () => Promise<unknown>) => {
    const piece = (async () => {
      try {
        await work()
      } catch (error) {
        logger.error(`${platform}: ${what} failed`, error)
        hooks.onFailure?.(what)
        await apologise().catch((second: unknown) =>
          logger.error(`${platform}: could not apologise (${what})`, second),
        )
      }
    })()
    running.add(piece)
    try {
      await piece
    } finally {
      running.delete(piece)
    }
  }
  const settled = async (ms: number) => {
    if (running.size === 0) return true
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms)
    })
    // work started while waiting is waited for too, until the deadline
    const allDone = (async () => {
      while (running.size > 0) await Promise.allSettled([...running])
      return true as const
    })()
    try {
      return await Promise.race([allDone, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
  // defineProperty, not Object.assign, which would copy the count once instead of the getter
  return Object.defineProperties(guard, {
    settled: { value: settled },
    running: { get: () => running.size },
  }) as Guard
}
