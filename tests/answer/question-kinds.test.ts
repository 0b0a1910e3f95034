/** Which questions ask for a figure or for a list of names: only claims that state one can answer those. */
import { describe, expect, it } from 'vitest'
import { ASKS_FOR_FIGURE, ASKS_FOR_NAMES } from '../../src/answer/config.ts'

const asksForNames = (question: string) =>
  ASKS_FOR_NAMES.find(({ pattern }) => pattern.test(question))?.kinds ?? []

describe('a question asking for a figure', () => {
  it.each([
    'how many troops has north korea sent',
    'what year did the partnership start',
    "what's the us defense budget this year?",
    'what is the pentagon budget',
    'iran oil figures for 2023',
    'north korea population',
    'How much money has China invested in Russia?',
    'do you know how many drones iran sent',
    'quick one: how many troops are in russia',
  ])('is recognised: "%s"', (question) => {
    expect(ASKS_FOR_FIGURE.test(question)).toBe(true)
  })

  it.each([
    'what does iran contribute',
    'what is the impact on defence budgets',
    'are western governments rethinking defence budgets',
    'why do sanctions fail',
    'are western governments rethinking how much money goes to defence',
    'does it matter how much china trades with russia',
  ])('is not seen where there is none: "%s"', (question) => {
    expect(ASKS_FOR_FIGURE.test(question)).toBe(false)
  })
})

describe('a question asking for the names of several things of one kind', () => {
  it.each([
    ['which countries are rallying behind russia', ['country']],
    ['which asean countries signed trade deals', ['country']],
    ['list the nations backing moscow', ['country']],
    ['which companies were sanctioned', ['organization']],
    ['what banks handle the payments', ['organization']],
  ])('is recognised: "%s"', (question, kinds) => {
    expect(asksForNames(question)).toEqual(kinds)
  })

  it.each([
    'what dialogues with states neutral toward moscow are suggested',
    'which country benefits most',
    'how do the countries cooperate',
  ])('is not seen in other questions about them: "%s"', (question) => {
    expect(asksForNames(question)).toEqual([])
  })
})
