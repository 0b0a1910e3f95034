/**
 * What a start counts as a change to correct: a claim's statement or quote changed, or the claim
 * withdrawn; never a first start, a claim moved under another id, or a new title or section alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimVersionsOf, diffClaims, versionOf } from '../../src/corrections/changes.ts'
import { decodeNote, describeCorrection, encodeNote, noteOf } from '../../src/corrections/note.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import {
  editPressureClaims,
  IRAN_CLAIM,
  NEW_IRAN_STATEMENT,
  NORTH_KOREA_CLAIM,
  rewordIran,
  withdrawNorthKorea,
} from '../helpers/corrections.ts'
import { removeKnowledgeFixture, writeKnowledgeFixture } from '../helpers/knowledge-fixture.ts'

let base: KnowledgeLayout
let before: KnowledgeBase
const made: KnowledgeLayout[] = []

/** the knowledge base of an edited copy */
const load = (layout: KnowledgeLayout) => {
  made.push(layout)
  return loadKnowledge(layout.root)
}

beforeAll(async () => {
  base = await writeKnowledgeFixture()
  before = loadKnowledge(base.root)
})
afterAll(() => {
  for (const layout of [base, ...made]) if (layout) removeKnowledgeFixture(layout)
})

describe('the changes a start follows up', () => {
  it('finds none on the first start, with nothing recorded to compare', () => {
    expect(diffClaims([], before)).toEqual([])
  })

  it('finds none when the knowledge base is as it was', () => {
    expect(diffClaims(claimVersionsOf(before), before)).toEqual([])
  })

  it('finds a reworded statement, with the citation as it is now', () => {
    const after = load(rewordIran(base))
    const changes = diffClaims(claimVersionsOf(before), after)
    expect(changes.map((change) => [change.kind, change.before.claim])).toEqual([['changed', IRAN_CLAIM]])
    const [change] = changes
    if (change?.kind !== 'changed') throw new Error('expected a change')
    expect(change.changed).toEqual(['statement'])
    expect(change.version).toBe(versionOf(NEW_IRAN_STATEMENT, 'Iran | Oil and energy trade'))
    expect(noteOf(change, after)).toEqual({
      kind: 'changed',
      claim: IRAN_CLAIM,
      changed: ['statement'],
      statement: NEW_IRAN_STATEMENT,
      citation: {
        source: 'pressure',
        title: 'Pressure On The Partnership',
        section: 'Sanctions And Their Types',
        quote: 'Iran | Oil and energy trade',
      },
    })
  })

  it('finds a changed quote', () => {
    const after = load(
      editPressureClaims(base, (claims) =>
        claims.map((claim) =>
          claim.id === 'pressure/asset-freezes'
            ? { ...claim, quote: 'Target individuals linked directly to finance and military sectors.' }
            : claim,
        ),
      ),
    )
    const changes = diffClaims(claimVersionsOf(before), after)
    expect(changes.map((change) => (change.kind === 'changed' ? change.changed : []))).toEqual([['quote']])
  })

  it('finds a withdrawn claim, described as it was', () => {
    const after = load(withdrawNorthKorea(base))
    const [change, ...others] = diffClaims(claimVersionsOf(before), after)
    expect(others).toEqual([])
    expect(change?.kind).toBe('withdrawn')
    if (!change) throw new Error('expected a withdrawal')
    expect(change.version).toBe(`withdrawn:${change.before.version}`)
    expect(noteOf(change, after)).toEqual({
      kind: 'withdrawn',
      claim: NORTH_KOREA_CLAIM,
      statement: 'North Korea’s main contribution is arms and technology transfer.',
      citation: {
        source: 'pressure',
        title: 'Pressure On The Partnership',
        section: 'Sanctions And Their Types',
        quote: 'North Korea | Arms and technology transfer',
      },
    })
  })

  it('finds nothing when a claim only moved under another id, or only its section was renamed', () => {
    const versions = claimVersionsOf(before).map((version) =>
      version.claim === NORTH_KOREA_CLAIM
        ? { ...version, claim: 'pressure/dprk-arms-old-id' }
        : version.claim === IRAN_CLAIM
          ? { ...version, section: 'An older heading', title: 'An older title' }
          : version,
    )
    expect(diffClaims(versions, before)).toEqual([])
  })
})

describe('a note kept in the queue', () => {
  it('reads back as it was written, and an unreadable one as nothing', () => {
    const [change] = diffClaims(claimVersionsOf(before), load(rewordIran(base)))
    if (!change) throw new Error('expected a change')
    const note = noteOf(change, before)
    expect(decodeNote(encodeNote(note))).toEqual(note)
    expect(decodeNote('{"kind":"rephrased"}')).toBeUndefined()
    expect(decodeNote('not json')).toBeUndefined()
  })

  it('describes itself in plain lines for the dry run', () => {
    expect(
      describeCorrection({
        kind: 'changed',
        claim: IRAN_CLAIM,
        changed: ['statement', 'quote'],
        statement: 'New words.',
        citation: { source: 'pressure', title: 'Doc', section: 'Part', quote: 'A passage.' },
      }),
    ).toEqual([
      'Correction: a statement this answer cited, and the passage it quotes, changed.',
      'Now: New words.',
      'Doc · Part: “A passage.”',
    ])
  })
})
