/**
 * A correction note, as every platform says it: what changed, the claim's statement now and its citation,
 * or that it was withdrawn. Kept in the event store's queue as JSON, so that a note queued by one start is
 * posted as it was planned by whichever process posts it. Pure.
 */
import { z } from 'zod'
import { citationOf } from '../answer/ask.ts'
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import type { Citation } from '../types.ts'
import type { ChangedPart, ClaimChange } from './changes.ts'

export type CorrectionNote =
  | {
      kind: 'changed'
      claim: string
      changed: ChangedPart[]
      /** the statement now */
      statement: string
      /** its citation now */
      citation: Citation
    }
  | {
      kind: 'withdrawn'
      claim: string
      /** the statement as it was */
      statement: string
      /** its citation as it was */
      citation: Citation
    }

const citationSchema = z.object({
  source: z.string(),
  title: z.string(),
  section: z.string(),
  quote: z.string(),
  url: z.string().optional(),
  updated: z.string().optional(),
})

const noteSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('changed'),
    claim: z.string(),
    changed: z.array(z.enum(['statement', 'quote'])).min(1),
    statement: z.string(),
    citation: citationSchema,
  }),
  z.object({
    kind: z.literal('withdrawn'),
    claim: z.string(),
    statement: z.string(),
    citation: citationSchema,
  }),
])

/** The note a change calls for. */
export function noteOf(change: ClaimChange, kb: KnowledgeBase): CorrectionNote {
  if (change.kind === 'changed') {
    const { claim } = change
    return {
      kind: 'changed',
      claim: claim.id,
      changed: change.changed,
      statement: claim.statement,
      citation: citationOf(claim, kb),
    }
  }
  const { before } = change
  return {
    kind: 'withdrawn',
    claim: before.claim,
    statement: before.statement,
    citation: { source: before.source, title: before.title, section: before.section, quote: before.quote },
  }
}

export const encodeNote = (note: CorrectionNote): string => JSON.stringify(note)

/** A note read back from the queue; undefined when it is not one (written by a later version, say). */
export function decodeNote(text: string): CorrectionNote | undefined {
  try {
    const parsed = noteSchema.safeParse(JSON.parse(text))
    if (!parsed.success) return undefined
    const { citation, ...rest } = parsed.data
    // optional fields absent rather than undefined, as a Citation has them
    const { url, updated, ...where } = citation
    return {
      ...rest,
      citation: {
        ...where,
        ...(url === undefined ? {} : { url }),
        ...(updated === undefined ? {} : { updated }),
      },
    }
  } catch {
    return undefined
  }
}

/** What the note is about, after "Correction:", as every platform says it. */
export function correctionHeadline(note: CorrectionNote): string {
  if (note.kind === 'withdrawn') return 'a statement this answer cited was withdrawn from the knowledge base.'
  const statement = note.changed.includes('statement')
  const quote = note.changed.includes('quote')
  if (statement && quote) return 'a statement this answer cited, and the passage it quotes, changed.'
  if (quote) return 'the passage quoted for a statement this answer cited changed.'
  return 'a statement this answer cited changed.'
}

/** What a withdrawal note ends with. */
export const WITHDRAWN_NOTE = 'It no longer answers questions; ask again for what the documents say now.'

/** A note as plain lines, for `kb corrections --dry-run`. */
export function describeCorrection(note: CorrectionNote): string[] {
  const { title, section, quote } = note.citation
  return note.kind === 'changed'
    ? [
        `Correction: ${correctionHeadline(note)}`,
        `Now: ${note.statement}`,
        `${title} · ${section}: “${quote}”`,
      ]
    : [`Correction: ${correctionHeadline(note)}`, `It said: ${note.statement}`, `${title} · ${section}`]
}
