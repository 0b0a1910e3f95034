import { describe, expect, it } from 'vitest'
import { createMemorySeenRequests } from '../../../adapters/slack/seen-requests.ts'

describe('createMemorySeenRequests', () => {
  it('takes a signature the first time and refuses it again until it expires', async () => {
    let now = 1_000_000
    const seen = createMemorySeenRequests({ now: () => now })
    expect(await seen.firstSeen('v0=aaa', now + 300_000)).toBe(true)
    expect(await seen.firstSeen('v0=aaa', now + 300_000)).toBe(false)
    expect(await seen.firstSeen('v0=bbb', now + 300_000)).toBe(true)
    now += 299_999
    expect(await seen.firstSeen('v0=aaa', now + 300_000)).toBe(false)
    now += 1
    expect(await seen.firstSeen('v0=aaa', now + 300_000)).toBe(true)
  })

  it('holds no more than its capacity, forgetting the oldest first', async () => {
    const now = 1_000_000
    const seen = createMemorySeenRequests({ capacity: 2, now: () => now })
    for (const signature of ['v0=1', 'v0=2', 'v0=3']) {
      expect(await seen.firstSeen(signature, now + 60_000)).toBe(true)
    }
    expect(await seen.firstSeen('v0=3', now + 60_000)).toBe(false)
    expect(await seen.firstSeen('v0=2', now + 60_000)).toBe(false)
    // forgotten to make room: the price of a bounded memory, which is sized far above Slack's traffic
    expect(await seen.firstSeen('v0=1', now + 60_000)).toBe(true)
  })

  it('forgets expired signatures as new ones arrive', async () => {
    let now = 1_000_000
    const seen = createMemorySeenRequests({ capacity: 2, now: () => now })
    await seen.firstSeen('v0=old', now + 1_000)
    await seen.firstSeen('v0=kept', now + 60_000)
    now += 2_000
    // the expired one makes room, so the one still remembered is not pushed out
    expect(await seen.firstSeen('v0=new', now + 60_000)).toBe(true)
    expect(await seen.firstSeen('v0=kept', now + 60_000)).toBe(false)
  })
})
