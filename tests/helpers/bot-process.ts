/**
 * The bot in a process of its own, run from source (no build needed) with tsx: for tests of the bot as
 * an operator runs it (tests/service/).
 */
import { join } from 'node:path'
import { type BotProcess, startBotProcess } from '../../src/cli/bot-process.ts'

export type { BotProcess, LogLine } from '../../src/cli/bot-process.ts'

const ROOT = join(import.meta.dirname, '..', '..')

/** Start `src/main.ts` with `env` (and PATH, HOME and LOG_FORMAT=json), reading its JSON log lines. */
export function startBotFromSource(env: Record<string, string>): BotProcess {
  return startBotProcess({ args: ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], cwd: ROOT, env })
}
