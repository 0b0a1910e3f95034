/**
 * Slack: mrkdwn text from users or documents made inert and fitted to Slack's limits, and the blocks
 * that hold it. Pure.
 */
import type { types } from '@slack/bolt'
import { shorten } from '../../src/shorten.ts'

export type SlackBlock = types.KnownBlock
export type MrkdwnText = types.MrkdwnElement

/** Slack's limits (docs.slack.dev/reference/block-kit): past them Slack rejects the whole message. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fieldText: 2000,
  buttonLabel: 75,
  buttonValue: 2000,
  buttonsPerBlock: 25,
} as const

const SLACK_ID = /^[UW][A-Z0-9]{2,}$/

/** A user id as a mention; anything but an id from Slack's own payload, none. */
export const mentionOf = (userId: string | undefined) =>
  userId && SLACK_ID.test(userId) ? `<@${userId}>` : undefined

/** `@here` typed as plain text: Slack's automatic parsing could turn it into a real mention */
const MASS_MENTION = /(?<![\w@])@(channel|here|everyone)\b/gi

/**
 * Text from users or documents made inert: `&`, `<`, `>` escaped as Slack asks, so `<!channel>`,
 * `<@U…>` or `<!subteam^…>` are shown rather than obeyed, and a zero-width space after the `@` of a
 * plain `@here`, `@channel` or `@everyone`.
 */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MASS_MENTION, '@\u200B$1')
}

export interface Clipped {
  text: string
  shortened: boolean
}

/** Shorten text that is already escaped, never cutting through an escape, a mention or an emoji. */
export function truncateMarkup(text: string, max: number): string {
  if (text.length <= max) return text
  let cut = text.slice(0, max - 1)
  const amp = cut.lastIndexOf('&')
  if (amp >= 0 && !cut.includes(';', amp)) cut = cut.slice(0, amp)
  const open = cut.lastIndexOf('<')
  if (open >= 0 && !cut.includes('>', open)) cut = cut.slice(0, open)
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  return `${cut.trimEnd()}…`
}

/**
 * Escape `text`, shortened with an ellipsis to at most `maxChars` characters before escaping and
 * `maxEscaped` after it.
 */
export function clip(text: string, maxChars: number, maxEscaped: number): Clipped {
  const cut = shorten(text, maxChars)
  const escaped = escapeSlack(cut)
  const fitted = truncateMarkup(escaped, maxEscaped)
  return { text: fitted, shortened: cut !== text || fitted !== escaped }
}

export const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text, verbatim: true })

export const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) })

export const context = (text: string): SlackBlock => ({ type: 'context', elements: [mrkdwn(text)] })

/**
 * mrkdwn as a reader sees it: a link as its text, a mention as `@` and its id (its name is not known
 * here), the quote bar, the formatting marks and the escapes gone.
 */
export function seenMrkdwn(text: string): string {
  return text
    .replace(/^> ?/gm, '')
    .replace(/<([^<>|]*)\|([^<>]*)>/g, '$2')
    .replace(/<[@!#]([^<>]*)>/g, '@$1')
    .replace(/<([^<>]*)>/g, '$1')
    .replace(/(^|[^\w])([*_~`])(?=\S)(.*?\S)\2(?!\w)/gm, '$1$3')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u200B/g, '')
}

/**
 * The text of a message's blocks as a reader sees it, one line per text: sections with their fields,
 * context lines, headers and the buttons' labels. Dividers and images' alternative text are not read.
 */
export function seenText(blocks: readonly SlackBlock[]): string {
  const seen = (element: { type: string; text?: unknown }): string[] => {
    if (typeof element.text === 'string')
      return [element.type === 'mrkdwn' ? seenMrkdwn(element.text) : element.text]
    if (element.text && typeof element.text === 'object') return seen(element.text as typeof element)
    return []
  }
  return blocks
    .flatMap((block) => {
      switch (block.type) {
        case 'section':
          return [...(block.text ? seen(block.text) : []), ...(block.fields ?? []).flatMap(seen)]
        case 'context':
        case 'actions':
          return (block.elements as { type: string; text?: unknown }[]).flatMap(seen)
        case 'header':
          return seen(block.text)
        default:
          return []
      }
    })
    .join('\n')
}
