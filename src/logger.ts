/** What adapters may say about their work: never secrets, never users' messages in full. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/** A logger that drops everything, for tests and one-shot commands. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
