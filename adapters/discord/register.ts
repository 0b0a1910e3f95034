/**
 * Discord: registers `/ask` with Discord (`npm run discord:register`). To one server when DISCORD_GUILD_ID is
 * set (there at once: for trying the bot out), else globally (every server the bot is in, and its DMs).
 * A PUT replaces this application's commands in that scope, so running it twice is harmless.
 */
import { DiscordAPIError, HTTPError, REST, RESTEvents, Routes } from 'discord.js'
import type { DiscordConfig } from '../../src/config.ts'
import { CitedAnswersError } from '../../src/errors.ts'
import type { Logger } from '../../src/logger.ts'
import { ASK_COMMAND } from './command.ts'

export interface RegisterDiscordCommandsConfig {
  discord: DiscordConfig
  logger: Logger
}

/** Discord's JSON error codes that name the cause (discord.com/developers/docs/topics/opcodes-and-status-codes) */
const UNKNOWN_APPLICATION = 10002
const UNKNOWN_GUILD = 10004
const NOT_AUTHORIZED_FOR_APPLICATION = 20012
const MISSING_ACCESS = 50001

function registrationError(error: unknown, discord: DiscordConfig): CitedAnswersError {
  const where = discord.guildId ? `in server ${discord.guildId}` : 'globally'
  const status = error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : undefined
  const code = error instanceof DiscordAPIError ? error.code : undefined
  const detail = error instanceof Error ? error.message : String(error)
  let message: string
  if (status === 401) {
    message =
      'Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal (your application → Bot → Reset Token)'
  } else if (code === NOT_AUTHORIZED_FOR_APPLICATION) {
    message = `DISCORD_TOKEN is the token of another application than DISCORD_APPLICATION_ID ${discord.applicationId} (${detail}); copy both from the same application in the developer portal`
  } else if (code === UNKNOWN_APPLICATION) {
    message = `Discord knows no application ${discord.applicationId} (${detail}); set DISCORD_APPLICATION_ID to the Application ID on the General Information page`
  } else if (code === UNKNOWN_GUILD || (discord.guildId && (code === MISSING_ACCESS || status === 403))) {
    message = `Discord refused to register /ask in server ${discord.guildId} (${detail}): invite the bot to that server with the applications.commands scope (see the README), or check DISCORD_GUILD_ID`
  } else if (status !== undefined) {
    message = `Discord refused to register /ask ${where} (${status}: ${detail})`
  } else {
    message = `Could not reach Discord to register /ask (${detail}); check the network, or DISCORD_API_URL if set`
  }
  return new CitedAnswersError('invalid-config', message, { cause: error })
}

/** Register `/ask` and say, in a sentence, what was done. */
export async function registerDiscordCommands(config: RegisterDiscordCommandsConfig): Promise<string> {
  const { discord, logger } = config
  const rest = new REST({
    retries: 2,
    timeout: 10_000,
    ...(discord.apiUrl ? { api: discord.apiUrl.replace(/\/+$/, '') } : {}),
  }).setToken(discord.token)
  rest.on(RESTEvents.RateLimited, (info) => {
    logger.warn(`discord: rate limited while registering; retrying in ${Math.round(info.retryAfter)} ms`)
  })
  const route = discord.guildId
    ? Routes.applicationGuildCommands(discord.applicationId, discord.guildId)
    : Routes.applicationCommands(discord.applicationId)
  try {
    await rest.put(route, { body: [ASK_COMMAND] })
  } catch (error) {
    throw registrationError(error, discord)
  }
  return discord.guildId
    ? `Registered /ask in server ${discord.guildId}; it can be used there now.`
    : 'Registered /ask globally: in every server the bot is in and in direct messages with it (it can take a few minutes to appear everywhere).'
}
