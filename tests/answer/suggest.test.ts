/**
 * Autocomplete suggestions: exact expectations on the small fixture knowledge base, and Discord's limits
 * checked on the real one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_SUGGESTION_CHARS, suggest } from '../../src/answer/suggest.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { removeKnowledgeFixture, writeKnowledgeFixture } from '../helpers/knowledge-fixture.ts'

let layout: KnowledgeLayout
let fixture: KnowledgeBase
let real: KnowledgeBase

beforeAll(async () => {
  layout = await writeKnowledgeFixture()
  fixture = loadKnowledge(layout.root)
  real = loadKnowledge()
})

afterAll(() => {
  if (layout) removeKnowledgeFixture(layout)
})

const ASSET_FREEZES = ['Who would asset freezes target?', 'What kind of individuals do asset freezes hit?']
const TRADE_EMBARGOES = [
  'What would trade embargoes limit?',
  'How do trade embargoes affect defense industries?',
]
const HUMANITARIAN = [
  'Humanitarian cooperation',
  'What role does humanitarian cooperation play?',
  'How can humanitarian assistance build confidence?',
]

describe('suggest', () => {
  it('offers one question per topic, the topics with most claims first, when nothing is typed', () => {
    const defaults = [
      'What must Washington do about Russia and North Korea?',
      'Could dialogue with North Korea lead to arms control?',
      'What is Iran’s main contribution?',
      'How can humanitarian assistance build confidence?',
    ]
    expect(suggest('', fixture)).toEqual(defaults)
    expect(suggest('   ', fixture)).toEqual(defaults)
    expect(suggest('¿¡', fixture)).toEqual(defaults)
  })

  it('completes the word being typed from its first letters', () => {
    expect(suggest('asset fr', fixture)).toEqual(ASSET_FREEZES)
    expect(suggest('trade emb', fixture)).toEqual([...TRADE_EMBARGOES, 'Economic cooperation and trade'])
    expect(suggest('talk', fixture)).toEqual([
      'What would direct talks achieve?',
      'Can talks reduce the risk of escalation?',
    ])
  })

  it('puts a topic that begins with what was typed first', () => {
    expect(suggest('hum', fixture)).toEqual(HUMANITARIAN)
  })

  it('finds the words of a typo', () => {
    expect(suggest('humanitarain', fixture)).toEqual(HUMANITARIAN)
    expect(suggest('embargos', fixture)).toEqual(TRADE_EMBARGOES)
    expect(suggest('sanctons', fixture)).toEqual(['Sanctions'])
  })

  it('ranks suggestions holding every subject word typed before those holding some', () => {
    expect(suggest('WHO WOULD ASSET', fixture).slice(0, 2)).toEqual(ASSET_FREEZES)
    expect(suggest('iran', fixture)).toEqual([
      'What is Iran’s main contribution?',
      'Does Iran supply oil to the partnership?',
    ])
  })

  it('finds the questions that name a country by any of its names', () => {
    const northKorea = [
      'What is North Korea’s main contribution?',
      'Does North Korea transfer technology?',
      'What must Washington do about Russia and North Korea?',
      'Could dialogue with North Korea lead to arms control?',
      'Is there a case for negotiating with Pyongyang?',
    ]
    for (const typed of ['dprk', 'DPRK ', 'pyongyang', 'n. korea']) {
      expect(suggest(typed, fixture).sort()).toEqual([...northKorea].sort())
    }
    expect(suggest('tehran oil', fixture)[0]).toBe('Does Iran supply oil to the partnership?')
  })

  it('offers nothing for words the knowledge base does not hold', () => {
    expect(suggest('zzzz', fixture)).toEqual([])
  })

  it('gives no more than the limit asked for', () => {
    expect(suggest('what', fixture, 2)).toHaveLength(2)
    expect(suggest('what', fixture, 0)).toEqual([])
    expect(suggest('what', fixture, -5)).toEqual([])
  })

  it.each([
    '',
    'w',
    'what',
    'what does',
    'iran',
    'russia north korea',
    'sanctons',
    'a b c d e f g h i j k l m n o',
  ])(
    'offers at most 25 distinct suggestions of at most 100 characters for %j on the real knowledge base',
    (typed) => {
      const suggestions = suggest(typed, real)
      expect(suggestions.length).toBeLessThanOrEqual(25)
      expect(new Set(suggestions).size).toBe(suggestions.length)
      for (const suggestion of suggestions) {
        expect(suggestion.length).toBeGreaterThan(0)
        expect(suggestion.length).toBeLessThanOrEqual(MAX_SUGGESTION_CHARS)
      }
    },
  )

  it('fills all 25 places when nothing is typed on the real knowledge base', () => {
    expect(suggest('', real)).toHaveLength(25)
  })

  it('answers a huge paste quickly instead of blowing up', () => {
    for (const typed of ['x'.repeat(100_000), 'iran '.repeat(20_000), `${'sanctons '.repeat(5_000)}nucl`]) {
      const started = performance.now()
      const suggestions = suggest(typed, real)
      // well inside Discord's 3-second window even on a slow machine
      expect(performance.now() - started).toBeLessThan(1_000)
      expect(suggestions.length).toBeLessThanOrEqual(25)
    }
  })
})
