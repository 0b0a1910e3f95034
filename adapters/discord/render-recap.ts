/**
 * Discord: a channel's recap as a message. A line with the window (shown in each reader's own time), then
 * an embed of the questions answered, each with its best statement and citation, and one of the questions
 * left open; long lists end with "…and N more" so the message stays within Discord's limits. Everything
 * from users or documents is made inert. Pure.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js'
import { describeSpan, type Recap, type RecapItem } from '../../src/recap.ts'
import { UNREVIEWED_NOTE } from '../../src/review.ts'
import { shorten } from '../../src/shorten.ts'
import type { RecapDeclined } from '../../src/store/store.ts'
import { recapButtonId } from './buttons.ts'
import { ACCENT, MUTED, packEach } from './embeds.ts'
import { escapeDiscord, mentionOf } from './escape.ts'

export interface DiscordRecapOptions {
  /** `private`: the asker's alone, with Share to channel; `channel`: a reply in the channel; `shared`: shared */
  audience: 'private' | 'channel' | 'shared'
  /** who shared it, named (never pinged) in a shared recap */
  sharedBy?: string
  /** whether the private recap has its Share button */
  buttons?: boolean
}

/**
 * the characters of each list: both fit in a message's 6,000 with their titles, answers taking the most;
 * a busy day's lists are cut with a count
 */
const ANSWER_CHARS = 4000
const OPEN_CHARS = 1500

const escaped = (text: string, max: number) => escapeDiscord(shorten(text, max))

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`

/** `<t:…>` shows the time in each reader's own time zone */
const discordTime = (date: Date, withDay: boolean) =>
  `<t:${Math.floor(date.getTime() / 1000)}:${withDay ? 'f' : 't'}>`

function answerLine(item: RecapItem, view: Recap['view']): string {
  const tags = [
    ...(item.seen === 'shared' ? ['shared'] : []),
    ...(item.seen === 'private' && view === 'viewer' ? ['*only you*'] : []),
    ...(item.asked > 1 ? [`asked ${item.asked}×`] : []),
  ]
  const asked = `• **${escaped(item.question, 200)}**${tags.map((tag) => ` · ${tag}`).join('')}`
  const found = item.claims.filter((claim) => claim.found)
  const missing = item.claims.length - found.length
  const [best] = found
  const notes = [
    ...(best?.unreviewed ? [UNREVIEWED_NOTE] : []),
    ...(found.length > 1 ? [`+${found.length - 1} more cited`] : []),
    ...(missing > 0 && best
      ? [`${plural(missing, 'passage', 'passages')} no longer in the knowledge base`]
      : []),
  ]
  const answered = best
    ? `${escaped(best.statement, 300)} — *${escaped(best.citation.title, 100)} · ${escaped(best.citation.section, 100)}*`
    : '*What it cited is no longer in the knowledge base.*'
  return `${asked}\n   ${answered}${notes.map((note) => ` · ${note}`).join('')}`
}

function openLine(item: RecapDeclined, view: Recap['view']): string {
  const tags = [
    ...(item.seen === 'private' && view === 'viewer' ? ['*only you*'] : []),
    ...(item.asked > 1 ? [`asked ${item.asked}×`] : []),
  ]
  return `• ${escaped(item.question, 200)}${tags.map((tag) => ` · ${tag}`).join('')}`
}

/** Share to channel, for a private recap that holds anything the channel saw */
function shareRow(recap: Recap, options: DiscordRecapOptions) {
  const shareable = [...recap.answers, ...recap.open].some((item) => item.seen !== 'private')
  if (options.audience !== 'private' || !options.buttons || !shareable) return []
  const row: APIActionRowComponent<APIButtonComponentWithCustomId> = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        custom_id: recapButtonId(recap),
        label: 'Share to channel',
      },
    ],
  }
  return [row]
}

/** Render a recap for its audience: the line above, the embeds and the Share button. */
export function renderRecap(recap: Recap, options: DiscordRecapOptions) {
  const span = describeSpan(recap.minutes)
  const since = discordTime(recap.since, recap.minutes > 12 * 60)
  const who = options.audience === 'shared' ? mentionOf(options.sharedBy) : undefined
  const title = who
    ? `${who} shared a recap of ${span} in this channel`
    : `**Recap of ${span} in this channel**`
  if (recap.answers.length === 0 && recap.open.length === 0) {
    return {
      content: `${title}\nNo questions were asked in this channel in ${span}.`,
      embeds: [],
      components: [],
    }
  }
  const counts = `${plural(recap.answers.length, 'question', 'questions')} answered · ${recap.open.length.toLocaleString('en-US')} open`
  const privateOnes =
    recap.view === 'viewer' && [...recap.answers, ...recap.open].some((item) => item.seen === 'private')
  const note = privateOnes
    ? '\n-# Only you saw the ones marked *only you*: Share to channel leaves them out.'
    : ''
  const embeds: APIEmbed[] = []
  // lines are made only as far as they fit: escaping 500 questions that are cut anyway is most of the work
  const { answers, open, view } = recap
  if (answers.length > 0) {
    const description = packEach(
      answers.length,
      (at) => answerLine(answers[at] as RecapItem, view),
      ANSWER_CHARS,
    )
    embeds.push({ color: ACCENT, title: 'Answered', description })
  }
  if (open.length > 0) {
    const description = packEach(open.length, (at) => openLine(open[at] as RecapDeclined, view), OPEN_CHARS)
    embeds.push({ color: MUTED, title: 'Open: nothing in the documents answers these', description })
  }
  return {
    content: `${title}\nSince ${since} · ${counts}${note}`,
    embeds,
    components: shareRow(recap, options),
  }
}
