/**
 * The corrections a start calls for: the knowledge base compared with the claims the last start
 * recorded, and for each claim changed or withdrawn, the channel messages that showed it within the
 * window (claimShown: shared answers and answers given in a channel, never private ones).
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import type {
  ClaimVersion,
  CorrectionPlace,
  EventStore,
  NewCorrection,
  QueuedCorrection,
} from '../store/store.ts'
import { type ClaimChange, claimVersionsOf, diffClaims } from './changes.ts'
import { type CorrectionNote, decodeNote, encodeNote, noteOf } from './note.ts'

/** Which messages to follow up: those shown from `since` up to `until` (the start, not the answers since). */
export interface CorrectionWindow {
  since: Date
  until: Date
}

/** A note planned for one place. */
export interface PlannedCorrection extends NewCorrection {
  decoded: CorrectionNote
}

export interface CorrectionPlan {
  /** no claims were recorded before: this start records them, and nothing is corrected */
  first: boolean
  /** the knowledge base's claims now, to record */
  versions: ClaimVersion[]
  changes: ClaimChange[]
  notes: PlannedCorrection[]
  /** times a changed claim was shown in the window with no message to reply to (nowhere to post) */
  unplaced: number
}

type PlanEvents = Pick<EventStore, 'claimShown'> & {
  corrections: Pick<EventStore['corrections'], 'versions'>
}

export const placeKey = (place: CorrectionPlace) =>
  JSON.stringify([place.platform, place.workspace ?? '', place.channel, place.message])

const noteKey = (note: NewCorrection) => JSON.stringify([note.claim, note.version, placeKey(note.place)])

export async function planCorrections(
  kb: KnowledgeBase,
  events: PlanEvents,
  window: CorrectionWindow,
): Promise<CorrectionPlan> {
  const previous = await events.corrections.versions()
  const versions = claimVersionsOf(kb)
  const changes = diffClaims(previous, kb)
  const notes: PlannedCorrection[] = []
  let unplaced = 0
  const until = window.until.getTime()
  for (const change of changes) {
    const decoded = noteOf(change, kb)
    const note = encodeNote(decoded)
    const places = new Map<string, CorrectionPlace>()
    for (const shown of await events.claimShown(change.before.claim, window.since)) {
      // shown after the start began: by this very start, with the claim as it is now
      if (Date.parse(shown.at) > until) continue
      const { platform, workspace, channel } = shown.scope
      if (channel === undefined || shown.message === undefined) {
        unplaced += 1
        continue
      }
      const place = { platform, ...(workspace ? { workspace } : {}), channel, message: shown.message }
      places.set(placeKey(place), place)
    }
    for (const place of places.values()) {
      notes.push({ claim: change.before.claim, version: change.version, place, note, decoded })
    }
  }
  return { first: previous.length === 0, versions, changes, notes, unplaced }
}

/** A note a start would post, for `kb corrections --dry-run`. */
export interface PreviewedCorrection {
  claim: string
  place: CorrectionPlace
  note: CorrectionNote
  /** queued by an earlier start and not posted yet, or new from changes since the last start */
  from: 'queued' | 'new'
}

export interface CorrectionPreview {
  first: boolean
  changes: ClaimChange[]
  notes: PreviewedCorrection[]
  unplaced: number
}

type PreviewEvents = Pick<EventStore, 'claimShown'> & {
  corrections: Pick<EventStore['corrections'], 'versions' | 'list'>
}

/**
 * What a start would post now, without recording or posting anything: the notes still waiting from an
 * earlier start (less those a change now replaces), then the new ones not queued before.
 */
export async function previewCorrections(
  kb: KnowledgeBase,
  events: PreviewEvents,
  window: CorrectionWindow,
): Promise<CorrectionPreview> {
  const plan = await planCorrections(kb, events, window)
  const queued = await events.corrections.list({ since: window.since })
  const known = new Set(queued.map(noteKey))
  const versionNow = new Map(plan.changes.map((change) => [change.before.claim, change.version]))
  const stillWaiting = (item: QueuedCorrection) => {
    if (item.outcome !== undefined) return false
    const replacedBy = versionNow.get(item.claim)
    return replacedBy === undefined || replacedBy === item.version
  }
  const notes: PreviewedCorrection[] = []
  for (const item of queued.filter(stillWaiting)) {
    const note = decodeNote(item.note)
    if (note) notes.push({ claim: item.claim, place: item.place, note, from: 'queued' })
  }
  for (const item of plan.notes) {
    if (known.has(noteKey(item))) continue
    notes.push({ claim: item.claim, place: item.place, note: item.decoded, from: 'new' })
  }
  return { first: plan.first, changes: plan.changes, notes, unplaced: plan.unplaced }
}
