/**
 * The bot as an operator runs it, in a process of its own with JSON logs, for `npm run bench` (from
 * dist/) and the process-level tests (from source, tests/helpers/bot-process.ts): its log lines are
 * read as they come, so that a caller can wait for what the bot says rather than sleep.
 */
import { type ChildProcess, spawn } from 'node:child_process'

export type LogLine = Record<string, unknown>

export interface BotProcess {
  child: ChildProcess
  /** the JSON log lines so far, in order */
  lines: LogLine[]
  /** everything the process wrote, standard error prefixed with `stderr: ` */
  raw: string[]
  /** the first log line, past or future, whose message matches; rejects if the process ends first */
  waitForLog(pattern: RegExp): Promise<LogLine>
  /** resolves with the exit code once the process has ended and its output is read */
  exit: Promise<number | null>
  /** SIGTERM (a graceful stop), then SIGKILL if it has not ended within `graceMs`; resolves on exit */
  stop(graceMs?: number): Promise<number | null>
}

/**
 * Whatever the environment or a `.env` says, none of these reach the bot unless given: a token there
 * would connect a platform the caller never asked for (dotenv fills only variables not set, empty ones
 * included).
 */
const BLANKED = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_SHARDS',
  'DATABASE_URL',
  'EVENT_STORE',
  'FEEDBACK_LOG',
  'REDIS_URL',
  'HEALTH_PORT',
]

export interface BotProcessOptions {
  /** what `node` runs: the entry file, after any of node's own options (`--import tsx`) */
  args: readonly string[]
  cwd: string
  /** the bot's environment, beside PATH and HOME (nothing else is inherited) */
  env: Record<string, string>
}

/** Start the bot; its log must be JSON (LOG_FORMAT=json is set unless `env` says otherwise). */
export function startBotProcess(options: BotProcessOptions): BotProcess {
  const env = {
    ...Object.fromEntries(BLANKED.map((name) => [name, ''])),
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    LOG_FORMAT: 'json',
    ...options.env,
  }
  const child = spawn(process.execPath, [...options.args], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: LogLine[] = []
  const raw: string[] = []
  const waiters: Array<{ pattern: RegExp; resolve(line: LogLine): void; reject(error: Error): void }> = []
  let ended = false
  let buffered = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    const complete = buffered.split('\n')
    buffered = complete.pop() ?? ''
    for (const text of complete) {
      if (!text.trim()) continue
      raw.push(text)
      let line: LogLine
      try {
        line = JSON.parse(text) as LogLine
      } catch {
        // a line that is not JSON (a crash's output) is kept in raw only
        continue
      }
      lines.push(line)
      for (const waiter of [...waiters]) {
        if (!waiter.pattern.test(String(line.msg))) continue
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => raw.push(`stderr: ${chunk}`))
  // 'close', not 'exit': the last lines are read by then
  const exit = new Promise<number | null>((resolve) => {
    child.once('close', (code) => {
      ended = true
      for (const waiter of waiters.splice(0)) {
        waiter.reject(
          new Error(
            `the bot ended (exit code ${code}) before logging ${waiter.pattern}:\n${raw.slice(-20).join('\n')}`,
          ),
        )
      }
      resolve(code)
    })
  })
  return {
    child,
    lines,
    raw,
    exit,
    waitForLog(pattern) {
      const past = lines.find((line) => pattern.test(String(line.msg)))
      if (past) return Promise.resolve(past)
      if (ended) return Promise.reject(new Error(`the bot ended before logging ${pattern}`))
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }))
    },
    async stop(graceMs = 15_000) {
      if (!ended) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
        await exit
        clearTimeout(timer)
      }
      return exit
    },
  }
}
