import { describe, expect, it } from 'vitest'
import {
  askButtonId,
  type ButtonPress,
  claimsDigestOf,
  digestOf,
  mayPress,
  offeredQuestion,
  pageButtonId,
  parseButtonId,
  recapButtonId,
} from '../../../adapters/discord/buttons.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'

const OWNER = '1500000000000000001'
const OTHER = '1500000000000000003'
const Q = 'AbCdEf123_'
const C = 'xYz-098765'

describe('digestOf', () => {
  it('is the first 10 base64url characters of the SHA-256 of the text', () => {
    // pinned: buttons already in Discord carry these, so a change would refuse every one of them
    expect(digestOf('what does iran contribute?')).toBe('YrmFT7UGbW')
    expect(digestOf('what does iran contribute?')).not.toBe(digestOf('what does iran contribute'))
    expect(digestOf('')).toBe('47DEQpj8HB')
  })

  it('tells the claims apart by which and in what order', () => {
    expect(claimsDigestOf(['a/b', 'c/d'])).not.toBe(claimsDigestOf(['c/d', 'a/b']))
    expect(claimsDigestOf(['a/b', 'c/d'])).not.toBe(claimsDigestOf(['a/bc/d']))
    expect(claimsDigestOf(['a/b'])).toBe(digestOf('a/b'))
  })
})

describe('button custom ids', () => {
  it('hold the kind, the page and the two digests, well inside Discord’s 100 characters', () => {
    const page = { offset: 9999, question: Q, claims: C }
    expect(pageButtonId('share', page)).toBe(`v2:share:9999:${Q}:${C}`)
    expect(askButtonId(4, Q)).toBe(`v2:ask:4:${Q}`)
    for (const kind of ['share', 'more', 'up', 'down', 'why'] as const)
      expect(pageButtonId(kind, page).length).toBeLessThanOrEqual(40)
  })

  const cases: [string, ButtonPress][] = [
    [`v2:share:0:${Q}:${C}`, { kind: 'share', page: { offset: 0, question: Q, claims: C } }],
    [`v2:more:3:${Q}:${C}`, { kind: 'more', page: { offset: 3, question: Q, claims: C } }],
    [`v2:up:6:${Q}:${C}`, { kind: 'vote', vote: 'up', page: { offset: 6, question: Q, claims: C } }],
    [`v2:down:0:${Q}:${C}`, { kind: 'vote', vote: 'down', page: { offset: 0, question: Q, claims: C } }],
    [`v2:why:3:${Q}:${C}`, { kind: 'why', page: { offset: 3, question: Q, claims: C } }],
    [`v2:ask:4:${Q}`, { kind: 'ask', index: 4, question: Q }],
    [
      'v2:recap:29460120:29460180',
      { kind: 'share-recap', since: new Date(29460120 * 60_000), until: new Date(29460180 * 60_000) },
    ],
  ]
  it('holds a recap’s window in whole minutes, read back as it was', () => {
    const window = { since: new Date(Date.UTC(2026, 0, 5, 10)), until: new Date(Date.UTC(2026, 0, 6, 10)) }
    const id = recapButtonId(window)
    expect(id).toBe('v2:recap:29460120:29461560')
    expect(parseButtonId(id)).toEqual({ kind: 'share-recap', ...window })
  })

  it.each(cases)('reads %s', (customId, press) => {
    expect(parseButtonId(customId)).toEqual(press)
  })

  it.each([
    'share:AbCdEf123_-x',
    'more:AbCdEf123_-x',
    'up:AbCdEf123_-x',
    'down:AbCdEf123_-x',
    'ask:AbCdEf123_-x:4',
  ])('knows %s as an earlier version’s button', (customId) => {
    expect(parseButtonId(customId)).toEqual({ kind: 'outdated' })
  })

  it.each([
    '',
    'more',
    'more:',
    'more:short',
    'more:has spaces in it',
    'delete-everything:AbCdEf123_-x',
    'v2',
    'v2:more',
    `v2:more:0:${Q}`,
    `v2:more:0:${Q}:${C}:extra`,
    `v2:more:-1:${Q}:${C}`,
    `v2:more:01:${Q}:${C}`,
    `v2:more:10000:${Q}:${C}`,
    `v2:more:1e3:${Q}:${C}`,
    `v2:more:0:${Q}:short`,
    `v2:more:0:${Q}:has spaces`,
    `v2:delete:0:${Q}:${C}`,
    `v3:more:0:${Q}:${C}`,
    `v2:ask:5:${Q}`,
    `v2:ask:10:${Q}`,
    `v2:ask:0:${Q}:${C}`,
    'v2:ask:0:',
    `v2:more:0:${Q}:${C}${'x'.repeat(80)}`,
    'v2:recap:29460120:29460120',
    'v2:recap:29460180:29460120',
    'v2:recap:29460120:29461561',
    'v2:recap:29460120',
    'v2:recap:29460120:29460180:1',
    'v2:recap:-1:29460180',
    'v2:recap:2.5e7:29460180',
    'x'.repeat(5000),
    undefined,
    null,
    42,
    { custom_id: `v2:more:0:${Q}:${C}` },
  ])('refuses %j', (customId) => {
    expect(parseButtonId(customId)).toEqual({ kind: 'invalid' })
  })
})

describe('mayPress', () => {
  it('keeps More results and the votes of a private answer for its asker', () => {
    for (const kind of ['more', 'vote'] as const) {
      expect(mayPress(OWNER, kind, OWNER)).toBe(true)
      expect(mayPress(OWNER, kind, OTHER)).toBe(false)
    }
  })

  it('lets anyone share or ask, and anyone use the buttons of an answer in a channel', () => {
    for (const kind of ['share', 'ask'] as const) expect(mayPress(OWNER, kind, OTHER)).toBe(true)
    for (const kind of ['share', 'more', 'vote', 'ask'] as const)
      expect(mayPress(undefined, kind, OTHER)).toBe(true)
  })
})

describe('offeredQuestion', () => {
  const kb = loadKnowledge()

  it('finds every example question of the knowledge base by its digest, and nothing else', () => {
    const questions = kb.claims.flatMap((claim) => claim.questions)
    expect(questions.length).toBeGreaterThan(10)
    for (const question of questions) expect(offeredQuestion(kb, digestOf(question))).toBe(question)
    expect(offeredQuestion(kb, digestOf('a question no claim offers'))).toBeUndefined()
  })
})
