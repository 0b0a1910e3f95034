/**
 * Slack: a correction in the thread of an answer whose claim changed or was withdrawn: what changed, the
 * statement now with the passage it quotes and where that is, or what was withdrawn. Text from documents
 * is made inert, so nothing in it can mention anyone. Pure.
 */
import { type CorrectionNote, correctionHeadline, WITHDRAWN_NOTE } from '../../src/corrections/note.ts'
import { clip, context, section } from './mrkdwn.ts'
import type { SlackMessage } from './render.ts'

/** short enough to read in a thread at a glance; the document holds the rest */
const STATEMENT_CHARS = 600
const QUOTE_CHARS = 500

const blockQuote = (escaped: string) =>
  escaped
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')

/** A link target as Slack's `<url|text>` takes it: the characters that would end the link percent-encoded. */
const linkTarget = (url: string) => url.replace(/[|<>\s]/g, (character) => encodeURIComponent(character))

function where(note: CorrectionNote): string {
  const { title, section: part, url } = note.citation
  const name = clip(title, 200, 300).text
  return `${url ? `<${linkTarget(url)}|${name}>` : name} · ${clip(part, 200, 300).text}`
}

export function renderCorrection(note: CorrectionNote): SlackMessage {
  const headline = `*Correction:* ${correctionHeadline(note)}`
  const statement = clip(note.statement, STATEMENT_CHARS, 1500).text
  if (note.kind === 'withdrawn') {
    return {
      text: `Correction: ${clip(correctionHeadline(note), 200, 300).text}`,
      blocks: [section(`${headline}\nIt said: ${statement}\n${WITHDRAWN_NOTE}`), context(where(note))],
    }
  }
  const quote = clip(note.citation.quote, QUOTE_CHARS, 1400).text
  return {
    text: `Correction: ${correctionHeadline(note)} Now: ${clip(note.statement, 200, 600).text}`,
    blocks: [section(`${headline}\n*Now:* ${statement}\n${blockQuote(quote)}`), context(where(note))],
  }
}
