/**
 * The service's log: structured JSON lines through pino for whatever collects a container's output, or
 * readable lines when a person watches a terminal. Levels come from LOG_LEVEL; secrets the process holds
 * are scrubbed from every line, whatever library wrote it.
 */
import type { Writable } from 'node:stream'
import pino, { type Logger as PinoLogger } from 'pino'
import type { LogFormat, LogLevel } from '../config.ts'
import type { Logger } from '../logger.ts'

export interface ServiceLogOptions {
  level: LogLevel
  format: LogFormat
  /** values that must never appear in a log line: tokens, signing secrets, connection URLs' passwords */
  secrets?: readonly string[]
  /** where lines go; standard output by default */
  destination?: Writable
  /** colours in the readable format */
  colour?: boolean
}

export interface ServiceLog {
  logger: Logger
  /** write what is buffered; called before the process exits */
  flush(): void
}

/** secrets shorter than this are not scrubbed: replacing every "1" or "ab" would garble lines, not hide much */
const SHORTEST_SCRUBBED = 8

/** Replace every secret in `text` with a marker that says a value was there. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text
  for (const secret of secrets) {
    if (secret.length >= SHORTEST_SCRUBBED && scrubbed.includes(secret)) {
      scrubbed = scrubbed.split(secret).join('[redacted]')
    }
  }
  return scrubbed
}

/**
 * An error as a log line shows it: its kind, message and stack, and nothing else. Libraries' errors carry
 * the request they failed on (a Discord reply's body, a URL holding an interaction token), which is user
 * text or a credential, so the other fields are left out.
 */
function describeError(error: unknown, secrets: readonly string[]) {
  if (!(error instanceof Error)) return { message: scrubSecrets(String(error).slice(0, 500), secrets) }
  const code = (error as { code?: unknown }).code
  return {
    type: error.name,
    message: scrubSecrets(error.message.slice(0, 500), secrets),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(error.stack ? { stack: scrubSecrets(error.stack, secrets) } : {}),
  }
}

async function prettyStream(colour: boolean, destination: Writable | undefined): Promise<Writable> {
  const { default: pretty } = await import('pino-pretty')
  return pretty({
    colorize: colour,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    ...(destination ? { destination } : {}),
  })
}

/** Make the service's logger. The readable format loads pino-pretty, so it is only paid for when used. */
export async function createServiceLog(options: ServiceLogOptions): Promise<ServiceLog> {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= SHORTEST_SCRUBBED)
  const stream =
    options.format === 'pretty'
      ? await prettyStream(options.colour ?? false, options.destination)
      : (options.destination ?? pino.destination({ dest: 1, sync: true }))
  const base: PinoLogger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      // "level":"warn" reads better than "level":40 in a log search, and every collector maps it
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  )
  const clean = (message: string) => scrubSecrets(message, secrets)
  const logger: Logger = {
    debug: (message) => base.debug(clean(message)),
    info: (message) => base.info(clean(message)),
    warn: (message) => base.warn(clean(message)),
    error: (message, error) =>
      error === undefined
        ? base.error(clean(message))
        : base.error({ error: describeError(error, secrets) }, clean(message)),
  }
  return {
    logger,
    flush: () => {
      const flushable = stream as Writable & { flushSync?: () => void }
      try {
        flushable.flushSync?.()
      } catch {
        // nothing buffered, or the output is gone: there is nothing left to say it with
      }
    },
  }
}
