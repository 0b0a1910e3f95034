/**
 * What a sharded Discord bot runs: how many shards and at what pace, as Discord says (GET /gateway/bot), and
 * the environment each shard's process starts with.
 */
import { REST, type RESTGetAPIGatewayBotResult, Routes } from 'discord.js'
import { CitedAnswersError } from '../../src/errors.ts'
import type { Logger } from '../../src/logger.ts'

export type Environment = Readonly<Record<string, string | undefined>>

export interface PlanOptions {
  token: string
  /** 'auto': as many shards as Discord recommends for the bot */
  totalShards: 'auto' | number
  /** Discord's REST API (DISCORD_API_URL); Discord's own when unset */
  apiUrl?: string
  logger: Logger
}

export interface ShardPlace {
  id: number
  count: number
  token: string
  healthPort?: number
}

/**
 * The environment of one shard's process: the manager's, as one that answers Discord alone, on its shard,
 * with its own health port, and known for a shard so that it does not manage shards itself.
 */
export function shardEnvironment(env: Environment, place: ShardPlace): Record<string, string> {
  const shardEnv: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    // blank rather than absent: dotenv does not replace a variable that is set, so .env cannot bring back
    // Slack (which runs as its own process) or DISCORD_SHARDS (which would make the shard a manager)
    if (value !== undefined) shardEnv[name] = name.startsWith('SLACK_') ? '' : value
  }
  const { id, count, healthPort } = place
  return {
    ...shardEnv,
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    DISCORD_SHARDS: '',
    DISCORD_TOKEN: place.token,
    HEALTH_PORT: healthPort === undefined ? '' : String(healthPort === 0 ? 0 : healthPort + 1 + id),
    CITED_ANSWERS_SHARD: String(id),
    // discord.js's: its Client reads its shard from SHARDS and SHARD_COUNT, and with SHARDING_MANAGER set
    // tells the manager over IPC when it is ready, reconnecting or disconnected
    SHARDING_MANAGER: 'true',
    SHARDING_MANAGER_MODE: 'process',
    SHARDS: String(id),
    SHARD_COUNT: String(count),
  }
}

export interface ShardsPlan {
  count: number
  /** how many shards may IDENTIFY at once (Discord's max_concurrency) */
  concurrency: number
}

/** GET /gateway/bot: Discord's recommended shard count, the pace it allows, and the sessions left today. */
export async function planShards(options: PlanOptions): Promise<ShardsPlan> {
  const rest = new REST({
    ...(options.apiUrl ? { api: options.apiUrl.replace(/\/+$/, '') } : {}),
    retries: 2,
    timeout: 10_000,
    // one request: no sweeping timers left behind
    hashSweepInterval: 0,
    handlerSweepInterval: 0,
  }).setToken(options.token)
  let gateway: RESTGetAPIGatewayBotResult
  try {
    gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult
  } catch (error) {
    const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined
    const detail = error instanceof Error ? error.message : String(error)
    throw new CitedAnswersError(
      'invalid-config',
      status === 401
        ? 'Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal (your application → Bot → Reset Token)'
        : `Could not ask Discord how to shard the bot (${detail}); check the network, or DISCORD_API_URL if set`,
      { cause: error },
    )
  }
  const count = options.totalShards === 'auto' ? Math.max(1, gateway.shards) : options.totalShards
  const { remaining, reset_after: resetAfter, max_concurrency: concurrency } = gateway.session_start_limit
  if (remaining < count) {
    options.logger.warn(
      `discord: Discord allows ${remaining} more gateway sessions for ${Math.ceil(resetAfter / 60_000)} min, fewer than the ${count} shards; some will wait or fail until then`,
    )
  }
  return { count, concurrency: Math.max(1, concurrency) }
}
