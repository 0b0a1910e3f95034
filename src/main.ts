/**
 * The bot's entry point and the only reader of the environment. Starts Slack and/or Discord when their
 * variables are set, else the terminal; `ask …` answers once; `--register-discord-commands` registers the
 * Discord slash command.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { config as loadDotenv } from 'dotenv'
import { runAskCli } from '../adapters/terminal/ask-cli.ts'
import { createTerminalAdapter } from '../adapters/terminal/index.ts'
import { type Config, readConfig, userCacheDir } from './config.ts'
import { CitedAnswersError } from './errors.ts'
import { createFeedbackLog } from './feedback.ts'
import type { KnowledgeBase } from './knowledge/knowledge-base.ts'
import { loadKnowledgeWithSnapshot } from './knowledge/snapshot.ts'
import type { Logger } from './logger.ts'
import type { Adapter } from './types.ts'

const CONNECT_HINT =
  'To answer in Slack or Discord, put their tokens in .env (see .env.example and the README) and restart.'

const logger: Logger = {
  info: (message) => console.log(`[${new Date().toISOString()}] ${message}`),
  warn: (message) => console.warn(`[${new Date().toISOString()}] warning: ${message}`),
  error: (message, error) => {
    const detail = error instanceof Error ? `: ${error.message}` : ''
    console.error(`[${new Date().toISOString()}] error: ${message}${detail}`)
  },
}

/**
 * Start every platform that is configured. Each adapter is imported only when its platform is configured,
 * so the terminal mode never pays for loading Bolt or discord.js.
 */
async function startPlatforms(config: Config, kb: KnowledgeBase): Promise<Adapter[]> {
  const adapters: Adapter[] = []
  const feedback = createFeedbackLog(config.feedbackLog, { recordUnanswered: config.recordUnanswered })
  if (config.slack) {
    const { createSlackAdapter } = await import('../adapters/slack/index.ts')
    adapters.push(createSlackAdapter({ kb, slack: config.slack, feedback, logger }))
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.ts')
    adapters.push(createDiscordAdapter({ kb, discord: config.discord, feedback, logger }))
  }
  const started: Adapter[] = []
  try {
    for (const adapter of adapters) {
      await adapter.start()
      started.push(adapter)
      logger.info(`${adapter.name}: connected; answering questions (Ctrl+C stops)`)
    }
  } catch (error) {
    // one platform failing to start stops the others, so the operator sees one clear error and no half-bot
    await Promise.allSettled(started.map((adapter) => adapter.stop()))
    throw error
  }
  logger.info(
    config.recordUnanswered
      ? `votes and unanswered questions are written to ${config.feedbackLog} (npm run kb -- feedback reads them)`
      : `votes are written to ${config.feedbackLog} (npm run kb -- feedback reads them)`,
  )
  return adapters
}

function stopOnSignals(adapters: readonly Adapter[]) {
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info(`${signal} received; stopping`)
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()))
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

/**
 * Load the knowledge base. Run from the build, a snapshot of the checked knowledge base is kept in
 * node_modules/.cache, or in the user's cache folder when the install cannot be written, keyed by the
 * knowledge files and by this build; run from source, it is checked afresh.
 */
async function loadKnowledgeBase(knowledgeDir: string | undefined): Promise<KnowledgeBase> {
  const codeFile = fileURLToPath(import.meta.url)
  if (!codeFile.endsWith('.js')) {
    const { loadVerifiedKnowledge } = await import('./knowledge/load.ts')
    return loadVerifiedKnowledge(knowledgeDir)
  }
  const projectRoot = dirname(dirname(codeFile))
  const { kb } = await loadKnowledgeWithSnapshot(knowledgeDir, {
    dirs: [
      join(projectRoot, 'node_modules', '.cache', 'cited-answers'),
      userCacheDir(process.env, process.platform, homedir()),
    ].filter((dir) => dir !== undefined),
    codeId: createHash('sha256').update(readFileSync(codeFile)).digest('hex'),
  })
  return kb
}

async function main(argv: string[]): Promise<number> {
  loadDotenv({ quiet: true })
  const config = readConfig(process.env)
  const kb = await loadKnowledgeBase(config.knowledgeDir)
  const reportReady = () => {
    // for `npm run bench`: milliseconds from process start until the bot can answer
    if (argv.includes('--report-ready')) console.error(`ready_ms=${performance.now().toFixed(1)}`)
  }
  const style = { color: process.stdout.isTTY === true && process.stdout.hasColors() }

  if (argv.includes('--register-discord-commands')) {
    if (!config.discord) {
      throw new CitedAnswersError(
        'invalid-config',
        'Registering the Discord commands needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; set them in .env (see .env.example)',
      )
    }
    const { registerDiscordCommands } = await import('../adapters/discord/register.ts')
    console.log(await registerDiscordCommands({ discord: config.discord, logger }))
    return 0
  }
  if (argv[0] === 'ask') {
    reportReady()
    return runAskCli(
      argv.slice(1).filter((arg) => arg !== '--report-ready'),
      kb,
      {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        style,
      },
    )
  }
  if (config.slack || config.discord) {
    const adapters = await startPlatforms(config, kb)
    stopOnSignals(adapters)
    reportReady()
    return new Promise<number>(() => {})
  }
  const terminal = createTerminalAdapter({
    kb,
    input: process.stdin,
    output: process.stdout,
    style,
    connectHint: CONNECT_HINT,
    interactive: process.stdin.isTTY === true,
  })
  stopOnSignals([terminal])
  const session = terminal.start()
  reportReady()
  await session
  return 0
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  if (error instanceof CitedAnswersError) {
    console.error(error.message)
    process.exitCode = 1
  } else {
    console.error('Unexpected error while starting:', error instanceof Error ? error.message : error)
    process.exitCode = 1
  }
  // a platform library may keep reconnecting after a failed start; give output a moment to flush, then go
  setTimeout(() => process.exit(), 1_000).unref()
}
