import { describe, expect, it } from 'vitest'
import {
  type ButtonPress,
  cleanSlackText,
  parseButton,
  parseSlackText,
} from '../../../adapters/slack/parse.ts'

describe('cleanSlackText', () => {
  it.each([
    ['<@U0BOT> what does iran contribute?', 'what does iran contribute?'],
    ['<@U0BOT|cited-answers> what does iran contribute?', 'what does iran contribute?'],
    ['what does iran contribute <@U0BOT>', 'what does iran contribute'],
    ['<!channel> <!here> <!everyone> iran', 'iran'],
    ['<!subteam^S1234|@strategy> iran', 'iran'],
    ['@channel @here @everyone iran', 'iran'],
    ['&lt;!channel&gt; iran', 'iran'],
    ['ask <#C1234|general> about iran', 'ask about iran'],
    ['what does <https://example.com/report|the report> say', 'what does the report say'],
    ['read <https://example.com/report>', 'read https://example.com/report'],
    ['since <!date^1392734382^{date_short}|Feb 18, 2014> what changed', 'since Feb 18, 2014 what changed'],
    ['oil &amp; gas', 'oil & gas'],
    ['the text &amp;lt;b&amp;gt; stays', 'the text &lt;b&gt; stays'],
    ['is 5 &lt; 6', 'is 5 < 6'],
    ['mail me@here.com', 'mail me@here.com'],
  ])('reads %j as %j', (text, cleaned) => {
    expect(cleanSlackText(text)).toBe(cleaned)
  })
})

describe('parseSlackText', () => {
  it('reads a mention of the bot with a question as that question', () => {
    expect(parseSlackText('<@U0BOT> what does iran contribute?')).toEqual({
      kind: 'ask',
      question: 'what does iran contribute?',
    })
  })

  it('reads no text, or a bare mention, as a request for help', () => {
    expect(parseSlackText(undefined)).toEqual({ kind: 'help' })
    expect(parseSlackText('<@U0BOT>')).toEqual({ kind: 'help' })
    expect(parseSlackText('  ')).toEqual({ kind: 'help' })
  })

  it('reads the keywords after a mention', () => {
    expect(parseSlackText('<@U0BOT> sources')).toEqual({ kind: 'sources' })
    expect(parseSlackText('topics')).toEqual({ kind: 'topics' })
  })

  it('refuses a question longer than 500 characters with its length', () => {
    expect(parseSlackText('why '.repeat(1000))).toEqual({
      kind: 'invalid',
      problem: 'too-long',
      message: 'That question is 3,999 characters long; please ask in under 500 characters.',
    })
  })
})

describe('parseButton', () => {
  const cases: [string, string | undefined, ButtonPress][] = [
    ['ask', '{"q":"what does iran contribute?"}', { kind: 'ask', question: 'what does iran contribute?' }],
    [
      'share',
      '{"q":"iran","o":0,"c":["new-coalition/iran-oil-energy-trade"],"ch":"C1234"}',
      {
        kind: 'share',
        question: 'iran',
        offset: 0,
        claims: ['new-coalition/iran-oil-energy-trade'],
        channel: 'C1234',
      },
    ],
    ['share', '{"q":"iran","o":3,"c":[]}', { kind: 'share', question: 'iran', offset: 3, claims: [] }],
    ['more', '{"q":"iran","o":3}', { kind: 'more', question: 'iran', offset: 3 }],
    [
      'vote-up',
      '{"q":"iran","c":["new-coalition/iran-oil-energy-trade"]}',
      {
        kind: 'vote',
        vote: 'up',
        question: 'iran',
        claims: ['new-coalition/iran-oil-energy-trade'],
        offset: 0,
      },
    ],
    [
      'vote-down',
      '{"q":"iran","o":3,"c":[]}',
      { kind: 'vote', vote: 'down', question: 'iran', claims: [], offset: 3 },
    ],
    [
      'why',
      '{"q":"iran","c":["new-coalition/iran-oil-energy-trade"]}',
      { kind: 'why', question: 'iran', claim: 'new-coalition/iran-oil-energy-trade' },
    ],
    [
      'share-recap',
      '{"ch":"C1234","s":1767607200000,"u":1767610800000}',
      {
        kind: 'share-recap',
        channel: 'C1234',
        since: new Date(1767607200000),
        until: new Date(1767610800000),
      },
    ],
  ]
  it.each(cases)('reads %s %s', (actionId, value, press) => {
    expect(parseButton(actionId, value)).toEqual(press)
  })

  const problems: [string, string | undefined, string][] = [
    ['more', undefined, 'its value is not the JSON this bot writes'],
    ['more', 'iran', 'its value is not the JSON this bot writes'],
    ['more', 'null', 'it carries no question of 1 to 500 characters'],
    ['more', '{"o":3}', 'it carries no question of 1 to 500 characters'],
    ['more', JSON.stringify({ q: 'x'.repeat(501), o: 3 }), 'it carries no question of 1 to 500 characters'],
    ['more', '{"q":"iran","o":"3"}', 'its page must be a whole number from 0 to 1000'],
    ['share', '{"q":"iran","o":1.5}', 'its page must be a whole number from 0 to 1000'],
    ['share', '{"q":"iran","o":0}', 'it must list up to 20 claim ids'],
    ['share', '{"q":"iran","o":0,"c":["<!here>"]}', 'it must list up to 20 claim ids'],
    ['share', '{"q":"iran","o":0,"c":[],"ch":"<#C1234>"}', 'its channel is not a Slack channel id'],
    ['share', '{"q":"iran","o":0,"c":[],"ch":7}', 'its channel is not a Slack channel id'],
    ['more', '{"q":"iran","o":100000}', 'its page must be a whole number from 0 to 1000'],
    ['vote-up', '{"q":"iran","c":"all"}', 'it must list up to 20 claim ids'],
    ['vote-up', '{"q":"iran","c":["<!channel>"]}', 'it must list up to 20 claim ids'],
    ['why', '{"q":"iran","c":[]}', 'it must name one claim id'],
    ['why', '{"q":"iran","c":["a/b","c/d"]}', 'it must name one claim id'],
    ['why', '{"q":"iran","c":["<!here>"]}', 'it must name one claim id'],
    ['delete-everything', '{"q":"iran"}', '"delete-everything" is not a button of this bot'],
    ['share-recap', '{"s":0,"u":60000}', 'its channel is not a Slack channel id'],
    ['share-recap', '{"ch":"C1234","s":0,"u":0}', 'its window must span 1 to 1440 minutes'],
    ['share-recap', '{"ch":"C1234","s":0,"u":86460000}', 'its window must span 1 to 1440 minutes'],
    ['share-recap', '{"ch":"C1234","s":"0","u":"60000"}', 'its window must span 1 to 1440 minutes'],
    ['share-recap', '{"ch":"C1234","s":60000,"u":0}', 'its window must span 1 to 1440 minutes'],
  ]
  it.each(problems)('refuses %s %s, saying what is wrong', (actionId, value, problem) => {
    expect(parseButton(actionId, value)).toEqual({
      kind: 'invalid',
      message: `That button could not be read (${problem}). Ask again with /ask and your question.`,
    })
  })
})
