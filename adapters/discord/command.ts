/**
 * Discord: the `/ask` slash command as it is registered. One optional `question` option with autocomplete:
 * `/ask` alone shows help, and `help`, `sources`, `topics`, `recap` typed as the question work through the
 * shared command language, so Discord users and Slack users learn one set of words.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js'
import { MAX_QUESTION_CHARS } from '../../src/commands.ts'

export const ASK_COMMAND_NAME = 'ask'
export const QUESTION_OPTION = 'question'

export const ASK_COMMAND: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: ASK_COMMAND_NAME,
  description: 'Ask the documents; short answers, each cited to the exact passage',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: QUESTION_OPTION,
      description: 'Your question in plain words, or help, sources, topics, recap',
      required: false,
      autocomplete: true,
      // Discord's client stops the typing here; the bot still refuses longer text that reaches it
      max_length: MAX_QUESTION_CHARS,
    },
  ],
  // servers that installed the bot, and direct messages with it
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
}
