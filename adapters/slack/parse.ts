/**
 * Slack: what someone asked, from a slash command, a mention or a direct message, and what a button
 * press means. Pure; nothing here throws on what users or Slack send.
 */
import {
  type Command,
  MAX_QUESTION_CHARS,
  parseCommand,
  RECAP_MINUTES,
  withoutMassMentions,
} from '../../src/commands.ts'
import type { Vote } from '../../src/feedback.ts'
import { ACTION } from './render.ts'

/** Slack escapes these three in every text it sends (docs.slack.dev/messaging/formatting-message-text) */
const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' }

/** `<@U…>`, `<#C…|name>`, `<!here>`, `<!subteam^S…>`, `<!date^…|fallback>`, `<https://…|label>` */
const MARKUP = /<([^<>]*)>/g

/** The readable part of one piece of markup: a link's label or address, a date's fallback, else nothing. */
function readable(inner: string): string {
  const bar = inner.indexOf('|')
  const target = bar >= 0 ? inner.slice(0, bar) : inner
  const label = bar >= 0 ? inner.slice(bar + 1) : undefined
  if (target.startsWith('!date^')) return label ?? ''
  // mentions of people, groups, channels and everyone carry nothing the knowledge base knows
  if (target.startsWith('@') || target.startsWith('!') || target.startsWith('#')) return ''
  return label ?? target
}

/**
 * Slack's text as the words someone typed: entities decoded, then mentions (the bot's own included),
 * channel links and `@here`-style mass mentions removed, links reduced to their label.
 */
export function cleanSlackText(text: string): string {
  // mass mentions as typed, when Slack does not turn them into markup
  return withoutMassMentions(
    text
      .replace(/&(?:amp|lt|gt);/g, (entity) => ENTITY[entity] ?? entity)
      .replace(MARKUP, (_markup, inner: string) => ` ${readable(inner)} `),
  )
    .replace(/[ \t]+/g, ' ')
    .trim()
}

/** The command in a slash command's text, a mention of the bot or a direct message to it. */
export function parseSlackText(text: string | undefined): Command {
  return parseCommand(cleanSlackText(text ?? ''))
}

/** What a button under an answer asks for, read back from the value render.ts gave it. */
export type ButtonPress =
  | { kind: 'ask'; question: string }
  | { kind: 'share'; question: string; offset: number; claims: string[]; channel?: string }
  | { kind: 'more'; question: string; offset: number }
  /** `offset`: the page the vote was cast on (0 for buttons rendered before it was carried) */
  | { kind: 'vote'; vote: Vote; question: string; claims: string[]; offset: number }
  /** why `claim` matched `question`, told to whoever pressed */
  | { kind: 'why'; question: string; claim: string }
  /** a recap's window, to read again and post to `channel`, where it was read */
  | { kind: 'share-recap'; channel: string; since: Date; until: Date }
  | { kind: 'invalid'; message: string }

/** no answer has this many pages; a larger offset is not one we made */
const MAX_OFFSET = 1000
const MAX_CLAIMS = 20
const CLAIM_ID = /^[\w.-]+(\/[\w.-]+)*$/
/** Slack's conversation ids: C… channels, G… private channels, D… direct messages */
const CHANNEL_ID = /^[CDG][A-Z0-9]{2,40}$/

const invalid = (problem: string): ButtonPress => ({
  kind: 'invalid',
  message: `That button could not be read (${problem}). Ask again with /ask and your question.`,
})

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

/** The claim ids a value lists, or undefined unless it is a list of up to MAX_CLAIMS ids. */
function readClaimIds(value: unknown): string[] | undefined {
  const ok =
    Array.isArray(value) &&
    value.length <= MAX_CLAIMS &&
    value.every((claim): claim is string => typeof claim === 'string' && CLAIM_ID.test(claim))
  return ok ? value : undefined
}

const MINUTE_MS = 60_000

/** A recap's Share button: its channel, and a window of whole minutes no longer than a recap covers. */
function parseRecapButton(data: unknown): ButtonPress {
  const channel = field(data, 'ch')
  if (typeof channel !== 'string' || !CHANNEL_ID.test(channel)) {
    return invalid('its channel is not a Slack channel id')
  }
  const since = field(data, 's')
  const until = field(data, 'u')
  const span =
    Number.isSafeInteger(since) && Number.isSafeInteger(until) ? Number(until) - Number(since) : Number.NaN
  if (!(span >= RECAP_MINUTES.min * MINUTE_MS && span <= RECAP_MINUTES.max * MINUTE_MS)) {
    return invalid(`its window must span ${RECAP_MINUTES.min} to ${RECAP_MINUTES.max} minutes`)
  }
  return { kind: 'share-recap', channel, since: new Date(Number(since)), until: new Date(Number(until)) }
}

/** Read a button press: its action id and value. Malformed values give `invalid` with a message to show. */
export function parseButton(actionId: string, value: string | undefined): ButtonPress {
  let data: unknown
  try {
    data = JSON.parse(value ?? '')
  } catch {
    return invalid('its value is not the JSON this bot writes')
  }
  if (actionId === ACTION.shareRecap) return parseRecapButton(data)
  const question = field(data, 'q')
  if (typeof question !== 'string' || !question.trim() || question.length > MAX_QUESTION_CHARS) {
    return invalid(`it carries no question of 1 to ${MAX_QUESTION_CHARS} characters`)
  }
  switch (actionId) {
    case ACTION.ask:
      return { kind: 'ask', question }
    case ACTION.share:
    case ACTION.more: {
      const offset = field(data, 'o')
      if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
        return invalid(`its page must be a whole number from 0 to ${MAX_OFFSET}`)
      }
      if (actionId === ACTION.more) return { kind: 'more', question, offset }
      const claims = readClaimIds(field(data, 'c'))
      if (!claims) return invalid(`it must list up to ${MAX_CLAIMS} claim ids`)
      const channel = field(data, 'ch')
      if (channel === undefined) return { kind: 'share', question, offset, claims }
      if (typeof channel !== 'string' || !CHANNEL_ID.test(channel)) {
        return invalid('its channel is not a Slack channel id')
      }
      return { kind: 'share', question, offset, claims, channel }
    }
    case ACTION.voteUp:
    case ACTION.voteDown: {
      const claims = field(data, 'c')
      if (
        !Array.isArray(claims) ||
        claims.length > MAX_CLAIMS ||
        !claims.every((claim): claim is string => typeof claim === 'string' && CLAIM_ID.test(claim))
      ) {
        return invalid(`it must list up to ${MAX_CLAIMS} claim ids`)
      }
      const offset = field(data, 'o') ?? 0
      if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
        return invalid(`its page must be a whole number from 0 to ${MAX_OFFSET}`)
      }
      return { kind: 'vote', vote: actionId === ACTION.voteUp ? 'up' : 'down', question, claims, offset }
    }
    case ACTION.why: {
      const [claim, ...others] = readClaimIds(field(data, 'c')) ?? []
      if (claim === undefined || others.length > 0) return invalid('it must name one claim id')
      return { kind: 'why', question, claim }
    }
    default:
      return invalid(`"${actionId.slice(0, 40)}" is not a button of this bot`)
  }
}
