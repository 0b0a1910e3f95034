/**
 * A start's correction pass, run in the background while the bot answers: record the knowledge base's
 * claims, queue the notes their changes call for, then take the waiting notes a few at a time and post
 * each through the adapter of its platform. Posting never holds up answering: notes go two at a time,
 * spaced as each adapter asks (its platform's limits, with room left for answers), each platform library
 * waits out its own 429s, and a stop gives back what it had not begun.
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts'
import type { Logger } from '../logger.ts'
import type { CorrectionPlace, EventStore, QueuedCorrection } from '../store/store.ts'
import { knowledgeFingerprint } from './changes.ts'
import { type CorrectionNote, decodeNote } from './note.ts'
import { planCorrections } from './plan.ts'

/** What became of one note handed to a platform. */
export type PostedCorrection = { kind: 'posted' } | { kind: 'unreachable'; reason: string }

/**
 * How far apart an adapter wants its notes, to stay within its platform's limits with room to spare for
 * answers: a platform library waits out a 429, but while it waits the answers sharing that limit wait too.
 */
export interface CorrectionPace {
  /** the least time between two notes to one channel (ms) */
  channelMs: number
  /** the least time between any two notes this process posts on the platform (ms) */
  overallMs: number
}

/** An adapter that can post a correction: named after its platform, as the store's scopes are. */
export interface CorrectionPoster {
  readonly name: string
  /** none: as fast as the notes can go */
  readonly correctionPace?: CorrectionPace
  postCorrection(place: CorrectionPlace, note: CorrectionNote): Promise<PostedCorrection>
}

export const isCorrectionPoster = <T extends object>(value: T): value is T & CorrectionPoster =>
  'postCorrection' in value && typeof value.postCorrection === 'function' && 'name' in value

export interface CorrectionsOptions {
  kb: KnowledgeBase
  events: Pick<EventStore, 'claimShown' | 'corrections'>
  posters: readonly CorrectionPoster[]
  /**
   * post the notes (CORRECTIONS); when false the claims are still recorded, so that turning it on later
   * follows up only changes made from then on
   */
  post: boolean
  /** follow up answers shown in this many days before the start (CORRECTIONS_DAYS) */
  days: number
  logger: Logger
  now?: () => Date
  /** notes posted at once */
  concurrency?: number
  /** notes taken from the queue at once */
  batch?: number
  /** how long a note taken by a process that never closed it waits before another may take it */
  leaseMs?: number
}

export interface CorrectionSummary {
  /** no claims were recorded before this start */
  first: boolean
  changed: number
  withdrawn: number
  /** notes queued by this start (another replica may have queued the same ones first) */
  queued: number
  posted: number
  unreachable: number
  failed: number
}

export interface RunningCorrections {
  /** resolves once the pass has ended: every note this process could take closed, or a stop */
  done: Promise<CorrectionSummary>
  /**
   * Take no more notes, give back those taken and not begun, and wait up to `graceMs` for the posts in
   * progress; one still in progress then is closed if it ends while the process lives, or taken again by
   * a later start once its lease runs out.
   */
  stop(graceMs?: number): Promise<void>
}

const DAY_MS = 24 * 60 * 60 * 1000
/** two at a time: one note waiting out a slow reply or a 429 does not hold up notes to other channels */
const DEFAULT_CONCURRENCY = 2
/** enough notes at once to interleave channels, so a pause for one channel leaves the others going */
const DEFAULT_BATCH = 50
/** far longer than a batch takes even when rate limited, so a live process never loses its notes */
const DEFAULT_LEASE_MS = 15 * 60 * 1000

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

const channelOf = ({ place }: QueuedCorrection) =>
  JSON.stringify([place.platform, place.workspace ?? '', place.channel])

/** The batch with channels taking turns: the first note of each channel, then the second of each, … */
function interleaved(batch: readonly QueuedCorrection[]): QueuedCorrection[] {
  const seen = new Map<string, number>()
  return batch
    .map((item) => {
      const turn = seen.get(channelOf(item)) ?? 0
      seen.set(channelOf(item), turn + 1)
      return { item, turn }
    })
    .sort((a, b) => a.turn - b.turn || a.item.id - b.item.id)
    .map(({ item }) => item)
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`

export function startCorrections(options: CorrectionsOptions): RunningCorrections {
  const { kb, events, posters, logger } = options
  const now = options.now ?? (() => new Date())
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY)
  const batchSize = Math.max(1, options.batch ?? DEFAULT_BATCH)
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  const owner = randomUUID()
  const byPlatform = new Map(posters.map((poster) => [poster.name, poster]))
  const summary: CorrectionSummary = {
    first: false,
    changed: 0,
    withdrawn: 0,
    queued: 0,
    posted: 0,
    unreachable: 0,
    failed: 0,
  }
  let stopping = false
  const stopped = new AbortController()
  /** notes taken and not begun, given back on a stop */
  const notBegun = new Set<number>()
  const inProgress = new Set<Promise<void>>()
  /** when each platform, and each channel, may next be posted to (ms since 1970) */
  const nextFree = new Map<string, number>()

  /** Book the next time `item` may be posted under its platform's pace; resolves with how long to wait. */
  const book = (item: QueuedCorrection) => {
    const pace = byPlatform.get(item.place.platform)?.correctionPace
    if (!pace) return 0
    const platform = `platform ${item.place.platform}`
    const channel = `channel ${channelOf(item)}`
    const at = Math.max(Date.now(), nextFree.get(platform) ?? 0, nextFree.get(channel) ?? 0)
    nextFree.set(platform, at + pace.overallMs)
    nextFree.set(channel, at + pace.channelMs)
    return at - Date.now()
  }

  const giveBack = async (ids: readonly number[]) => {
    if (ids.length === 0) return
    await events.corrections.release(owner, ids).catch((error: unknown) => {
      logger.error('corrections: could not give back the notes not posted yet', error)
    })
  }

  const finish = async (id: number, outcome: 'posted' | 'unreachable' | 'failed', detail?: string) => {
    summary[outcome] += 1
    try {
      await events.corrections.finish(id, outcome, detail)
    } catch (error) {
      logger.error('corrections: could not record a note as done in the event store', error)
    }
  }

  const postOne = async (item: QueuedCorrection) => {
    const { place } = item
    const where = `${place.platform} channel ${place.channel}`
    const poster = byPlatform.get(place.platform)
    const note = decodeNote(item.note)
    if (!poster || !note) {
      await finish(item.id, 'failed', poster ? 'the queued note could not be read' : 'no adapter')
      return
    }
    try {
      const posted = await poster.postCorrection(place, note)
      if (posted.kind === 'posted') await finish(item.id, 'posted')
      else {
        logger.info(`corrections: no note posted in ${where} (${posted.reason})`)
        await finish(item.id, 'unreachable', posted.reason)
      }
    } catch (error) {
      logger.warn(`corrections: could not post a note in ${where} (${reasonOf(error)})`)
      await finish(item.id, 'failed', reasonOf(error))
    }
  }

  /** post a batch `concurrency` at a time, each at its booked time; a stop leaves the rest in `notBegun` */
  const postBatch = async (taken: readonly QueuedCorrection[]) => {
    const batch = interleaved(taken)
    for (const item of batch) notBegun.add(item.id)
    let next = 0
    const worker = async () => {
      while (!stopping && next < batch.length) {
        const item = batch[next] as QueuedCorrection
        next += 1
        const wait = book(item)
        if (wait > 0) await delay(wait, undefined, { signal: stopped.signal }).catch(() => {})
        if (stopping) return
        notBegun.delete(item.id)
        const piece = postOne(item)
        inProgress.add(piece)
        try {
          await piece
        } finally {
          inProgress.delete(piece)
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker))
  }

  const run = async (): Promise<CorrectionSummary> => {
    const started = now()
    const { newest } = await events.corrections.generation(knowledgeFingerprint(kb))
    if (!newest) {
      logger.warn(
        'corrections: another process started with a newer knowledge base than this one (a replica not yet replaced?); this one neither records its claims nor follows up the difference',
      )
      return summary
    }
    const since = new Date(started.getTime() - options.days * DAY_MS)
    const plan = await planCorrections(kb, events, { since, until: started })
    summary.first = plan.first
    summary.changed = plan.changes.filter((change) => change.kind === 'changed').length
    summary.withdrawn = plan.changes.length - summary.changed
    summary.queued = await events.corrections.record({
      versions: plan.versions,
      changes: plan.changes.map((change) => ({ claim: change.before.claim, version: change.version })),
      notes: options.post ? plan.notes : [],
    })
    if (plan.first) {
      logger.info(
        `corrections: recorded the knowledge base's ${plural(plan.versions.length, 'claim')}; from the next start on, a claim changed or withdrawn is followed up where it was shown`,
      )
      return summary
    }
    if (plan.changes.length > 0) {
      const what = `${plural(summary.changed, 'claim')} changed and ${summary.withdrawn.toLocaleString('en-US')} withdrawn since the last start`
      logger.info(
        options.post
          ? `corrections: ${what}; ${plural(plan.notes.length, 'note')} for the channels shown them in the last ${plural(options.days, 'day')} (${summary.queued.toLocaleString('en-US')} queued now)`
          : `corrections: ${what}; none followed up (CORRECTIONS=false)`,
      )
    }
    if (!options.post) return summary
    const platforms = [...byPlatform.keys()]
    while (!stopping) {
      const batch = await events.corrections.take({
        owner,
        platforms,
        limit: batchSize,
        since,
        staleBefore: new Date(now().getTime() - leaseMs),
      })
      if (batch.length === 0) break
      if (stopping) {
        await giveBack(batch.map((item) => item.id))
        break
      }
      await postBatch(batch)
    }
    const closed = summary.posted + summary.unreachable + summary.failed
    if (closed > 0) {
      logger.info(
        `corrections: posted ${plural(summary.posted, 'note')}${summary.unreachable > 0 ? `; ${summary.unreachable.toLocaleString('en-US')} had nowhere to go (channel or message gone, bot removed)` : ''}${summary.failed > 0 ? `; ${summary.failed.toLocaleString('en-US')} failed` : ''}`,
      )
    }
    return summary
  }

  const done = run().catch((error: unknown) => {
    logger.error('corrections: the correction pass failed; answering goes on', error)
    return summary
  })

  return {
    done,
    async stop(graceMs = 0) {
      if (stopping) return
      stopping = true
      stopped.abort()
      const unbegun = [...notBegun]
      notBegun.clear()
      await giveBack(unbegun)
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs)
      })
      await Promise.race([Promise.allSettled([...inProgress, done]), timeout])
      clearTimeout(timer)
    },
  }
}
