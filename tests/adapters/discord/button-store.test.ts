import { describe, expect, it } from 'vitest'
import { type ButtonState, createButtonStore, mayPress } from '../../../adapters/discord/button-store.ts'

const state = (question: string): ButtonState => ({ question, offset: 0, claims: ['a/b'], asks: [] })

describe('createButtonStore', () => {
  it('gives back what was saved under the token it returned, as often as asked', () => {
    const store = createButtonStore()
    const token = store.save(state('what does iran contribute?'))
    expect(token).toMatch(/^[\w-]{12}$/)
    expect(store.load(token)).toEqual(state('what does iran contribute?'))
    expect(store.load(token)).toEqual(state('what does iran contribute?'))
  })

  it('knows nothing of a token it never made', () => {
    expect(createButtonStore().load('AbCdEf123_-x')).toBeUndefined()
  })

  it('forgets a state once it is older than its time to live', () => {
    let now = 1_000
    const store = createButtonStore({ ttlMs: 60_000, now: () => now })
    const token = store.save(state('iran'))
    now += 60_000
    expect(store.load(token)?.question).toBe('iran')
    now += 1
    expect(store.load(token)).toBeUndefined()
    expect(store.size).toBe(0)
  })

  it('keeps at most its capacity, forgetting the oldest first', () => {
    const store = createButtonStore({ capacity: 2 })
    const [first, second, third] = ['one', 'two', 'three'].map((question) => store.save(state(question)))
    expect(store.size).toBe(2)
    expect(store.load(first ?? '')).toBeUndefined()
    expect(store.load(second ?? '')?.question).toBe('two')
    expect(store.load(third ?? '')?.question).toBe('three')
  })

  it('keeps at most its characters, forgetting the oldest first, so long questions cannot fill the heap', () => {
    // each state holds its question and the claim id "a/b": 503 characters
    const store = createButtonStore({ maxChars: 1200 })
    const tokens = ['a', 'b', 'c'].map((letter) => store.save(state(letter.repeat(500))))
    expect(store.size).toBe(2)
    expect(store.load(tokens[0] ?? '')).toBeUndefined()
    expect(store.load(tokens[2] ?? '')?.question).toBe('c'.repeat(500))
    // the newest stays even alone over the bound, so the buttons just rendered work
    const huge = store.save(state('d'.repeat(5000)))
    expect(store.size).toBe(1)
    expect(store.load(huge)?.question).toHaveLength(5000)
  })

  it('never hands out a token it is still using', () => {
    const tokens = ['AAAAAAAAAAAA', 'AAAAAAAAAAAA', 'BBBBBBBBBBBB']
    const store = createButtonStore({ newToken: () => tokens.shift() ?? 'CCCCCCCCCCCC' })
    expect([store.save(state('one')), store.save(state('two'))]).toEqual(['AAAAAAAAAAAA', 'BBBBBBBBBBBB'])
  })
})

describe('mayPress', () => {
  const ASKER = '1500000000000000001'
  const OTHER = '1500000000000000003'
  const owned: ButtonState = { ...state('iran'), owner: ASKER }

  it.each([
    ['more', ASKER, true],
    ['vote', ASKER, true],
    ['more', OTHER, false],
    ['vote', OTHER, false],
    ['share', OTHER, true],
    ['ask', OTHER, true],
  ] as const)('on a private answer, lets %s be pressed by %s: %s', (kind, user, allowed) => {
    expect(mayPress(owned, kind, user)).toBe(allowed)
  })

  it('lets anyone press any button of an answer with no owner', () => {
    for (const kind of ['more', 'vote', 'share', 'ask'] as const) {
      expect(mayPress(state('iran'), kind, OTHER)).toBe(true)
    }
  })
})
