/** What adapters may say about their work: never secrets, never users' messages in full. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/** A logger that drops everything, for tests and one-shot commands. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

/** One piece of a platform handler's work, and how to apologise to the user if it fails. */
export type Guard = (
  what: string,
  work: () => Promise<void>,
  apologise: () => Promise<unknown>,
) => Promise<void>

/**
 * Run handlers' work so a failure is logged (under `platform`, without user text or tokens) and the user
 * gets an apology instead of silence; nothing a handler does can crash the process.
 */
export function createGuard(logger: Logger, platform: string): Guard {
  return async (what, work, apologise) => {
    try {
      await work()
    } catch (error) {
      logger.error(`${platform}: ${what} failed`, error)
      await apologise().catch((second: unknown) =>
        logger.error(`${platform}: could not apologise (${what})`, second),
      )
    }
  }
}
