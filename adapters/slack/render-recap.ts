/**
 * Slack: a channel's recap as a Block Kit message. A heading with the window (shown in each reader's own
 * time), then the questions answered, each with its best statement and citation, and the questions left
 * open; long lists end with "…and N more" so the message stays within Slack's limits. Pure.
 */
import { describeSpan, type Recap, type RecapItem } from '../../src/recap.ts'
import { UNREVIEWED_NOTE } from '../../src/review.ts'
import type { RecapDeclined } from '../../src/store/store.ts'
import { clip, mentionOf, SLACK_LIMITS, type SlackBlock, section } from './mrkdwn.ts'
import type { SignButtonValue, SlackMessage } from './render.ts'

export const SHARE_RECAP_ACTION = 'share-recap'

/** What a recap's Share button carries: the channel it was read in, and its window (ms since 1970). */
export interface RecapButtonValue {
  ch: string
  s: number
  u: number
}

export interface SlackRecapOptions {
  /** `private`: the asker's alone, with Share to channel; `channel`: a reply in the channel; `shared`: shared */
  audience: 'private' | 'channel' | 'shared'
  /** who asked for the recap, named in a shared one */
  askedBy?: string
  /** the channel it was read in, which its Share button may post to and no other */
  channel?: string
  sign: SignButtonValue
}

/**
 * at most this many sections of answers and of open questions: a meeting's questions fit, and a busy
 * day's are cut with a count rather than filling a screen
 */
const ANSWER_SECTIONS = 3
const OPEN_SECTIONS = 1

/** `<!date^…>` shows the time in each reader's own time zone; the fallback is for clients that cannot */
function slackTime(date: Date, withDay: boolean): string {
  const seconds = Math.floor(date.getTime() / 1000)
  const iso = date.toISOString()
  const fallback = withDay ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : `${iso.slice(11, 16)} UTC`
  return `<!date^${seconds}^${withDay ? '{date_short_pretty} {time}' : '{time}'}|${fallback}>`
}

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`

function answerLine(item: RecapItem, view: Recap['view']): string {
  const tags = [
    ...(item.seen === 'shared' ? ['shared'] : []),
    ...(item.seen === 'private' && view === 'viewer' ? ['_only you_'] : []),
    ...(item.asked > 1 ? [`asked ${item.asked}×`] : []),
  ]
  const asked = `• *${clip(item.question, 200, 600).text}*${tags.map((tag) => ` · ${tag}`).join('')}`
  const found = item.claims.filter((claim) => claim.found)
  const missing = item.claims.length - found.length
  const [best] = found
  const notes = [
    ...(best?.unreviewed ? [`_${UNREVIEWED_NOTE}_`] : []),
    ...(found.length > 1 ? [`+${found.length - 1} more cited`] : []),
    ...(missing > 0 && best
      ? [`${plural(missing, 'passage', 'passages')} no longer in the knowledge base`]
      : []),
  ]
  const answered = best
    ? `${clip(best.statement, 300, 900).text} — _${clip(best.citation.title, 100, 300).text} · ${clip(best.citation.section, 100, 300).text}_`
    : '_What it cited is no longer in the knowledge base._'
  return `${asked}\n      ${answered}${notes.map((note) => ` · ${note}`).join('')}`
}

function openLine(item: RecapDeclined, view: Recap['view']): string {
  const tags = [
    ...(item.seen === 'private' && view === 'viewer' ? ['_only you_'] : []),
    ...(item.asked > 1 ? [`asked ${item.asked}×`] : []),
  ]
  return `• ${clip(item.question, 200, 600).text}${tags.map((tag) => ` · ${tag}`).join('')}`
}

/**
 * A heading and its `count` lines in at most `maxSections` sections; when they do not all fit, the last
 * ends with "…and N more". Every line is far shorter than a section holds, and is made by `lineAt` only
 * when reached, so that a long list costs only what is shown.
 */
function packSections(
  heading: string,
  count: number,
  lineAt: (at: number) => string,
  maxSections: number,
  what: string,
) {
  const limit = SLACK_LIMITS.sectionText
  const blocks: SlackBlock[] = []
  let current = heading
  for (let at = 0; at < count; at += 1) {
    const line = lineAt(at)
    const left = count - at
    const more = `_…and ${plural(left, `more ${what}`, `more ${what}s`)}_`
    const last = blocks.length === maxSections - 1
    // the last section keeps room for the "…and N more" line, unless this is the last line
    const reserve = last && left > 1 ? more.length + 1 : 0
    if (current.length + 1 + line.length + reserve <= limit) {
      current = `${current}\n${line}`
      continue
    }
    if (!last) {
      blocks.push(section(current))
      current = line
      continue
    }
    current = `${current}\n${more}`
    break
  }
  blocks.push(section(current))
  return blocks
}

/**
 * Share to channel, for a private recap that holds anything the channel saw: one of only the asker's own
 * private answers would share nothing
 */
function shareButton(recap: Recap, options: SlackRecapOptions): SlackBlock[] {
  const shareable = [...recap.answers, ...recap.open].some((item) => item.seen !== 'private')
  if (options.audience !== 'private' || !options.channel || !shareable) return []
  const value: RecapButtonValue = { ch: options.channel, s: recap.since.getTime(), u: recap.until.getTime() }
  return [
    {
      type: 'actions',
      block_id: 'recap-actions',
      elements: [
        {
          type: 'button',
          action_id: SHARE_RECAP_ACTION,
          text: { type: 'plain_text', text: 'Share to channel', emoji: true },
          value: options.sign(SHARE_RECAP_ACTION, JSON.stringify(value)),
          style: 'primary',
        },
      ],
    },
  ]
}

/** Render a recap for its audience. */
export function renderRecap(recap: Recap, options: SlackRecapOptions): Omit<SlackMessage, 'response_type'> {
  const span = describeSpan(recap.minutes)
  const since = slackTime(recap.since, recap.minutes > 12 * 60)
  const who = options.audience === 'shared' ? mentionOf(options.askedBy) : undefined
  const title = who
    ? `${who} shared a recap of ${span} in this channel`
    : `*Recap of ${span} in this channel*`
  const counts = `${plural(recap.answers.length, 'question', 'questions')} answered · ${recap.open.length.toLocaleString('en-US')} open`
  if (recap.answers.length === 0 && recap.open.length === 0) {
    const none = `No questions were asked in this channel in ${span}.`
    return { text: none, blocks: [section(`${title}\n${none}`)] }
  }
  const privateOnes =
    recap.view === 'viewer' && [...recap.answers, ...recap.open].some((item) => item.seen === 'private')
  const note = privateOnes
    ? '\n_Only you saw the ones marked “only you”: Share to channel leaves them out._'
    : ''
  const blocks: SlackBlock[] = [section(`${title}\nSince ${since} · ${counts}${note}`)]
  const { answers, open, view } = recap
  if (answers.length > 0) {
    const lineAt = (at: number) => answerLine(answers[at] as RecapItem, view)
    blocks.push(...packSections('*Answered*', answers.length, lineAt, ANSWER_SECTIONS, 'question'))
  }
  if (open.length > 0) {
    const lineAt = (at: number) => openLine(open[at] as RecapDeclined, view)
    const heading = '*Open: nothing in the documents answers these*'
    blocks.push(...packSections(heading, open.length, lineAt, OPEN_SECTIONS, 'question'))
  }
  blocks.push(...shareButton(recap, options))
  const text = `${who ? `${who} shared a recap` : 'Recap'} of ${span} in this channel: ${counts}.`
  return { text, blocks }
}
