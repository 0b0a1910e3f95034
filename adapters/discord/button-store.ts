/**
 * Discord: what the buttons under an answer need (the question, the page, the claims shown), kept in
 * memory under a short random token, because a button's custom_id holds at most 100 characters and a
 * question holds up to 500. Bounded in size and in age; a token it no longer has is a value, never a throw.
 */
import { randomBytes } from 'node:crypto'
import type { ButtonPress } from './parse.ts'

/** What one rendered reply's buttons act on. */
export interface ButtonState {
  question: string
  /** how many matches earlier pages showed: this page starts here */
  offset: number
  /** the claim ids this page showed, in order, for the feedback log and for "More results" */
  claims: string[]
  /** questions offered as "ask this" buttons (related questions, help's examples), by position */
  asks: string[]
  /** the user id of who asked, kept only for a private answer: its More results and votes are theirs alone */
  owner?: string
}

/**
 * Whether `user` may press a `kind` button on the reply `state` was kept for. More results and the votes
 * of a private answer act for its asker (a page shown as theirs, a vote counted as theirs), so no one else's
 * press counts; Share, naming who shares, and the questions offered, asked for whoever presses, are anyone's.
 */
export function mayPress(state: ButtonState, kind: ButtonPress['kind'], user: string): boolean {
  if (state.owner === undefined || state.owner === user) return true
  return kind !== 'more' && kind !== 'vote'
}

export interface ButtonStore {
  /** Keep `state` and return the token its buttons carry. */
  save(state: ButtonState): string
  /** The state saved under `token`, or undefined when it expired, was pushed out, or never existed. */
  load(token: string): ButtonState | undefined
  readonly size: number
}

export interface ButtonStoreOptions {
  /** the most states kept; the oldest goes first */
  capacity?: number
  /** the most characters all kept states may hold (questions, claim ids, questions offered) */
  maxChars?: number
  /** how long a state lives, in milliseconds */
  ttlMs?: number
  now?: () => number
  newToken?: () => string
}

/**
 * 10,000 states: at a question a second that is the last ~3 hours, and a day covers a meeting and its
 * follow-up. Older buttons say "ask again". Bounded in characters too (2 Mi, about 4 MiB), since a state
 * holds whole questions: long ones asked over and over must not fill a small heap.
 */
export const BUTTON_STORE_DEFAULTS = {
  capacity: 10_000,
  maxChars: 2 * 1024 * 1024,
  ttlMs: 24 * 60 * 60 * 1000,
} as const

/** the characters a state holds, which is what its memory grows with */
const charsOf = (state: ButtonState) =>
  state.question.length +
  (state.owner?.length ?? 0) +
  state.claims.reduce((sum, id) => sum + id.length, 0) +
  state.asks.reduce((sum, ask) => sum + ask.length, 0)

/** 9 random bytes: 12 base64url characters, 72 bits, so a token cannot be guessed or collide in practice */
const randomToken = () => randomBytes(9).toString('base64url')

export function createButtonStore(options: ButtonStoreOptions = {}): ButtonStore {
  const capacity = Math.max(1, options.capacity ?? BUTTON_STORE_DEFAULTS.capacity)
  const maxChars = Math.max(1, options.maxChars ?? BUTTON_STORE_DEFAULTS.maxChars)
  let chars = 0
  const ttlMs = options.ttlMs ?? BUTTON_STORE_DEFAULTS.ttlMs
  const now = options.now ?? Date.now
  const newToken = options.newToken ?? randomToken
  // a Map iterates in insertion order, so its first key is always the oldest state
  const states = new Map<string, { state: ButtonState; savedAt: number; chars: number }>()
  const remove = (token: string) => {
    chars -= states.get(token)?.chars ?? 0
    states.delete(token)
  }
  return {
    save(state) {
      let token = newToken()
      while (states.has(token)) token = newToken()
      const size = charsOf(state)
      states.set(token, { state, savedAt: now(), chars: size })
      chars += size
      // the newest state always stays, however large, so the buttons just rendered work
      while (states.size > 1 && (states.size > capacity || chars > maxChars)) {
        const oldest = states.keys().next().value
        if (oldest === undefined) break
        remove(oldest)
      }
      return token
    },
    load(token) {
      const entry = states.get(token)
      if (!entry) return undefined
      if (now() - entry.savedAt > ttlMs) {
        remove(token)
        return undefined
      }
      return entry.state
    },
    get size() {
      return states.size
    },
  }
}
