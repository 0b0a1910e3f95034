/**
 * Discord: text from users or documents made inert (Markdown escaped, mention syntax broken), and the same
 * undone for text the bot wrote itself and reads back, such as the question above an answer. Pure.
 */
import { escapeMarkdown } from 'discord.js'

const SNOWFLAKE = /^\d{15,25}$/

/** `<@1>`, `<@!1>`, `<@&1>`, `<#1>`: a zero-width space before the id leaves them as plain text */
const MENTION_SYNTAX = /<(@[!&]?|#)(?=\d)/g
/** `@everyone` and `@here`, wherever they stand */
const MASS_MENTION = /@(everyone|here)/gi

/** Mention syntax broken so it shows as text and can never ping, even where allowed_mentions is ignored. */
export function neutralizeMentions(text: string): string {
  return text.replace(MENTION_SYNTAX, '<$1\u200B').replace(MASS_MENTION, '@\u200B$1')
}

/**
 * Text from users or documents made inert for places Discord reads Markdown (content, descriptions, field
 * values): Markdown escaped, line-start `>` too, and mention syntax broken.
 */
export function escapeDiscord(text: string): string {
  const escaped = escapeMarkdown(text, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  })
  return neutralizeMentions(escaped.replace(/^(\s*)>/gm, '$1\\>'))
}

/**
 * `escapeDiscord` undone. Every backslash it leaves is one it put before a character (a backslash of the
 * text's own is doubled), so each `\x` reads back as `x`; the zero-width spaces it put into mention syntax
 * come out. Text that held such a space of its own reads back without it, which callers catch by comparing
 * a digest of what they expected.
 */
export function unescapeDiscord(text: string): string {
  return text
    .replace(/<(@[!&]?|#)\u200B(?=\d)/g, '<$1')
    .replace(/@\u200B(everyone|here)/gi, '@$1')
    .replace(/\\(.)/gsu, '$1')
}

/** A user id from Discord's own payload as a mention (allowed_mentions keeps it silent); anything else, none. */
export const mentionOf = (userId: string | undefined) =>
  userId && SNOWFLAKE.test(userId) ? `<@${userId}>` : undefined
