/**
 * Discord: what someone asked, from the slash command's option, a mention of the bot, a direct message or
 * the prefix (a button's custom_id is read in buttons.ts). Pure; nothing here throws on what users or
 * Discord send.
 */
import { type Command, parseCommand, withoutMassMentions } from '../../src/commands.ts'

/**
 * `<@1>` `<@!1>` users, `<@&1>` roles, `<#1>` channels, `</ask:1>` commands, `<:name:1>` `<a:name:1>`
 * custom emoji, `<t:1700000000:R>` timestamps: none carries words the knowledge base knows
 */
const MARKUP = /<(?:@[!&]?\d+|#\d+|\/[^<>\s:]+(?: [^<>\s:]+){0,2}:\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFsSR])?)>/g

/** Discord's text as the words someone typed: mentions, channel links, custom emoji and timestamps removed. */
export function cleanDiscordText(text: string): string {
  return withoutMassMentions(text.replace(MARKUP, ' ')).replace(/\s+/g, ' ').trim()
}

/** The command in the slash command's `question` option (absent: help). */
export function parseQuestionOption(value: unknown): Command {
  return parseCommand(cleanDiscordText(typeof value === 'string' ? value : ''))
}

/** A message the bot saw, reduced to what decides whether and what it was asked. */
export interface IncomingMessage {
  content: string
  /** a direct message to the bot: every message is for it */
  isDirect: boolean
  /** the bot's own user id, to recognise a mention of it */
  botId: string
  /** the prefix, only when the operator enabled the Message Content intent */
  prefix?: string
}

/** the text after `prefix` when `text` starts with it as a word (`!ask iran`, not `!askance`) */
function afterPrefix(text: string, prefix: string | undefined): string | undefined {
  if (!prefix || !text.toLowerCase().startsWith(prefix.toLowerCase())) return undefined
  const rest = text.slice(prefix.length)
  return rest === '' || /^\s/.test(rest) ? rest : undefined
}

/**
 * The command in a message, or undefined when the message is not for the bot: in a server, a message is
 * for it when it mentions the bot, or starts with the prefix; in a direct message, always.
 */
export function parseDiscordMessage(message: IncomingMessage): Command | undefined {
  const content = message.content.trim()
  // a user id is digits; anything else can never be mentioned, so matches nothing
  const id = /^\d+$/.test(message.botId) ? message.botId : '(?!)'
  const mention = new RegExp(`<@!?${id}>`)
  const leadingMention = new RegExp(`^<@!?${id}>\\s*`)
  if (message.isDirect) {
    const text = content.replace(leadingMention, '')
    return parseCommand(cleanDiscordText(afterPrefix(text, message.prefix) ?? text))
  }
  if (mention.test(content)) {
    const text = content.replace(leadingMention, '')
    return parseCommand(cleanDiscordText(afterPrefix(text, message.prefix) ?? text))
  }
  const rest = afterPrefix(content, message.prefix)
  return rest === undefined ? undefined : parseCommand(cleanDiscordText(rest))
}
