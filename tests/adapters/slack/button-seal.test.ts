import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createButtonSeal } from '../../../adapters/slack/button-seal.ts'

const seal = createButtonSeal('signing-secret')
const VALUE = '{"q":"what does iran contribute?","o":0,"c":["new-coalition/iran-oil-energy-trade"]}'
const SEALED = seal.seal('share', VALUE)

describe('createButtonSeal', () => {
  it('opens a value it sealed under the same action id', () => {
    const sealed = seal.seal('share', VALUE)
    expect(sealed).toMatch(/^[\w-]{43}\.\{"q":/)
    expect(seal.open('share', sealed)).toBe(VALUE)
  })

  it('tags with an HMAC-SHA256 keyed from the secret, never with the secret itself', () => {
    const key = createHmac('sha256', 'signing-secret').update('cited-answers button values').digest()
    const tag = createHmac('sha256', key).update(`share\n${VALUE}`).digest('base64url')
    expect(seal.seal('share', VALUE)).toBe(`${tag}.${VALUE}`)
  })

  it.each([
    ['no tag at all', VALUE],
    ['nothing', undefined],
    ['an empty value', ''],
    ['a value changed after sealing', SEALED.replace('"o":0', '"o":3')],
    ['a tag changed in one character', `${SEALED.startsWith('A') ? 'B' : 'A'}${SEALED.slice(1)}`],
    ['a tag cut short', SEALED.slice(1)],
    ['a tag with characters outside base64url', `${'é'.repeat(43)}.${VALUE}`],
    ['a tag made for another action id', seal.seal('more', VALUE)],
    ['a tag made with another secret', createButtonSeal('another-secret').seal('share', VALUE)],
  ])('refuses %s', (_, sealed) => {
    expect(seal.open('share', sealed)).toBeUndefined()
  })
})
