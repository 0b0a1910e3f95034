import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../src/knowledge/load.ts'
import { describeSpan, handleWithHistory, minutesOf, readRecap, recapWindow } from '../src/recap.ts'
import { createEmbeddedStore } from '../src/store/embedded.ts'
import type { EventStore, Scope } from '../src/store/store.ts'

const IRAN_CLAIM = 'new-coalition/iran-oil-energy-trade'
const CHANNEL: Scope = { platform: 'slack', workspace: 'T1', channel: 'C1' }
/** minutes past ten on one morning */
const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 10, minute))

let kb: KnowledgeBase
let dir: string
let events: EventStore

beforeAll(() => {
  kb = loadKnowledge()
  dir = mkdtempSync(join(tmpdir(), 'recap-'))
  events = createEmbeddedStore(join(dir, 'events.sqlite'))
})

afterAll(async () => {
  await events?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the window of a recap', () => {
  it('ends at the next whole minute and spans the minutes asked for', () => {
    const window = recapWindow(30, new Date(Date.UTC(2026, 0, 5, 10, 59, 12, 345)))
    expect(window).toEqual({ since: at(30), until: at(60) })
    expect(minutesOf(window)).toBe(30)
    expect(recapWindow(60, at(0))).toEqual({ since: new Date(at(0).getTime() - 3_600_000), until: at(0) })
  })

  it.each([
    [1, 'the last minute'],
    [30, 'the last 30 minutes'],
    [60, 'the last hour'],
    [90, 'the last 90 minutes'],
    [120, 'the last 2 hours'],
    [1440, 'the last 24 hours'],
  ])('describes %i minutes as "%s"', (minutes, text) => {
    expect(describeSpan(minutes)).toBe(text)
  })
})

describe('reading a recap', () => {
  it('gives each answer its claims as the knowledge base holds them now, and says which are gone', async () => {
    const claim = kb.claimById.get(IRAN_CLAIM)
    await events.append({
      kind: 'answered',
      scope: CHANNEL,
      question: 'What does Iran contribute?',
      claims: [IRAN_CLAIM, 'gone/claim'],
      visibility: 'channel',
      message: '1700000000.000100',
      at: at(2),
    })
    await events.append({
      kind: 'declined',
      scope: CHANNEL,
      question: 'How big is the army?',
      visibility: 'channel',
      at: at(3),
    })
    const recap = await readRecap({ since: at(0), until: at(10) }, kb, { events, scope: CHANNEL })
    expect(recap).toEqual({
      since: at(0),
      until: at(10),
      minutes: 10,
      view: 'channel',
      answers: [
        {
          question: 'What does Iran contribute?',
          seen: 'channel',
          at: at(2).toISOString(),
          asked: 1,
          shares: 0,
          claims: [
            {
              id: IRAN_CLAIM,
              found: true,
              statement: claim?.statement,
              citation: {
                source: 'new-coalition',
                title: 'The Shifting Dynamics of Global Alliances: A New Coalition Emerges',
                section: 'Economic And Military Collaboration With Russia',
                quote: claim?.quote,
              },
              unreviewed: false,
            },
            { id: 'gone/claim', found: false },
          ],
        },
      ],
      open: [{ question: 'How big is the army?', seen: 'channel', at: at(3).toISOString(), asked: 1 }],
    })
  })

  it("reads as its viewer: their own private answers, and no one else's", async () => {
    const scope: Scope = { ...CHANNEL, channel: 'C2' }
    for (const [user, question] of [
      ['U1', 'asked by the viewer?'],
      ['U2', 'asked by someone else?'],
    ] as const) {
      await events.append({
        kind: 'answered',
        scope,
        question,
        claims: [IRAN_CLAIM],
        visibility: 'private',
        asker: user,
        at: at(1),
      })
    }
    const window = { since: at(0), until: at(10) }
    const mine = await readRecap(window, kb, { events, scope, viewer: 'U1' })
    expect(mine.view).toBe('viewer')
    expect(mine.answers.map((item) => [item.question, item.seen])).toEqual([
      ['asked by the viewer?', 'private'],
    ])
    const channels = await readRecap(window, kb, { events, scope })
    expect(channels.answers).toEqual([])
  })
})

describe('carrying out a command with the history at hand', () => {
  it('recaps the last minutes up to now', async () => {
    const reply = await handleWithHistory(
      { kind: 'recap', minutes: 15 },
      kb,
      {},
      { events, scope: CHANNEL },
      at(9),
    )
    expect(reply.kind === 'recap' && [reply.recap.since, reply.recap.until]).toEqual([
      new Date(at(9).getTime() - 15 * 60_000),
      at(9),
    ])
    expect(reply.kind === 'recap' && reply.recap.answers.map((item) => item.question)).toEqual([
      'What does Iran contribute?',
    ])
  })

  it('says no history is kept without a store, or outside a channel', async () => {
    const command = { kind: 'recap', minutes: 60 } as const
    expect(await handleWithHistory(command, kb, {}, undefined)).toEqual({ kind: 'no-history' })
    expect(await handleWithHistory(command, kb, {}, { events, scope: { platform: 'slack' } })).toEqual({
      kind: 'no-history',
    })
  })

  it('answers every other command as handle does', async () => {
    const reply = await handleWithHistory({ kind: 'topics' }, kb, {}, { events, scope: CHANNEL })
    expect(reply.kind).toBe('topics')
  })
})
