/**
 * A start's correction pass against a real embedded store, with posters that stand for the adapters:
 * what each outcome records, how far apart notes go, and what a stop leaves for the next start.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { claimVersionsOf } from '../../src/corrections/changes.ts'
import type { CorrectionNote } from '../../src/corrections/note.ts'
import { previewCorrections } from '../../src/corrections/plan.ts'
import {
  type CorrectionPace,
  type CorrectionPoster,
  type PostedCorrection,
  startCorrections,
} from '../../src/corrections/run.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { silentLogger } from '../../src/logger.ts'
import { createEmbeddedStore } from '../../src/store/embedded.ts'
import type { CorrectionPlace, EventStore } from '../../src/store/store.ts'
import { IRAN_CLAIM, IRAN_QUESTION, rewordIran } from '../helpers/corrections.ts'
import { removeKnowledgeFixture, writeKnowledgeFixture } from '../helpers/knowledge-fixture.ts'

let dir: string
let base: KnowledgeLayout
let changed: KnowledgeLayout
let before: KnowledgeBase
let after: KnowledgeBase
const stores: EventStore[] = []
let files = 0

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corrections-run-'))
  base = await writeKnowledgeFixture()
  changed = rewordIran(base)
  before = loadKnowledge(base.root)
  after = loadKnowledge(changed.root)
})
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
})
afterAll(() => {
  for (const layout of [base, changed]) if (layout) removeKnowledgeFixture(layout)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** a store whose last start recorded `before`, with the Iran claim shared at `messages` (channel: message) */
async function storeWith(messages: Array<[string, string]>, location = join(dir, `store-${++files}.sqlite`)) {
  const store = createEmbeddedStore(location)
  stores.push(store)
  await store.corrections.record({ versions: claimVersionsOf(before), changes: [], notes: [] })
  for (const [channel, message] of messages) {
    await store.append({
      kind: 'shared',
      scope: { platform: 'slack', workspace: 'T1', channel },
      question: IRAN_QUESTION,
      claims: [IRAN_CLAIM],
      message,
    })
  }
  return { store, location }
}

interface Posted {
  place: CorrectionPlace
  note: CorrectionNote
  at: number
}

/** a Slack poster that records each note, answering as `outcome` says */
function poster(
  outcome: (place: CorrectionPlace) => Promise<PostedCorrection> = async () => ({ kind: 'posted' }),
  correctionPace?: CorrectionPace,
) {
  const posted: Posted[] = []
  const made: CorrectionPoster & { posted: Posted[] } = {
    name: 'slack',
    posted,
    ...(correctionPace ? { correctionPace } : {}),
    async postCorrection(place, note) {
      posted.push({ place, note, at: performance.now() })
      return outcome(place)
    },
  }
  return made
}

const byClaim = <T extends { claim: string }>(items: T[]) =>
  [...items].sort((a, b) => (a.claim < b.claim ? -1 : a.claim > b.claim ? 1 : 0))

const run = (store: EventStore, posters: CorrectionPoster[], kb = after, post = true) =>
  startCorrections({ kb, events: store, posters, post, days: 30, logger: silentLogger })

describe('a correction pass', () => {
  it('on a store that never recorded claims, records them and posts nothing', async () => {
    const store = createEmbeddedStore(join(dir, `store-${++files}.sqlite`))
    stores.push(store)
    await store.append({
      kind: 'shared',
      scope: { platform: 'slack', workspace: 'T1', channel: 'C1' },
      question: IRAN_QUESTION,
      claims: [IRAN_CLAIM],
      message: 'M1',
    })
    const slack = poster()
    expect(await run(store, [slack]).done).toMatchObject({ first: true, queued: 0, posted: 0 })
    expect(slack.posted).toEqual([])
    expect(await store.corrections.versions()).toEqual(byClaim(claimVersionsOf(after)))
  })

  it('closes each note with what became of it: posted, nowhere to go, or failed', async () => {
    const { store } = await storeWith([
      ['C1', 'M1'],
      ['C2', 'M2'],
      ['C3', 'M3'],
    ])
    const slack = poster(async (place) => {
      if (place.channel === 'C2') return { kind: 'unreachable', reason: 'channel_not_found' }
      if (place.channel === 'C3') throw new Error('an internal error at Slack')
      return { kind: 'posted' }
    })
    expect(await run(store, [slack]).done).toMatchObject({ queued: 3, posted: 1, unreachable: 1, failed: 1 })
    const closed = await store.corrections.list({ since: new Date(0) })
    expect(closed.map((item) => [item.place.channel, item.outcome])).toEqual([
      ['C1', 'posted'],
      ['C2', 'unreachable'],
      ['C3', 'failed'],
    ])
    expect(slack.posted[0]?.note).toMatchObject({ kind: 'changed', claim: IRAN_CLAIM })
  })

  it('leaves notes for a platform this process does not run to a process that does', async () => {
    const { store } = await storeWith([['C1', 'M1']])
    const discordOnly: CorrectionPoster = {
      name: 'discord',
      postCorrection: async () => ({ kind: 'posted' }),
    }
    expect(await run(store, [discordOnly]).done).toMatchObject({ queued: 1, posted: 0 })
    const slack = poster()
    expect(await run(store, [slack]).done).toMatchObject({ queued: 0, posted: 1 })
    expect(slack.posted.map((item) => item.place.message)).toEqual(['M1'])
  })

  it('spaces notes to one channel, and in all, as the poster asks, channels taking turns', async () => {
    const { store } = await storeWith([
      ['C1', 'M1'],
      ['C1', 'M2'],
      ['C1', 'M3'],
      ['C2', 'M4'],
      ['C3', 'M5'],
    ])
    const slack = poster(undefined, { channelMs: 120, overallMs: 20 })
    await run(store, [slack]).done
    expect(slack.posted.map((item) => item.place.message)).toEqual(['M1', 'M4', 'M5', 'M2', 'M3'])
    const times = (channel: string) =>
      slack.posted.filter((item) => item.place.channel === channel).map((item) => item.at)
    const [first = 0, second = 0, third = 0] = times('C1')
    // booked in whole milliseconds, and a timer may fire a little early
    expect(second - first).toBeGreaterThanOrEqual(115)
    expect(third - second).toBeGreaterThanOrEqual(115)
    const all = slack.posted.map((item) => item.at)
    for (let index = 1; index < all.length; index += 1)
      expect((all[index] ?? 0) - (all[index - 1] ?? 0)).toBeGreaterThanOrEqual(15)
  })

  it('on a stop, gives back the notes not begun, which the next start posts, each once', async () => {
    const { store, location } = await storeWith(
      Array.from({ length: 10 }, (_, index): [string, string] => [`C${index}`, `M${index}`]),
    )
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let begun = 0
    let thirdBegun = () => {}
    const third = new Promise<void>((resolve) => {
      thirdBegun = resolve
    })
    const slow = poster(async () => {
      begun += 1
      if (begun === 3) {
        thirdBegun()
        await held
      }
      return { kind: 'posted' }
    })
    const first = startCorrections({
      kb: after,
      events: store,
      posters: [slow],
      post: true,
      days: 30,
      logger: silentLogger,
      concurrency: 1,
    })
    await third
    // the third note is in progress and waits; the stop gives the other seven back at once
    await first.stop(10)
    release()
    await first.done
    const next = createEmbeddedStore(location)
    stores.push(next)
    const resumed = poster()
    expect(await run(next, [resumed]).done).toMatchObject({ queued: 0, posted: 7 })
    const messages = [...slow.posted, ...resumed.posted].map((item) => item.place.message).sort()
    expect(messages).toEqual(Array.from({ length: 10 }, (_, index) => `M${index}`).sort())
  })

  it('records the claims but posts nothing when corrections are off', async () => {
    const { store } = await storeWith([['C1', 'M1']])
    const slack = poster()
    expect(await run(store, [slack], after, false).done).toMatchObject({ changed: 1, queued: 0, posted: 0 })
    expect(slack.posted).toEqual([])
    expect(await store.corrections.versions()).toEqual(byClaim(claimVersionsOf(after)))
  })

  it('follows up only what was shown before the start, within the window', async () => {
    const { store } = await storeWith([])
    const scope = { platform: 'slack', workspace: 'T1', channel: 'C1' }
    const day = 24 * 60 * 60 * 1000
    const shared = (message: string, at: Date) =>
      store.append({ kind: 'shared', scope, question: IRAN_QUESTION, claims: [IRAN_CLAIM], message, at })
    await shared('too-old', new Date(Date.now() - 31 * day))
    await shared('in-window', new Date(Date.now() - 29 * day))
    await shared('after-the-start', new Date(Date.now() + 60_000))
    const now = new Date()
    const preview = await previewCorrections(after, store, {
      since: new Date(now.getTime() - 30 * day),
      until: now,
    })
    expect(preview.notes.map((item) => [item.place.message, item.from])).toEqual([['in-window', 'new']])
  })
})

describe('a replica behind the others', () => {
  it('follows up nothing and leaves the newer claims recorded when it starts with an older knowledge base', async () => {
    const store = createEmbeddedStore(join(dir, `store-${++files}.sqlite`))
    stores.push(store)
    await store.append({
      kind: 'shared',
      scope: { platform: 'slack', workspace: 'T1', channel: 'C1' },
      question: IRAN_QUESTION,
      claims: [IRAN_CLAIM],
      message: 'M1',
    })
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5))
    // the old knowledge base starts first, then the new one, which follows up the change once
    expect(await run(store, [poster()], before).done).toMatchObject({ first: true })
    await pause()
    const updated = poster()
    expect(await run(store, [updated], after).done).toMatchObject({ posted: 1 })
    await pause()
    // a replica still on the old knowledge base restarts: the difference is not a correction
    const behind = poster()
    expect(await run(store, [behind], before).done).toMatchObject({ queued: 0, posted: 0 })
    expect(behind.posted).toEqual([])
    expect(await store.corrections.versions()).toEqual(byClaim(claimVersionsOf(after)))
  })
})
