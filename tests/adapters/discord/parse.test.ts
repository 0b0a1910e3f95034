import { describe, expect, it } from 'vitest'
import {
  cleanDiscordText,
  parseDiscordMessage,
  parseQuestionOption,
} from '../../../adapters/discord/parse.ts'

const BOT = '1100000000000000002'

describe('cleanDiscordText', () => {
  it.each([
    [`<@${BOT}> what does iran contribute?`, 'what does iran contribute?'],
    [`<@!${BOT}> what does iran contribute?`, 'what does iran contribute?'],
    ['@everyone <@&123> <@456> what does iran contribute?', 'what does iran contribute?'],
    ['@here iran', 'iran'],
    ['ask <#1300000000000000001> about iran', 'ask about iran'],
    ['since <t:1700000000:R> what changed', 'since what changed'],
    ['iran <:flag_ir:123456> <a:wave:654321>', 'iran'],
    ['try </ask:1400000000000000001> about iran', 'try about iran'],
    ['mail me@here.com', 'mail me@here.com'],
    ['5 < 6 and <b>', '5 < 6 and <b>'],
    ['  oil\n\tand   gas  ', 'oil and gas'],
  ])('reads %j as %j', (text, cleaned) => {
    expect(cleanDiscordText(text)).toBe(cleaned)
  })
})

describe('parseQuestionOption', () => {
  it('reads the option as the question', () => {
    expect(parseQuestionOption('what does iran contribute?')).toEqual({
      kind: 'ask',
      question: 'what does iran contribute?',
    })
  })

  it('reads no option, an empty one, or one that is not text as a request for help', () => {
    for (const value of [undefined, '', '   ', 42, true, null]) {
      expect(parseQuestionOption(value)).toEqual({ kind: 'help' })
    }
  })

  it('reads the command words typed as the question', () => {
    expect(parseQuestionOption('sources')).toEqual({ kind: 'sources' })
    expect(parseQuestionOption('Topics')).toEqual({ kind: 'topics' })
    expect(parseQuestionOption('help')).toEqual({ kind: 'help' })
  })

  it('reads a question that is only mentions as a request for help', () => {
    expect(parseQuestionOption('@everyone <@&123> <@456>')).toEqual({ kind: 'help' })
  })

  it('refuses a question longer than 500 characters with its length', () => {
    expect(parseQuestionOption('why '.repeat(1000))).toEqual({
      kind: 'invalid',
      problem: 'too-long',
      message: 'That question is 3,999 characters long; please ask in under 500 characters.',
    })
  })
})

describe('parseDiscordMessage', () => {
  const inServer = (content: string, prefix?: string) =>
    parseDiscordMessage({ content, isDirect: false, botId: BOT, ...(prefix ? { prefix } : {}) })

  it('answers a mention of the bot in a server, wherever the mention stands', () => {
    expect(inServer(`<@${BOT}> what does iran contribute?`)).toEqual({
      kind: 'ask',
      question: 'what does iran contribute?',
    })
    expect(inServer(`what does iran contribute <@!${BOT}>`)).toEqual({
      kind: 'ask',
      question: 'what does iran contribute',
    })
  })

  it('shows help for a bare mention', () => {
    expect(inServer(`<@${BOT}>`)).toEqual({ kind: 'help' })
  })

  it('ignores server messages that neither mention the bot nor start with the prefix', () => {
    expect(inServer('what does iran contribute?')).toBeUndefined()
    expect(inServer('<@1500000000000000001> what does iran contribute?')).toBeUndefined()
    expect(inServer('!ask what does iran contribute?')).toBeUndefined()
  })

  it('answers the prefix only when it is given, and only as a whole word', () => {
    expect(inServer('!ask what does iran contribute?', '!ask')).toEqual({
      kind: 'ask',
      question: 'what does iran contribute?',
    })
    expect(inServer('!ASK topics', '!ask')).toEqual({ kind: 'topics' })
    expect(inServer('!ask', '!ask')).toEqual({ kind: 'help' })
    expect(inServer('!askance is a word', '!ask')).toBeUndefined()
    expect(inServer('tell me !ask iran', '!ask')).toBeUndefined()
  })

  it('answers every direct message, with or without a mention or the prefix', () => {
    const direct = (content: string) =>
      parseDiscordMessage({ content, isDirect: true, botId: BOT, prefix: '!ask' })
    for (const content of ['sources', `<@${BOT}> sources`, '!ask sources']) {
      expect(direct(content)).toEqual({ kind: 'sources' })
    }
    expect(direct('')).toEqual({ kind: 'help' })
  })

  it('never takes a bot id that is not a number as a pattern', () => {
    expect(parseDiscordMessage({ content: '<@.*> iran', isDirect: false, botId: '.*' })).toBeUndefined()
  })
})
