/**
 * How much a user reads in the first reply to a question, on Slack and on Discord: the reply to each
 * answered question is rendered as the adapters render a private answer, and its visible text counted.
 * Visible means what a reader sees on screen: the question line, every statement, quote and citation, and
 * the buttons' labels and emoji; not the markup around them (link targets, formatting marks, escapes, quote
 * bars), nor the text Slack keeps for notifications, nor an accessibility label. A mention counts as `@`
 * and its id (a private answer names no one). Characters are counted as a reader counts them, an emoji
 * or an accented letter being one.
 */
import { renderDiscord, seenText as seenOnDiscord } from '../../adapters/discord/render.ts'
import { renderSlack, seenText as seenOnSlack } from '../../adapters/slack/render.ts'
import { handle } from '../commands.ts'
import { SHOWN_MATCHES } from '../first-reply.ts'
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'

/** the target: the first reply to 95% of answered questions reads in at most 600 characters */
export const REPLY_TARGET = { chars: 600, share: 0.95 } as const

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })
const countSeen = (text: string) => [...graphemes.segment(text)].length

export interface ReplySizes {
  /** how many of the questions were answered, and so measured */
  answered: number
  /** the visible length of each first reply */
  slack: number[]
  discord: number[]
}

/** The visible length of the first reply to each of `questions` that `kb` answers, per platform. */
export function measureReplies(kb: KnowledgeBase, questions: readonly string[]): ReplySizes {
  const sizes: ReplySizes = { answered: 0, slack: [], discord: [] }
  for (const question of questions) {
    const reply = handle({ kind: 'ask', question }, kb, { limit: SHOWN_MATCHES })
    if (reply.kind !== 'answer' || reply.answer.kind !== 'answered') continue
    sizes.answered++
    sizes.slack.push(countSeen(seenOnSlack(renderSlack(reply, { audience: 'private' }).blocks)))
    sizes.discord.push(countSeen(seenOnDiscord(renderDiscord(reply, { audience: 'private', buttons: true }))))
  }
  return sizes
}

/** Sizes measured apart, taken together. */
export const combineSizes = (...all: readonly ReplySizes[]): ReplySizes => ({
  answered: all.reduce((sum, sizes) => sum + sizes.answered, 0),
  slack: all.flatMap((sizes) => sizes.slack),
  discord: all.flatMap((sizes) => sizes.discord),
})

/** The value below which `share` of `values` fall (nearest rank). */
export function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? 0
}

const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)}%`)

/** Print, per set and platform, the share of first replies within the target and the percentiles. */
export function reportReplySizes(rows: readonly { name: string; sizes: ReplySizes }[]): void {
  const { chars, share } = REPLY_TARGET
  console.log('\nFirst reply to each answered question, in visible characters (buttons included)')
  console.log(
    `  questions                           answered  platform  ≤ ${chars} chars    p50    p95    max`,
  )
  for (const { name, sizes } of rows) {
    for (const [platform, lengths] of [
      ['Slack', sizes.slack],
      ['Discord', sizes.discord],
    ] as const) {
      const within = lengths.filter((length) => length <= chars).length
      const figures = [percentile(lengths, 0.5), percentile(lengths, share), Math.max(0, ...lengths)]
      console.log(
        `  ${name.padEnd(36)}${String(sizes.answered).padStart(8)}  ${platform.padEnd(8)}  ${pct(within, lengths.length).padStart(13)}  ${figures.map((figure) => String(figure).padStart(5)).join('  ')}`,
      )
    }
  }
  console.log(`  target: ≤ ${chars} characters for ${share * 100}% of answered questions, on each platform`)
}
