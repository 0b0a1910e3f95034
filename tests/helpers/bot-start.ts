/**
 * A bot start as the service makes it (startService: the event store, the adapters, the correction pass
 * in the background), with the adapters a test makes against a stand-in, each given an event store whose
 * appends the test can await; and `kb corrections --dry-run` as a curator runs it.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Config, CorrectionsConfig, ServiceConfig } from '../../src/config.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { Logger } from '../../src/logger.ts'
import { type PlatformParts, type RunningService, startService } from '../../src/service/platforms.ts'
import type { EventStore, StoreEvent } from '../../src/store/store.ts'
import type { Adapter } from '../../src/types.ts'

const SERVICE: ServiceConfig = {
  logLevel: 'info',
  metrics: false,
  shutdownTimeoutMs: 2_000,
  ratePerMinute: 0,
}

export const CORRECTIONS_ON: CorrectionsConfig = { enabled: true, days: 30 }

/** An event store whose appends can be awaited: the adapters record an answer after replying. */
export function awaitableEvents(events: EventStore) {
  const appended: StoreEvent[] = []
  const waiters: { matches: (event: StoreEvent) => boolean; resolve: (event: StoreEvent) => void }[] = []
  const tapped: EventStore = {
    ...events,
    async append(event) {
      const outcome = await events.append(event)
      appended.push(event)
      for (const waiter of waiters.filter((each) => each.matches(event))) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(event)
      }
      return outcome
    },
  }
  /** the first event of `kind` for `question`, appended before or after */
  const recorded = (kind: StoreEvent['kind'], question: string): Promise<StoreEvent> => {
    const matches = (event: StoreEvent) => event.kind === kind && event.question === question
    const past = appended.find(matches)
    if (past) return Promise.resolve(past)
    return new Promise((resolve) => waiters.push({ matches, resolve }))
  }
  return { events: tapped, recorded }
}

export interface BotStart<A extends Adapter> {
  running: RunningService
  adapter: A
  recorded(kind: StoreEvent['kind'], question: string): Promise<StoreEvent>
}

export interface BotStartOptions<A extends Adapter> {
  kb: KnowledgeBase
  /** the event store's file, shared by every start of one test */
  store: string
  feedbackLog: string
  corrections?: CorrectionsConfig
  logger: Logger
  /** what main.ts's createAdapters would make, for the platform under test */
  createAdapter(parts: PlatformParts & { events: EventStore }): A
  config?: Partial<Config>
}

export async function startBot<A extends Adapter>(options: BotStartOptions<A>): Promise<BotStart<A>> {
  let made: { adapter: A; recorded: BotStart<A>['recorded'] } | undefined
  const running = await startService({
    kb: options.kb,
    config: {
      feedbackLog: options.feedbackLog,
      recordUnanswered: true,
      eventStore: options.store,
      corrections: options.corrections ?? CORRECTIONS_ON,
      ...options.config,
    },
    service: SERVICE,
    logger: options.logger,
    createAdapters: async (parts) => {
      const { events, recorded } = awaitableEvents(parts.events)
      made = { adapter: options.createAdapter({ ...parts, events }), recorded }
      return [made.adapter]
    },
  })
  if (!made) throw new Error('startService made no adapter')
  return { running, ...made }
}

const project = join(import.meta.dirname, '..', '..')
const TSX = pathToFileURL(join(project, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href

/** One note `kb corrections --dry-run --json` lists. */
export interface DryRunNote {
  platform: string
  workspace?: string
  channel: string
  message: string
  claim: string
  from: 'queued' | 'new'
  note: { kind: 'changed' | 'withdrawn'; statement: string }
}

/** `kb corrections --dry-run --json` on `store` and the knowledge directory `knowledge`. */
export function dryRun(store: string, knowledge: string, env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      TSX,
      join(project, 'src', 'cli', 'kb.ts'),
      'corrections',
      '--dry-run',
      '--json',
      '--store',
      store,
      '--knowledge',
      knowledge,
    ],
    {
      cwd: project,
      encoding: 'utf8',
      env: {
        ...process.env,
        KNOWLEDGE_DIR: '',
        DATABASE_URL: '',
        EVENT_STORE: '',
        CORRECTIONS: '',
        CORRECTIONS_DAYS: '',
        ...env,
      },
    },
  )
  if (result.status !== 0) throw new Error(`kb corrections failed (${result.status}): ${result.stderr}`)
  return JSON.parse(result.stdout) as {
    first: boolean
    changed: number
    withdrawn: number
    notes: DryRunNote[]
  }
}
