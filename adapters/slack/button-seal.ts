/**
 * Button values that carry a tag only this bot can make, so that a press is acted on only when its value
 * is one the bot rendered: anyone can send Slack a block_actions payload with a value of their own.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Seals the value of a button under an action id, and opens a sealed value back. */
export interface ButtonSeal {
  /** the value to give the button: a tag, a dot, then `value` */
  seal(actionId: string, value: string): string
  /** the value inside, or undefined when the tag is missing or was not made for this action and value */
  open(actionId: string, sealed: string | undefined): string | undefined
}

/** a fixed label, so the key is used for button values only and never equals the secret it comes from */
const KEY_PURPOSE = 'cited-answers button values'

/** a SHA-256 HMAC in base64url: 43 characters of Slack's 2,000 per value */
const TAG_CHARS = 43

/**
 * A seal keyed from `secret` (the signing secret in HTTP mode, the app token in Socket Mode): buttons
 * rendered before the secret changes are refused afterwards, as from an older version.
 */
export function createButtonSeal(secret: string): ButtonSeal {
  const key = createHmac('sha256', secret).update(KEY_PURPOSE).digest()
  // the action id is tagged too, so a value made for one button cannot be pressed as another
  const tagOf = (actionId: string, value: string) =>
    createHmac('sha256', key).update(`${actionId}\n${value}`).digest('base64url')
  return {
    seal: (actionId, value) => `${tagOf(actionId, value)}.${value}`,
    open(actionId, sealed) {
      if (sealed === undefined || sealed.charAt(TAG_CHARS) !== '.') return undefined
      const value = sealed.slice(TAG_CHARS + 1)
      // compared as text so no other spelling of the same bytes passes; non-ASCII makes it longer in bytes,
      // and timingSafeEqual throws on unequal lengths
      const given = Buffer.from(sealed.slice(0, TAG_CHARS))
      const expected = Buffer.from(tagOf(actionId, value))
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
      return value
    },
  }
}
