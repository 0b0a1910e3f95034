/**
 * Discord: a correction as a reply to an answer whose claim changed or was withdrawn: what changed, the
 * statement now with the passage it quotes and where that is, or what was withdrawn. Plain content, no
 * embed, so it reads as a short note under the answer; text from documents is made inert and nothing
 * may ping anyone. Pure.
 */
import { MessageFlags } from 'discord.js'
import { type CorrectionNote, correctionHeadline, WITHDRAWN_NOTE } from '../../src/corrections/note.ts'
import { shorten } from '../../src/shorten.ts'
import { escapeDiscord } from './escape.ts'

/** What POST /channels/{id}/messages takes, less the reference to the answer. */
export interface DiscordCorrection {
  content: string
  allowed_mentions: { parse: [] }
  /** no link previews under a note */
  flags: MessageFlags.SuppressEmbeds
}

/** short enough to read at a glance, and well within a message's 2,000 characters once escaped */
const STATEMENT_CHARS = 500
const QUOTE_CHARS = 400
const WHERE_CHARS = 120

const escaped = (text: string, max: number) => escapeDiscord(shorten(text, max))

const blockQuote = (text: string) =>
  text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')

function where(note: CorrectionNote): string {
  const { title, section, url } = note.citation
  const name = escaped(title, WHERE_CHARS)
  // <…> around the address: linked, without a preview; what would end the link is percent-encoded
  const target = url?.replace(/[()<>\s]/g, (character) => encodeURIComponent(character))
  return `-# ${target ? `[${name}](<${target}>)` : name} · ${escaped(section, WHERE_CHARS)}`
}

export function renderCorrection(note: CorrectionNote): DiscordCorrection {
  const headline = `**Correction:** ${correctionHeadline(note)}`
  const statement = escaped(note.statement, STATEMENT_CHARS)
  const lines =
    note.kind === 'withdrawn'
      ? [headline, `It said: ${statement}`, WITHDRAWN_NOTE, where(note)]
      : [
          headline,
          `**Now:** ${statement}`,
          blockQuote(escaped(note.citation.quote, QUOTE_CHARS)),
          where(note),
        ]
  return {
    content: lines.join('\n'),
    allowed_mentions: { parse: [] },
    flags: MessageFlags.SuppressEmbeds,
  }
}
