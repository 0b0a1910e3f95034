/** Which questions ask for a figure or for a list of names: only claims that state one can answer those. */
import { describe, expect, it } from 'vitest'
import {
  ASKS_FOR_FIGURE,
  ASKS_FOR_NAMES,
  ASKS_FOR_TIME,
  STATES_FIGURE,
  STATES_TIME,
} from '../../src/answer/config.ts'

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
    'can we split trip costs by percentage',
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

describe('a question asking when, or for how long', () => {
  it.each([
    'when is the leave year over',
    'When will my work phone arrive?',
    'how long is court leave',
    'how soon after I start will my coverage begin',
    "what's the deadline for open season",
    'what date do I use for lodging tax',
  ])('is recognised: "%s"', (question) => {
    expect(ASKS_FOR_TIME.test(question)).toBe(true)
    // a time is not a figure: "within your first few weeks" answers it without a number
    expect(ASKS_FOR_FIGURE.test(question)).toBe(false)
  })

  it.each(['what does iran contribute', 'who approves my travel', 'how do I book a hotel'])(
    'is not seen in other questions: "%s"',
    (question) => {
      expect(ASKS_FOR_TIME.test(question)).toBe(false)
    },
  )

  it.each([
    'It will arrive within your first few weeks.',
    'Open Season runs from November to December.',
    'The leave year ends on December 31.',
    'Award leave expires one year after it is issued.',
    'Court leave lasts however long you serve on a jury.',
  ])('is answered by a claim that says when: "%s"', (claim) => {
    expect(STATES_TIME.test(claim)).toBe(true)
  })

  it('is not answered by a claim that says nothing of time', () => {
    expect(STATES_TIME.test('Your supervisor decides which laptop you get.')).toBe(false)
  })
})

describe('a claim stating a figure', () => {
  it.each([
    'Staff earn 4 hours per pay period.',
    'The cap is two weeks.',
    'There is no maximum amount of sick leave you can accrue.',
    'Mileage is unlimited.',
  ])('is seen in "%s"', (claim) => {
    expect(STATES_FIGURE.test(claim)).toBe(true)
  })

  it('is not seen in a claim without one', () => {
    expect(STATES_FIGURE.test('Your supervisor decides which laptop you get.')).toBe(false)
  })
})
