/**
 * The event store's contract, as one suite that every implementation runs: the embedded SQLite store and
 * PostgreSQL must answer alike, so that `kb feedback`, a recap and corrections read the same on one
 * machine and on many replicas.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.ts'
import { CitedAnswersError } from '../../src/errors.ts'
import { createFeedbackLog, type FeedbackEntry, MAX_LINE_BYTES, readFeedbackLog } from '../../src/feedback.ts'
import { buildFeedbackReport, feedbackReportJson } from '../../src/feedback-report.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { createStoreFeedbackLog } from '../../src/store/feedback-log.ts'
import { importFeedbackLog } from '../../src/store/import-feedback.ts'
import { SCHEMA_VERSION } from '../../src/store/schema.ts'
import type { ClaimVersion, EventStore, NewCorrection, Scope } from '../../src/store/store.ts'

export interface StoreHarness {
  /** a location for a new, empty store */
  fresh(): Promise<string>
  /** a store at `location`, its own instance, as another process or replica would have it */
  create(location: string): EventStore
  /** rows of a statement run on the store's database directly, to look behind the interface */
  rows(location: string, sql: string): Promise<Record<string, unknown>[]>
  stop(): Promise<void>
}

const T1_C1: Scope = { platform: 'slack', workspace: 'T1', channel: 'C1' }
const T1_C2: Scope = { platform: 'slack', workspace: 'T1', channel: 'C2' }
const T2_C1: Scope = { platform: 'slack', workspace: 'T2', channel: 'C1' }
const IRAN = 'What does Iran contribute?'
const IRAN_CLAIMS = ['new-coalition/iran-oil-energy-trade']
const DPRK = 'What does North Korea contribute?'
const DPRK_CLAIMS = ['new-coalition/dprk-arms', 'new-coalition/iran-oil-energy-trade']

/** minutes past ten on one morning */
const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 10, minute))

/** Register the contract's tests for the store `start` gives; `skip` (with the reason told elsewhere) skips them. */
export function describeEventStore(name: string, start: () => Promise<StoreHarness>, skip = false): void {
  describe.skipIf(skip)(`the event store (${name})`, () => {
    let harness: StoreHarness
    let dir: string
    const opened: EventStore[] = []
    const store = (location: string) => {
      const created = harness.create(location)
      opened.push(created)
      return created
    }
    const freshStore = async () => store(await harness.fresh())

    beforeAll(async () => {
      harness = await start()
      dir = mkdtempSync(join(tmpdir(), 'cited-answers-store-suite-'))
    })
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((each) => each.close()))
    })
    afterAll(async () => {
      await harness?.stop()
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    describe('migrations', () => {
      it('brings a new store to the schema once, however often it is opened', async () => {
        const location = await harness.fresh()
        await store(location).open()
        await store(location).open()
        await store(location).append({ kind: 'declined', scope: T1_C1, question: 'who?' })
        const versions = await harness.rows(
          location,
          'SELECT version FROM schema_migrations ORDER BY version',
        )
        expect(versions.map((row) => Number(row.version))).toEqual(
          Array.from({ length: SCHEMA_VERSION }, (_, at) => at + 1),
        )
      })

      it('lets two stores start on one new database at once, and only one of them migrates', async () => {
        const location = await harness.fresh()
        const [first, second] = [store(location), store(location)]
        await Promise.all([first.open(), second.open()])
        await Promise.all([
          first.append({ kind: 'declined', scope: T1_C1, question: 'first?' }),
          second.append({ kind: 'declined', scope: T1_C1, question: 'second?' }),
        ])
        expect(await harness.rows(location, 'SELECT version FROM schema_migrations')).toHaveLength(
          SCHEMA_VERSION,
        )
        expect(await harness.rows(location, 'SELECT salt FROM store_salt')).toHaveLength(1)
        expect((await first.feedback()).entries).toHaveLength(2)
      })
    })

    describe('appending and reading each kind of event', () => {
      it('reads votes and declined questions back as the feedback log holds them, oldest first', async () => {
        const events = await freshStore()
        await events.append({ kind: 'declined', scope: T1_C1, question: 'How big is the army?', at: at(2) })
        await events.append({
          kind: 'vote',
          scope: T1_C1,
          user: 'U_VOTER',
          question: IRAN,
          claims: IRAN_CLAIMS,
          vote: 'down',
          at: at(1),
        })
        await events.append({
          kind: 'answered',
          scope: T1_C1,
          question: IRAN,
          claims: IRAN_CLAIMS,
          visibility: 'channel',
          at: at(0),
        })
        const { entries, replaced } = await events.feedback()
        expect(replaced).toBe(0)
        expect(entries).toEqual([
          {
            at: at(1).toISOString(),
            platform: 'slack',
            voter: expect.stringMatching(/^[0-9a-f]{32}$/),
            question: IRAN,
            claims: IRAN_CLAIMS,
            vote: 'down',
          },
          { at: at(2).toISOString(), platform: 'slack', question: 'How big is the army?', unanswered: true },
        ])
      })

      it('recaps a channel: each answer once, shared ones first, with its claims and message', async () => {
        const events = await freshStore()
        await events.append({
          kind: 'answered',
          scope: T1_C1,
          question: IRAN,
          claims: IRAN_CLAIMS,
          visibility: 'channel',
          message: '1700000000.000100',
          at: at(1),
        })
        await events.append({
          kind: 'answered',
          scope: T1_C1,
          question: IRAN,
          claims: IRAN_CLAIMS,
          visibility: 'channel',
          at: at(4),
        })
        await events.append({ kind: 'shared', scope: T1_C1, question: DPRK, claims: DPRK_CLAIMS, at: at(3) })
        await events.append({ kind: 'declined', scope: T1_C1, question: 'nothing answers this', at: at(2) })
        const recap = await events.recap({ scope: { ...T1_C1, channel: 'C1' }, since: at(0), until: at(10) })
        expect(recap).toEqual([
          {
            question: DPRK,
            claims: DPRK_CLAIMS,
            seen: 'shared',
            at: at(3).toISOString(),
            asked: 0,
            shares: 1,
          },
          {
            question: IRAN,
            claims: IRAN_CLAIMS,
            seen: 'channel',
            at: at(4).toISOString(),
            asked: 2,
            shares: 0,
            message: '1700000000.000100',
          },
        ])
      })

      it('recaps only the window asked for, both ends included', async () => {
        const events = await freshStore()
        for (const minute of [0, 5, 10, 15]) {
          await events.append({
            kind: 'answered',
            scope: T1_C1,
            question: `question at ${minute}`,
            claims: IRAN_CLAIMS,
            visibility: 'channel',
            at: at(minute),
          })
        }
        const recap = await events.recap({ scope: { ...T1_C1, channel: 'C1' }, since: at(5), until: at(10) })
        expect(recap.map((item) => item.question)).toEqual(['question at 5', 'question at 10'])
      })

      it('finds where a claim was shown to a channel since a time, and never a private answer', async () => {
        const events = await freshStore()
        const claim = 'new-coalition/iran_oil'
        await events.append({ kind: 'shared', scope: T1_C1, question: IRAN, claims: [claim], at: at(0) })
        await events.append({
          kind: 'shared',
          scope: T1_C2,
          question: IRAN,
          claims: ['other/claim', claim],
          message: 'M2',
          at: at(5),
        })
        await events.append({
          kind: 'answered',
          scope: T2_C1,
          question: IRAN,
          claims: [claim],
          visibility: 'channel',
          message: 'M3',
          at: at(6),
        })
        await events.append({
          kind: 'answered',
          scope: T1_C1,
          question: IRAN,
          claims: [claim],
          visibility: 'private',
          asker: 'U_PRIVATE',
          at: at(7),
        })
        // LIKE's wildcards in an id match only themselves
        await events.append({
          kind: 'shared',
          scope: T1_C1,
          question: IRAN,
          claims: ['new-coalition/iranxoil'],
          at: at(8),
        })
        expect(await events.claimShown(claim, at(1))).toEqual([
          {
            how: 'shared',
            scope: T1_C2,
            question: IRAN,
            claims: ['other/claim', claim],
            at: at(5).toISOString(),
            message: 'M2',
          },
          {
            how: 'answered',
            scope: T2_C1,
            question: IRAN,
            claims: [claim],
            at: at(6).toISOString(),
            message: 'M3',
          },
        ])
      })
    })

    it('keeps one channel apart from another, one workspace from another and one platform from another', async () => {
      const events = await freshStore()
      const scopes: Scope[] = [
        T1_C1,
        T1_C2,
        T2_C1,
        { platform: 'discord', workspace: 'T1', channel: 'C1' },
        { platform: 'slack', channel: 'C1' },
      ]
      for (const [index, scope] of scopes.entries()) {
        await events.append({
          kind: 'answered',
          scope,
          question: `asked in scope ${index}`,
          claims: IRAN_CLAIMS,
          visibility: 'channel',
          at: at(index),
        })
      }
      for (const [index, scope] of scopes.entries()) {
        const recap = await events.recap({
          scope: { ...scope, channel: scope.channel ?? '' },
          since: at(0),
          until: at(10),
        })
        expect(recap.map((item) => item.question)).toEqual([`asked in scope ${index}`])
      }
      const shown = await events.claimShown(IRAN_CLAIMS[0] ?? '', at(0))
      expect(shown.map((item) => item.scope)).toEqual(scopes)
    })

    describe('one vote per user and answer', () => {
      it('counts one vote when one user clicks 50 times at once on two replicas', async () => {
        const location = await harness.fresh()
        const replicas = [store(location), store(location)]
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            replicas[index % 2]?.append({
              kind: 'vote',
              scope: T1_C1,
              user: 'U_CLICKER',
              question: IRAN,
              claims: IRAN_CLAIMS,
              vote: index % 3 === 0 ? 'up' : 'down',
            }),
          ),
        )
        expect(outcomes.filter((outcome) => outcome?.kind === 'appended')).toHaveLength(1)
        expect(outcomes.filter((outcome) => outcome?.kind === 'replaced')).toHaveLength(49)
        const history = await replicas[0]?.feedback()
        expect(history?.entries).toHaveLength(1)
        expect(history?.replaced).toBe(49)
        expect(await harness.rows(location, "SELECT id FROM events WHERE kind = 'vote'")).toHaveLength(1)
      })

      it('keeps the latest vote, and counts another user, or another answer, apart', async () => {
        const events = await freshStore()
        const vote = (user: string, question: string, choice: 'up' | 'down', minute: number) =>
          events.append({
            kind: 'vote',
            scope: T1_C1,
            user,
            question,
            claims: IRAN_CLAIMS,
            vote: choice,
            at: at(minute),
          })
        expect(await vote('U1', IRAN, 'up', 1)).toEqual({ kind: 'appended' })
        expect(await vote('U1', IRAN, 'down', 2)).toEqual({ kind: 'replaced' })
        expect(await vote('U2', IRAN, 'up', 3)).toEqual({ kind: 'appended' })
        expect(await vote('U1', DPRK, 'up', 4)).toEqual({ kind: 'appended' })
        const { entries, replaced } = await events.feedback()
        expect(replaced).toBe(1)
        expect(
          entries.map((entry) => ('vote' in entry ? [entry.question, entry.vote, entry.at] : [])),
        ).toEqual([
          [IRAN, 'down', at(2).toISOString()],
          [IRAN, 'up', at(3).toISOString()],
          [DPRK, 'up', at(4).toISOString()],
        ])
      })
    })

    describe('the recap privacy rule', () => {
      const recapOf = (events: EventStore, viewer?: string, scope: Scope = T1_C1) =>
        events.recap({
          scope: { ...scope, channel: scope.channel ?? '' },
          since: at(0),
          until: at(30),
          ...(viewer ? { viewer } : {}),
        })

      it('shows a private answer to its asker alone, and stores no user id', async () => {
        const location = await harness.fresh()
        const events = store(location)
        await events.append({
          kind: 'answered',
          scope: T1_C1,
          question: IRAN,
          claims: IRAN_CLAIMS,
          visibility: 'private',
          asker: 'U_ASKER_ONE',
          at: at(1),
        })
        await events.append({
          kind: 'answered',
          scope: T1_C1,
          question: DPRK,
          claims: DPRK_CLAIMS,
          visibility: 'channel',
          asker: 'U_ASKER_TWO',
          at: at(2),
        })
        const questions = async (viewer?: string, scope?: Scope) =>
          (await recapOf(events, viewer, scope)).map((item) => [item.question, item.seen])
        expect(await questions('U_ASKER_ONE')).toEqual([
          [DPRK, 'channel'],
          [IRAN, 'private'],
        ])
        expect(await questions('U_ASKER_TWO')).toEqual([[DPRK, 'channel']])
        expect(await questions()).toEqual([[DPRK, 'channel']])
        // the same user id in another workspace is another user
        expect(await questions('U_ASKER_ONE', { ...T2_C1 })).toEqual([])
        const everything = JSON.stringify(await harness.rows(location, 'SELECT * FROM events'))
        expect(everything).not.toContain('U_ASKER')
        const askers = await harness.rows(location, 'SELECT asker FROM events ORDER BY at')
        expect(askers.map((row) => row.asker)).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), null])
      })

      it('shows everyone a private answer once its asker shared it, first and once', async () => {
        const events = await freshStore()
        await events.append({
          kind: 'answered',
          scope: T1_C1,
          question: IRAN,
          claims: IRAN_CLAIMS,
          visibility: 'private',
          asker: 'U_ASKER',
          at: at(1),
        })
        await events.append({
          kind: 'answered',
          scope: T1_C1,
          question: DPRK,
          claims: DPRK_CLAIMS,
          visibility: 'channel',
          at: at(2),
        })
        await events.append({
          kind: 'shared',
          scope: T1_C1,
          question: IRAN,
          claims: IRAN_CLAIMS,
          message: 'SHARED_MESSAGE',
          at: at(3),
        })
        const asker = await recapOf(events, 'U_ASKER')
        expect(
          asker.map((item) => [item.question, item.seen, item.asked, item.shares, item.message]),
        ).toEqual([
          [IRAN, 'shared', 1, 1, 'SHARED_MESSAGE'],
          [DPRK, 'channel', 1, 0, undefined],
        ])
        const other = await recapOf(events, 'U_SOMEONE_ELSE')
        expect(other.map((item) => [item.question, item.seen, item.asked, item.shares])).toEqual([
          [IRAN, 'shared', 0, 1],
          [DPRK, 'channel', 1, 0],
        ])
      })
    })

    describe('the questions a recap lists as open', () => {
      const declinedOf = (events: EventStore, viewer?: string, scope: Scope = T1_C1) =>
        events.declinedIn({
          scope: { ...scope, channel: scope.channel ?? '' },
          since: at(5),
          until: at(30),
          ...(viewer ? { viewer } : {}),
        })

      it('lists each question once, by when it was last asked, within the window and the channel', async () => {
        const events = await freshStore()
        const declined = (question: string, minute: number, scope: Scope = T1_C1) =>
          events.append({ kind: 'declined', scope, question, visibility: 'channel', at: at(minute) })
        await declined('before the window?', 4)
        await declined('how big is the army?', 6)
        await declined('who leads the coalition?', 7)
        await declined('how big is the army?', 9)
        await declined('asked in another channel?', 8, T1_C2)
        await declined('after the window?', 31)
        await events.append({
          kind: 'answered',
          scope: T1_C1,
          question: IRAN,
          claims: IRAN_CLAIMS,
          visibility: 'channel',
          at: at(8),
        })
        expect(await declinedOf(events)).toEqual([
          { question: 'who leads the coalition?', seen: 'channel', at: at(7).toISOString(), asked: 1 },
          { question: 'how big is the army?', seen: 'channel', at: at(9).toISOString(), asked: 2 },
        ])
      })

      it('shows a privately asked question to its asker alone, and one of unknown visibility to no one', async () => {
        const location = await harness.fresh()
        const events = store(location)
        await events.append({
          kind: 'declined',
          scope: T1_C1,
          question: 'is the minister leaving?',
          visibility: 'private',
          asker: 'U_ASKER_ONE',
          at: at(6),
        })
        await events.append({
          kind: 'declined',
          scope: T1_C1,
          question: 'asked before visibility was kept?',
          at: at(7),
        })
        await events.append({
          kind: 'declined',
          scope: T1_C1,
          question: 'how big is the army?',
          visibility: 'channel',
          asker: 'U_ASKER_TWO',
          at: at(8),
        })
        const questions = async (viewer?: string, scope?: Scope) =>
          (await declinedOf(events, viewer, scope)).map((item) => [item.question, item.seen])
        expect(await questions('U_ASKER_ONE')).toEqual([
          ['is the minister leaving?', 'private'],
          ['how big is the army?', 'channel'],
        ])
        expect(await questions('U_ASKER_TWO')).toEqual([['how big is the army?', 'channel']])
        expect(await questions()).toEqual([['how big is the army?', 'channel']])
        expect(await questions('U_ASKER_ONE', T2_C1)).toEqual([])
        const everything = JSON.stringify(await harness.rows(location, 'SELECT * FROM events'))
        expect(everything).not.toContain('U_ASKER')
      })

      it('keeps how a question was shown when it comes through the feedback log kept in the store', async () => {
        const events = await freshStore()
        const log = createStoreFeedbackLog(events, { now: () => at(10) })
        const entry = (question: string, shown: Record<string, string>) =>
          ({
            platform: 'slack',
            workspace: 'T1',
            channel: 'C1',
            question,
            unanswered: true,
            ...shown,
          }) as FeedbackEntry
        await log.record(entry('asked in the channel?', { visibility: 'channel' }))
        await log.record(entry('asked privately?', { visibility: 'private', asker: 'U1' }))
        await log.record(entry('asked by an older adapter?', {}))
        expect((await declinedOf(events, 'U1')).map((item) => item.question)).toEqual([
          'asked in the channel?',
          'asked privately?',
        ])
        expect((await declinedOf(events, 'U2')).map((item) => item.question)).toEqual([
          'asked in the channel?',
        ])
        expect((await events.feedback()).entries).toHaveLength(3)
      })
    })

    describe('two instances on one store', () => {
      it('hash alike: a vote and a private answer made through one are known to the other', async () => {
        const location = await harness.fresh()
        const [first, second] = [store(location), store(location)]
        await first.append({
          kind: 'vote',
          scope: T1_C1,
          user: 'U1',
          question: IRAN,
          claims: IRAN_CLAIMS,
          vote: 'up',
        })
        expect(
          await second.append({
            kind: 'vote',
            scope: T1_C1,
            user: 'U1',
            question: IRAN,
            claims: IRAN_CLAIMS,
            vote: 'down',
          }),
        ).toEqual({ kind: 'replaced' })
        await first.append({
          kind: 'answered',
          scope: T1_C1,
          question: DPRK,
          claims: DPRK_CLAIMS,
          visibility: 'private',
          asker: 'U1',
          at: at(1),
        })
        const recap = await second.recap({
          scope: { ...T1_C1, channel: 'C1' },
          since: at(0),
          until: at(5),
          viewer: 'U1',
        })
        expect(recap.map((item) => item.question)).toEqual([DPRK])
        expect(await harness.rows(location, 'SELECT salt FROM store_salt')).toEqual([
          { salt: expect.stringMatching(/^[0-9a-f]{64}$/) },
        ])
      })
    })

    describe('corrections', () => {
      const version = (claim: string, statement: string): ClaimVersion => ({
        claim,
        version: `v-${statement.length}-${statement.slice(0, 8)}`,
        statement,
        quote: `quote of ${claim}`,
        source: claim.split('/')[0] ?? '',
        title: 'A document',
        section: 'A section',
      })
      const note = (
        claim: string,
        versionId: string,
        message: string,
        platform = 'slack',
      ): NewCorrection => ({
        claim,
        version: versionId,
        place: { platform, ...(platform === 'slack' ? { workspace: 'T1' } : {}), channel: 'C1', message },
        note: JSON.stringify({ about: claim, message }),
      })
      const LONG_AGO = new Date(0)
      const take = (events: EventStore, owner: string, limit = 100, staleBefore = LONG_AGO) =>
        events.corrections.take({ owner, platforms: ['slack'], limit, since: LONG_AGO, staleBefore })

      it('keeps the claims of the last start in place of those before, and none before the first', async () => {
        const events = await freshStore()
        expect(await events.corrections.versions()).toEqual([])
        const first = [version('a/one', 'One.'), version('a/two', 'Two.')]
        await events.corrections.record({ versions: first, changes: [], notes: [] })
        expect(await events.corrections.versions()).toEqual(first)
        const second = [version('a/one', 'One, reworded.'), version('b/three', 'Three.')]
        await events.corrections.record({ versions: second, changes: [], notes: [] })
        expect(await events.corrections.versions()).toEqual(second)
      })

      it('queues a note once, however many replicas record it at once', async () => {
        const location = await harness.fresh()
        const replicas = [store(location), store(location), store(location)]
        const notes = [note('a/one', 'v2', 'M1'), note('a/one', 'v2', 'M2'), note('a/two', 'gone', 'M1')]
        const queued = await Promise.all(
          replicas.map((replica) =>
            replica.corrections.record({ versions: [version('a/one', 'One.')], changes: [], notes }),
          ),
        )
        expect(queued.reduce((sum, count) => sum + count, 0)).toBe(3)
        const listed = await replicas[0]?.corrections.list({ since: LONG_AGO })
        expect(listed?.map((item) => [item.claim, item.version, item.place, item.note])).toEqual(
          notes.map((item) => [item.claim, item.version, item.place, item.note]),
        )
        expect(await harness.rows(location, 'SELECT claim FROM claim_versions')).toEqual([{ claim: 'a/one' }])
      })

      it('hands each note to one taker, however many take at once', async () => {
        const location = await harness.fresh()
        const [first, second] = [store(location), store(location)]
        const notes = Array.from({ length: 30 }, (_, index) => note('a/one', 'v2', `M${index}`))
        await first?.corrections.record({ versions: [], changes: [], notes })
        const takeAll = async (events: EventStore, owner: string) => {
          const ids: number[] = []
          for (;;) {
            const batch = await take(events, owner, 4)
            if (batch.length === 0) return ids
            ids.push(...batch.map((item) => item.id))
          }
        }
        const [mine, theirs] = await Promise.all([takeAll(first, 'first'), takeAll(second, 'second')])
        expect(new Set([...mine, ...theirs]).size).toBe(30)
        expect(mine.length + theirs.length).toBe(30)
      })

      it('takes again a note given back, or one whose taker never closed it once its lease ran out', async () => {
        const events = await freshStore()
        await events.corrections.record({
          versions: [],
          changes: [],
          notes: [note('a/one', 'v2', 'M1'), note('a/one', 'v2', 'M2')],
        })
        const taken = await take(events, 'crashed')
        expect(taken).toHaveLength(2)
        expect(await take(events, 'next')).toEqual([])
        await events.corrections.release('someone else', [taken[0]?.id ?? 0])
        expect(await take(events, 'next')).toEqual([])
        await events.corrections.release('crashed', [taken[0]?.id ?? 0])
        expect((await take(events, 'next')).map((item) => item.place.message)).toEqual(['M1'])
        const later = await take(events, 'later', 100, new Date(Date.now() + 60_000))
        expect(later.map((item) => item.place.message)).toEqual(['M1', 'M2'])
      })

      it('closes a note with what became of it, and then no one takes it', async () => {
        const events = await freshStore()
        await events.corrections.record({
          versions: [],
          changes: [],
          notes: [note('a/one', 'v2', 'M1'), note('a/one', 'v2', 'M2')],
        })
        const [posted, gone] = await take(events, 'me')
        await events.corrections.finish(posted?.id ?? 0, 'posted')
        await events.corrections.finish(gone?.id ?? 0, 'unreachable', 'x'.repeat(1000))
        expect(await take(events, 'other', 100, new Date(Date.now() + 60_000))).toEqual([])
        expect((await events.corrections.list({ since: LONG_AGO })).map((item) => item.outcome)).toEqual([
          'posted',
          'unreachable',
        ])
        expect(await events.corrections.list({ since: LONG_AGO, waiting: true })).toEqual([])
      })

      it('drops a note still waiting when its claim changes again, and queues the newer one', async () => {
        const events = await freshStore()
        await events.corrections.record({ versions: [], changes: [], notes: [note('a/one', 'v2', 'M1')] })
        await events.corrections.record({
          versions: [],
          changes: [{ claim: 'a/one', version: 'v3' }],
          notes: [note('a/one', 'v3', 'M1')],
        })
        const listed = await events.corrections.list({ since: LONG_AGO })
        expect(listed.map((item) => [item.version, item.outcome])).toEqual([
          ['v2', 'superseded'],
          ['v3', undefined],
        ])
        expect((await take(events, 'me')).map((item) => item.version)).toEqual(['v3'])
      })

      it("leaves other platforms' notes, and those queued before the window", async () => {
        const events = await freshStore()
        await events.corrections.record({
          versions: [],
          changes: [],
          notes: [note('a/one', 'v2', 'M1', 'discord'), note('a/one', 'v2', 'M2')],
        })
        const future = new Date(Date.now() + 60_000)
        expect(
          await events.corrections.take({
            owner: 'me',
            platforms: ['slack'],
            limit: 10,
            since: future,
            staleBefore: LONG_AGO,
          }),
        ).toEqual([])
        expect((await take(events, 'me')).map((item) => item.place)).toEqual([
          { platform: 'slack', workspace: 'T1', channel: 'C1', message: 'M2' },
        ])
      })
    })

    describe("the app's installations", () => {
      it('keeps, replaces, reads from another instance and forgets an installation', async () => {
        const location = await harness.fresh()
        const [first, second] = [store(location), store(location)]
        expect(await first.installations.fetch('slack', 'T:T1')).toBeUndefined()
        await first.installations.save('slack', 'T:T1', '{"bot":{"token":"xoxb-1"}}')
        await first.installations.save('slack', 'T:T1', '{"bot":{"token":"xoxb-2"}}')
        await first.installations.save('slack', 'T:T2', '{"bot":{"token":"xoxb-3"}}')
        expect(await second.installations.fetch('slack', 'T:T1')).toBe('{"bot":{"token":"xoxb-2"}}')
        // keyed by platform too: another platform's key of the same name is another installation
        expect(await second.installations.fetch('discord', 'T:T1')).toBeUndefined()
        await second.installations.delete('slack', 'T:T1')
        expect(await first.installations.fetch('slack', 'T:T1')).toBeUndefined()
        expect(await first.installations.fetch('slack', 'T:T2')).toBe('{"bot":{"token":"xoxb-3"}}')
      })
    })

    describe('the feedback log kept in the store', () => {
      it('opens and migrates the store on check(), and records votes and declined questions', async () => {
        const location = await harness.fresh()
        const log = createStoreFeedbackLog(store(location))
        await log.check?.()
        expect(await harness.rows(location, 'SELECT version FROM schema_migrations')).toHaveLength(
          SCHEMA_VERSION,
        )
        const scoped = {
          platform: 'slack',
          workspace: 'T1',
          channel: 'C1',
          question: 'who?',
          unanswered: true,
        }
        expect(await log.record(scoped as FeedbackEntry)).toEqual({ kind: 'recorded' })
        expect(
          await log.record({
            platform: 'discord',
            user: 'U1',
            question: IRAN,
            claims: IRAN_CLAIMS,
            vote: 'up',
          }),
        ).toEqual({ kind: 'recorded' })
        const rows = await harness.rows(
          location,
          'SELECT kind, platform, workspace, channel FROM events ORDER BY id',
        )
        expect(rows).toEqual([
          { kind: 'declined', platform: 'slack', workspace: 'T1', channel: 'C1' },
          { kind: 'vote', platform: 'discord', workspace: '', channel: '' },
        ])
      })

      it('leaves out declined questions when told to, and refuses an entry no answer makes', async () => {
        const log = createStoreFeedbackLog(await freshStore(), { recordUnanswered: false })
        expect(await log.record({ platform: 'slack', question: 'who?', unanswered: true })).toEqual({
          kind: 'off',
        })
        const forged = {
          platform: 'slack',
          user: 'U1',
          question: IRAN,
          claims: Array.from({ length: MAX_LINE_BYTES / 10 }, (_, index) => `claim-${index}`),
          vote: 'up' as const,
        }
        const refused = await log.record(forged)
        expect(refused.kind).toBe('refused')
        expect(refused.kind === 'refused' && refused.error).toBeInstanceOf(CitedAnswersError)
      })

      it('gives the report the JSONL log gives for the same clicks and declined questions', async () => {
        const kb = loadKnowledge()
        const answer = ask(IRAN, kb)
        const someClaim = answer.kind === 'answered' ? (answer.matches[0]?.claim.id ?? '') : ''
        const entries: FeedbackEntry[] = [
          { platform: 'slack', question: 'How big is the DPRK army?', unanswered: true },
          { platform: 'slack', user: 'U1', question: IRAN, claims: [someClaim], vote: 'up' },
          { platform: 'slack', user: 'U1', question: IRAN, claims: [someClaim], vote: 'down' },
          { platform: 'discord', user: 'U2', question: IRAN, claims: [someClaim], vote: 'down' },
          { platform: 'discord', question: 'how big is the dprk army', unanswered: true },
          { platform: 'slack', user: 'U3', question: DPRK, claims: ['gone/claim'], vote: 'down' },
          { platform: 'slack', user: 'U1', question: IRAN, claims: [someClaim], vote: 'up' },
          { platform: 'terminal', question: 'what is the weather', unanswered: true },
        ]
        let tick = 0
        const now = () => at(tick++)
        const file = join(dir, `parity-${Date.now()}.jsonl`)
        const jsonl = createFeedbackLog(file, { now })
        for (const entry of entries) await jsonl.record(entry)
        tick = 0
        const events = await freshStore()
        const inStore = createStoreFeedbackLog(events, { now })
        for (const entry of entries) await inStore.record(entry)

        const fromLog = buildFeedbackReport((await readFeedbackLog(file)).entries, kb)
        const history = await events.feedback()
        const fromStore = buildFeedbackReport(history.entries, kb, { replaced: history.replaced })
        expect(fromLog.replaced).toBe(2)
        expect(feedbackReportJson(fromStore, 'x')).toEqual(feedbackReportJson(fromLog, 'x'))
        rmSync(`${file}.salt`, { force: true })
      })
    })

    describe('importing a JSONL feedback log', () => {
      const writeLog = async (file: string) => {
        let tick = 0
        const log = createFeedbackLog(file, { now: () => at(tick++) })
        await log.record({ platform: 'slack', question: 'How big is the DPRK army?', unanswered: true })
        await log.record({ platform: 'slack', user: 'U1', question: IRAN, claims: IRAN_CLAIMS, vote: 'up' })
        await log.record({ platform: 'slack', user: 'U1', question: IRAN, claims: IRAN_CLAIMS, vote: 'down' })
        await log.record({
          platform: 'discord',
          user: 'U2',
          question: DPRK,
          claims: DPRK_CLAIMS,
          vote: 'down',
        })
        // two identical lines are two entries; a line from before votes were hashed keeps no user id
        const declined = JSON.stringify({
          at: at(9).toISOString(),
          platform: 'slack',
          question: 'twice?',
          unanswered: true,
        })
        const legacy = JSON.stringify({
          at: at(10).toISOString(),
          platform: 'slack',
          user: 'U_LEGACY_ID',
          question: DPRK,
          claims: DPRK_CLAIMS,
          vote: 'up',
        })
        appendFileSync(file, `${declined}\n${declined}\nnot json\n${legacy}\n${legacy}\n`)
      }

      it('adds each entry once, however often the log is imported, and only new lines later', async () => {
        const file = join(dir, `import-${Date.now()}.jsonl`)
        await writeLog(file)
        const location = await harness.fresh()
        const events = store(location)
        expect(await importFeedbackLog(events, file)).toEqual({
          read: 8,
          added: 8,
          skipped: [{ line: 7, reason: 'not JSON' }],
          undated: 0,
        })
        expect(await importFeedbackLog(events, file)).toMatchObject({ read: 8, added: 0 })
        // another replica importing the same log at once adds nothing either
        const [again, atOnce] = await Promise.all([
          importFeedbackLog(store(location), file),
          importFeedbackLog(store(location), file),
        ])
        expect(again.added + atOnce.added).toBe(0)
        appendFileSync(
          file,
          `${JSON.stringify({ at: at(20).toISOString(), platform: 'slack', question: 'new?', unanswered: true })}\n`,
        )
        expect(await importFeedbackLog(events, file)).toMatchObject({ read: 9, added: 1 })
        const everything = JSON.stringify(await harness.rows(location, 'SELECT * FROM events'))
        expect(everything).not.toContain('U_LEGACY_ID')
      })

      it('reports from the store what it reports from the log it imported', async () => {
        const kb = loadKnowledge()
        const file = join(dir, `report-${Date.now()}.jsonl`)
        await writeLog(file)
        const events = await freshStore()
        await importFeedbackLog(events, file)
        await importFeedbackLog(events, file)
        const fromLog = buildFeedbackReport((await readFeedbackLog(file)).entries, kb)
        const history = await events.feedback()
        const fromStore = buildFeedbackReport(history.entries, kb, { replaced: history.replaced })
        expect(fromLog).toMatchObject({ entries: 8, replaced: 1 })
        expect(feedbackReportJson(fromStore, 'x')).toEqual(feedbackReportJson(fromLog, 'x'))
      })

      it('says which file is missing', async () => {
        await expect(importFeedbackLog(await freshStore(), join(dir, 'missing.jsonl'))).rejects.toThrow(
          /No feedback log at .*missing\.jsonl/,
        )
      })
    })
  })
}
