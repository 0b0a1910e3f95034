/**
 * The real Bolt app in HTTP mode on loopback, sent requests signed as Slack signs them, talking to a
 * stand-in for the Web API and for response URLs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createButtonSeal } from '../../../adapters/slack/button-seal.ts'
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.ts'
import type { SlackBlock, SlackMessage } from '../../../adapters/slack/render.ts'
import { ask } from '../../../src/answer/ask.ts'
import { handle } from '../../../src/commands.ts'
import { createFeedbackLog } from '../../../src/feedback.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { expectLoggedUnanswered } from '../../helpers/feedback-log.ts'
import {
  BOT_ID,
  BOT_USER_ID,
  formBody,
  type RecordedCall,
  type RecordingLogger,
  recordingLogger,
  type SlackStandIn,
  sendToApp,
  signature,
  startSlackStandIn,
} from './stand-in.ts'

const SECRET = 'test-signing-secret'
/** a question with more than a page of matches, so that its answer carries a More results button */
const BROAD = 'how does iran help russia?'
const IRAN_QUOTE = 'IRAN | Oil | Energy Trade'
const IRAN_CITATION =
  'The Shifting Dynamics of Global Alliances: A New Coalition Emerges · Economic And Military Collaboration With Russia'
const APOLOGY = 'Sorry, something went wrong while answering. Please try again in a moment.'
const IRAN_CLAIM = 'new-coalition/iran-oil-energy-trade'
const SHARE_IN_C7100 = JSON.stringify({ q: 'what does iran contribute?', o: 0, c: [IRAN_CLAIM], ch: 'C7100' })
const UNSIGNED_BUTTON =
  'That button could not be checked, so nothing was done; it may be from an older version of the bot. Ask again with /ask and your question.'
/** buttons are sealed with a key from the signing secret in HTTP mode */
const seal = createButtonSeal(SECRET)

type Json = Record<string, unknown>

function fixture(name: string): Json {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Json
}

let kb: KnowledgeBase
let standIn: SlackStandIn
let logger: RecordingLogger
let adapter: SlackAdapter
let port: number
let feedbackDir: string
let feedbackFile: string

beforeAll(async () => {
  kb = loadKnowledge()
  standIn = await startSlackStandIn()
  logger = recordingLogger()
  feedbackDir = mkdtempSync(join(tmpdir(), 'slack-feedback-'))
  feedbackFile = join(feedbackDir, 'feedback.jsonl')
  adapter = createSlackAdapter({
    kb,
    slack: { botToken: 'xoxb-test-token', signingSecret: SECRET, port: 0, apiUrl: standIn.apiUrl },
    feedback: createFeedbackLog(feedbackFile),
    logger,
  })
  await adapter.start()
  port = adapter.port() ?? 0
})

afterAll(async () => {
  await adapter?.stop()
  await standIn?.close()
  if (feedbackDir) rmSync(feedbackDir, { recursive: true, force: true })
})

/** a different trigger id, action time and event id for every request, as Slack's own requests have */
let requests = 0
const unique = () => `${Date.now()}.${++requests}`

/** Send `/ask <text>` from channel C1234 (or as `fields` say); resolves with the acknowledgement's body. */
async function slash(text: string, fields: Record<string, string> = {}): Promise<SlackMessage> {
  const command = {
    ...(fixture('slash-command') as Record<string, string>),
    trigger_id: unique(),
    ...fields,
    text,
  }
  const response = await sendToApp(port, {
    body: formBody(command),
    contentType: 'application/x-www-form-urlencoded',
    secret: SECRET,
  })
  expect(response.status).toBe(200)
  return JSON.parse(response.text) as SlackMessage
}

/** Send an Events API event built on a fixture; resolves once the app has acknowledged it. */
async function sendEvent(
  name: string,
  event: Json,
  envelope: Json = {},
  headers: Record<string, string> = {},
  timestamp?: number,
) {
  const base = fixture(name)
  const body = JSON.stringify({
    ...base,
    event_id: `Ev${unique()}`,
    ...envelope,
    event: { ...(base.event as Json), ...event },
  })
  const response = await sendToApp(port, {
    body,
    contentType: 'application/json',
    secret: SECRET,
    headers,
    ...(timestamp ? { timestamp } : {}),
  })
  expect(response.status).toBe(200)
}

/** Press a button: the action id and value it carries, with its response URL on the stand-in. */
async function press(
  actionId: string,
  value: string,
  responseName: string,
  channel = 'C1234',
  ephemeral = false,
) {
  const payload = fixture('block-actions')
  const [action] = payload.actions as Json[]
  const body = {
    ...payload,
    container: { ...(payload.container as Json), is_ephemeral: ephemeral },
    trigger_id: unique(),
    channel: { id: channel, name: 'strategy-meeting' },
    response_url: standIn.responseUrl(responseName),
    actions: [{ ...action, action_id: actionId, value, action_ts: unique() }],
  }
  const response = await sendToApp(port, {
    body: formBody({ payload: JSON.stringify(body) }),
    contentType: 'application/x-www-form-urlencoded',
    secret: SECRET,
  })
  expect(response.status).toBe(200)
}

const texts = (blocks: readonly SlackBlock[]): string[] =>
  blocks.flatMap((block) => {
    if (block.type === 'section') return [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text)]
    if (block.type === 'context')
      return block.elements.map((element) => ('text' in element ? element.text : ''))
    return []
  })

/**
 * The statements an answer shows, as escaped: the best match's in full, then each one-liner's, without its
 * stance label and document title.
 */
const shownStatements = (blocks: readonly SlackBlock[]): string[] => {
  const sections = blocks.flatMap((block) => (block.type === 'section' ? [block.text?.text ?? ''] : []))
  const [best = '', , lines = ''] = sections.filter((text) => !text.startsWith('*The documents argue'))
  return [
    best,
    ...lines
      .split('\n')
      .filter((line) => line.startsWith('• '))
      .map((line) => line.replace(/^• (?:\*[^*]+:\* )?/, '').replace(/ — _[^_]*_(?: · _[^_]*_)?$/, '')),
  ]
}

/** `full` statements as `shown` shows them: a one-liner cut at a word ends in an ellipsis */
const asShown = (full: readonly string[], shown: readonly string[]): string[] =>
  full.map((text, at) => {
    const cut = shown[at]
    return cut?.endsWith('…') && text.startsWith(cut.slice(0, -1)) ? cut : text
  })

/** the value a button carries, sealed as the bot sent it */
const buttonValue = (message: { blocks?: unknown }, actionId: string): string => {
  for (const block of (message.blocks ?? []) as SlackBlock[]) {
    if (block.type !== 'actions') continue
    for (const element of block.elements) {
      if (element.type === 'button' && element.action_id === actionId && element.value) return element.value
    }
  }
  throw new Error(`no ${actionId} button`)
}

/** what a sealed button value holds, once its tag is checked */
const opened = (actionId: string, value: string): unknown => JSON.parse(seal.open(actionId, value) ?? 'null')

const posted = (channel: string) => (call: RecordedCall) =>
  call.method === 'chat.postMessage' &&
  call.status === 200 &&
  call.error === undefined &&
  call.body.channel === channel
const responded = (name: string) => (call: RecordedCall) => call.method === 'respond' && call.target === name

const statementOf = (id: string) => (kb.claimById.get(id)?.statement ?? '').replace(/&/g, '&amp;')

const statementsOf = (question: string, offset: number) => {
  const reply = handle({ kind: 'ask', question }, kb, { limit: 3, offset })
  if (reply.kind !== 'answer' || reply.answer.kind !== 'answered') throw new Error('expected an answer')
  return reply.answer.matches.map((match) => match.claim.statement.replace(/&/g, '&amp;'))
}

/** the claims a Slack answer shows first, as the engine ranks them: the buttons carry these ids */
function shownClaims(question: string): string[] {
  const answer = ask(question, kb, { limit: 3 })
  if (answer.kind !== 'answered') throw new Error(`expected an answer to "${question}"`)
  return answer.matches.map((match) => match.claim.id)
}

describe('the /ask slash command', () => {
  it('answers in the acknowledgement itself, privately, with the quote and citation of the Iran claim', async () => {
    const message = await slash('what does iran contribute?')
    expect(message.response_type).toBe('ephemeral')
    const shown = texts(message.blocks)
    expect(shown[0]).toBe('You asked: what does iran contribute?')
    expect(shown[1]).toBe(
      'In the collaboration with Russia, Iran’s main contribution is oil, and its area of cooperation is energy trade.',
    )
    expect(shown[2]).toBe(`> ${IRAN_QUOTE}`)
    expect(shown[3]).toBe(IRAN_CITATION)
    expect(opened('vote-up', buttonValue(message, 'vote-up'))).toEqual({
      q: 'what does iran contribute?',
      o: 0,
      c: shownClaims('what does iran contribute?'),
    })
    // the answer needed no Web API call: no second round trip
    expect(standIn.calls.filter((call) => call.method.startsWith('chat.'))).toEqual([])
  })

  it('shows usage when sent alone or with help', async () => {
    for (const text of ['', 'help']) {
      const message = await slash(text)
      expect(message.response_type).toBe('ephemeral')
      expect(texts(message.blocks)[1]).toContain('`/ask &lt;question&gt;` ask in plain words')
      expect(texts(message.blocks)[1]).toContain('send me a direct message')
    }
  })

  it('lists the documents for sources and the topics for topics', async () => {
    const sources = await slash('sources')
    expect(texts(sources.blocks)[0]).toBe(
      [
        '*3 documents in the knowledge base:*',
        '• *The Shifting Dynamics of Global Alliances: A New Coalition Emerges* — 57 claims',
        '• *Reimagining U.S. Strategy: How to Tackle the Growing Russia-North Korea Alliance* — 69 claims',
        '• *What Closer Russia–North Korea Ties Mean for the United States and China* (title supplied by the curators) — 74 claims',
      ].join('\n'),
    )
    const topics = await slash('topics')
    const lines = (texts(topics.blocks)[0] ?? '').split('\n')
    expect(lines.slice(0, 3)).toEqual([
      '*Topics the documents cover, with how many claims each:*',
      '• U.S. strategy (40)',
      '• Alliances and partnerships (37)',
    ])
  })

  it('refuses a 4,000-character question with what to do instead', async () => {
    const message = await slash('why '.repeat(1000))
    expect(message).toEqual({
      text: 'That question is 3,999 characters long; please ask in under 500 characters.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'That question is 3,999 characters long; please ask in under 500 characters.',
            verbatim: true,
          },
        },
      ],
      response_type: 'ephemeral',
    })
  })

  it('drops mass mentions from the question and lets nothing ping anyone', async () => {
    const message = await slash('<!channel> what does iran contribute')
    const sent = JSON.stringify(message)
    expect(sent).not.toMatch(/<!|<@/)
    expect(texts(message.blocks).slice(0, 3)).toEqual([
      'You asked: what does iran contribute',
      'In the collaboration with Russia, Iran’s main contribution is oil, and its area of cooperation is energy trade.',
      `> ${IRAN_QUOTE}`,
    ])

    const everyone = JSON.stringify(
      await slash("@everyone what is <!here> north korea's population? <@U9999>"),
    )
    expect(everyone).not.toMatch(/<!|<@|@everyone|@here/)
    expect(everyone).toContain('nothing in the documents answers')
  })

  it('echoes markup characters in a question escaped', async () => {
    const message = await slash('is 5 &lt; 6 &amp; <!subteam^S1234|@strategy> true?')
    expect(texts(message.blocks)[0]).toBe(
      '*Not in the knowledge base:* nothing in the documents answers “is 5 &lt; 6 &amp; true?”.',
    )
    expect(JSON.stringify(message)).not.toMatch(/<!|subteam/)
  })
})

describe('the buttons under an answer', () => {
  it('shares the answer to the channel, saying who asked, and removes the private copy', async () => {
    const value = buttonValue(await slash('what does iran contribute?'), 'share')
    await press('share', value, 'share-1')
    const post = await standIn.waitFor(posted('C1234'))
    const blocks = post.body.blocks as SlackBlock[]
    expect(texts(blocks).slice(0, 3)).toEqual([
      '<@U1234> asked: what does iran contribute?',
      'In the collaboration with Russia, Iran’s main contribution is oil, and its area of cooperation is energy trade.',
      `> ${IRAN_QUOTE}`,
    ])
    expect(post.body.text).toMatch(/^<@U1234> asked: what does iran contribute\?\n• In the collaboration/)
    expect(JSON.stringify(blocks)).not.toContain('"share"')
    expect((await standIn.waitFor(responded('share-1'))).body).toEqual({ delete_original: true })
  })

  it('shares a broad answer as its asker saw it: the best match in full and the others a line each', async () => {
    const seen = await slash(BROAD, { channel_id: 'C7600' })
    const blocks = seen.blocks as SlackBlock[]
    expect(shownStatements(blocks)).toHaveLength(3)
    await press('share', buttonValue(seen, 'share'), 'share-broad', 'C7600')
    const post = await standIn.waitFor(posted('C7600'))
    expect((post.body.blocks as SlackBlock[]).slice(1, -1)).toEqual(blocks.slice(1, -1))
  })

  it('shares through the response URL where the bot is not in the channel', async () => {
    const value = buttonValue(await slash('what does iran contribute?', { channel_id: 'C9999' }), 'share')
    standIn.failOnce('chat.postMessage', 'not_in_channel')
    await press('share', value, 'share-2', 'C9999')
    const shared = await standIn.waitFor(responded('share-2'))
    expect(shared.body.response_type).toBe('in_channel')
    expect(texts(shared.body.blocks as SlackBlock[])[0]).toBe('<@U1234> asked: what does iran contribute?')
  })

  it('shows the next matches for More results', async () => {
    const value = buttonValue(await slash(BROAD), 'more')
    expect(opened('more', value)).toEqual({ q: BROAD, o: 3 })
    await press('more', value, 'more-1')
    const more = (await standIn.waitFor(responded('more-1'))).body
    expect(more.response_type).toBe('ephemeral')
    expect(more.replace_original).toBe(false)
    expect(texts(more.blocks as SlackBlock[])[0]).toBe(`You asked: ${BROAD} · more results`)
    const shown = shownStatements(more.blocks as SlackBlock[])
    expect(shown).toEqual(asShown(statementsOf(BROAD, 3), shown))
    expect(shown).toHaveLength(3)
  })

  it('tells whoever presses Why this answer? privately how the best match was read and what it holds', async () => {
    const question = 'what does pyongyang want from moskow?'
    const answer = await slash(question)
    const [best] = shownClaims(question)
    const value = buttonValue(answer, 'why')
    expect(opened('why', value)).toEqual({ q: question, c: [best] })
    await press('why', value, 'why-1')
    const why = (await standIn.waitFor(responded('why-1'))).body
    expect(why.response_type).toBe('ephemeral')
    expect(why.replace_original).toBe(false)
    const shown = texts(why.blocks as SlackBlock[])
    expect(shown[0]).toBe(`Why this answer to: ${question}`)
    expect(shown[1]).toBe(`*Answer:* ${statementOf(best ?? '')}`)
    expect(shown[2]).toContain('*Read your question as:* pyongyang · want · moscow')
    expect(shown[2]).toContain('*Spelling corrected:* moskow → moscow')
    expect(shown[2]).toContain('*Names read as:* pyongyang → North Korea, moscow → Russia')
    expect(shown[2]).toContain('*The answer holds:* ')
  })

  it('explains a question with a mention in it without mentioning anyone', async () => {
    const question = 'what does <!channel> iran contribute? @here'
    const value = seal.seal('why', JSON.stringify({ q: question, c: [IRAN_CLAIM] }))
    await press('why', value, 'why-mention')
    const why = (await standIn.waitFor(responded('why-mention'))).body
    const shown = texts(why.blocks as SlackBlock[]).join('\n')
    expect(shown).not.toMatch(/<!|<@|(?<!&lt;)!channel|@here/)
    expect(shown).toContain('Why this answer to: what does &lt;!channel&gt; iran contribute? @\u200Bhere')
  })

  it('says so when the claim a Why this answer? button names is gone', async () => {
    const value = seal.seal('why', JSON.stringify({ q: 'what does iran contribute?', c: ['gone/claim'] }))
    await press('why', value, 'why-gone')
    const notice = (await standIn.waitFor(responded('why-gone'))).body
    expect(notice.text).toMatch(/no longer in the knowledge base/)
    expect(notice.response_type).toBe('ephemeral')
  })

  it('records 👍 and 👎 with the question, the claims shown and the user, and thanks them', async () => {
    const answer = await slash('what does iran contribute?')
    await press('vote-up', buttonValue(answer, 'vote-up'), 'up-1')
    await press('vote-down', buttonValue(answer, 'vote-down'), 'down-1')
    // on a message in a channel, everyone's to vote on, the voter alone is told which vote was counted
    for (const [name, vote] of [
      ['up-1', '👍'],
      ['down-1', '👎'],
    ] as const) {
      const thanks = (await standIn.waitFor(responded(name))).body
      expect(thanks.text).toBe(
        `Your ${vote} is counted. Thanks for the feedback: the curators read every vote.`,
      )
      expect(thanks.response_type).toBe('ephemeral')
      expect(thanks.replace_original).toBe(false)
    }
    const entries = readFileSync(feedbackFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json)
    const claims = shownClaims('what does iran contribute?')
    const voter = expect.stringMatching(/^[0-9a-f]{32}$/)
    const withoutTime = entries.map(({ at, ...entry }) => {
      expect(typeof at).toBe('string')
      return entry
    })
    expect(withoutTime).toEqual(
      expect.arrayContaining([
        { platform: 'slack', voter, question: 'what does iran contribute?', claims, vote: 'up' },
        { platform: 'slack', voter, question: 'what does iran contribute?', claims, vote: 'down' },
      ]),
    )
  })

  it("shows the asker's vote in place of the vote buttons of their private answer", async () => {
    const answer = await slash('what does iran contribute?')
    await press('vote-up', buttonValue(answer, 'vote-up'), 'up-private', 'C1234', true)
    const updated = (await standIn.waitFor(responded('up-private'))).body
    expect(updated.replace_original).toBe(true)
    const blocks = updated.blocks as SlackBlock[]
    const shown = texts(blocks)
    expect(shown[1]).toBe(texts(answer.blocks as SlackBlock[])[1])
    expect(shown.at(-1)).toBe('👍 You marked this answer helpful. Thanks: the curators read every vote.')
    const actionIds = blocks.flatMap((block) =>
      block.type === 'actions' ? block.elements.map((element) => element.action_id) : [],
    )
    expect(actionIds).toContain('share')
    expect(actionIds).not.toContain('vote-up')
    expect(actionIds).not.toContain('vote-down')
  })

  it('notes a question nothing answers for the curators, without who asked or where', async () => {
    const declined = await slash('how big is the dprk army?')
    expect(texts(declined.blocks ?? []).join(' ')).toMatch(/not in the knowledge base/i)
    await sendEvent('app-mention', {
      channel: 'C3000',
      ts: '1700000300.000100',
      text: `<@${BOT_USER_ID}> what is the population of iran`,
    })
    await slash('what does iran contribute?')
    // the answered question comes before the last declined one, so an entry for it would be among those read
    await slash('what is the budget of the dprk')
    await expectLoggedUnanswered(
      feedbackFile,
      'slack',
      ['how big is the dprk army?', 'what is the population of iran', 'what is the budget of the dprk'],
      ['what does iran contribute?'],
    )
  })

  it('signs every button it renders, so that its own values pass the check', async () => {
    const replies = [
      await slash('what does iran contribute?'),
      await slash(BROAD),
      await slash('help'),
      await slash('how big is the dprk army?'),
    ]
    const values = replies.flatMap((reply) =>
      reply.blocks.flatMap((block) =>
        block.type === 'actions'
          ? block.elements.flatMap((element) =>
              element.type === 'button' ? [[element.action_id, element.value ?? ''] as const] : [],
            )
          : [],
      ),
    )
    expect(new Set(values.map(([actionId]) => actionId))).toEqual(
      new Set(['share', 'more', 'vote-up', 'vote-down', 'why', 'ask']),
    )
    for (const [actionId, value] of values) expect(seal.open(actionId ?? '', value)).toBeDefined()
  })

  it.each([
    ['carries no tag', JSON.stringify({ q: 'iran', o: 0, c: [IRAN_CLAIM], ch: 'C7100' })],
    ['was tagged with another secret', createButtonSeal('not-the-secret').seal('share', SHARE_IN_C7100)],
    ['was tagged for another button', seal.seal('more', SHARE_IN_C7100)],
    ['was changed after it was tagged', seal.seal('share', SHARE_IN_C7100).replace('"o":0', '"o":3')],
  ])('refuses a Share button whose value %s, politely and acting on nothing', async (_, value) => {
    const name = `unsigned-${unique()}`
    await press('share', value, name, 'C7100')
    const notice = (await standIn.waitFor(responded(name))).body
    expect(notice).toMatchObject({
      text: UNSIGNED_BUTTON,
      response_type: 'ephemeral',
      replace_original: false,
    })
    expect(standIn.calls.filter(posted('C7100'))).toEqual([])
    expect(standIn.calls.filter(responded(name))).toHaveLength(1)
  })

  it('shares exactly the claims the user saw, in their order, without those since removed', async () => {
    const [first, second] = shownClaims(BROAD)
    if (!first || !second) throw new Error('expected two claims')
    const value = seal.seal(
      'share',
      JSON.stringify({
        q: 'what does iran contribute?',
        o: 0,
        c: [second, 'gone/claim', first],
        ch: 'C7200',
      }),
    )
    await press('share', value, 'share-exact', 'C7200')
    const post = await standIn.waitFor(posted('C7200'))
    expect(texts(post.body.blocks as SlackBlock[])[0]).toBe('<@U1234> asked: what does iran contribute?')
    const shown = shownStatements(post.body.blocks as SlackBlock[])
    expect(shown).toEqual(asShown([statementOf(second), statementOf(first)], shown))
    expect((await standIn.waitFor(responded('share-exact'))).body).toEqual({ delete_original: true })
  })

  it('says the answer changed and offers to ask again, posting nothing, when none of its claims is left', async () => {
    const value = seal.seal(
      'share',
      JSON.stringify({ q: 'what does iran contribute?', o: 0, c: ['gone/claim'], ch: 'C7300' }),
    )
    await press('share', value, 'share-changed', 'C7300')
    const notice = (await standIn.waitFor(responded('share-changed'))).body
    expect(notice.text).toBe(
      'The answer to “what does iran contribute?” has changed since you asked, so it was not shared. Ask again to see the current answer.',
    )
    expect(opened('ask', buttonValue(notice, 'ask'))).toEqual({ q: 'what does iran contribute?' })
    expect(standIn.calls.filter(posted('C7300'))).toEqual([])
    expect(standIn.calls.filter(responded('share-changed'))).toHaveLength(1)
  })

  it('refuses to share an answer to a channel other than the one it was given in', async () => {
    const value = buttonValue(await slash('what does iran contribute?', { channel_id: 'C7400' }), 'share')
    await press('share', value, 'share-elsewhere', 'C7500')
    const notice = (await standIn.waitFor(responded('share-elsewhere'))).body
    expect(notice.text).toBe(
      'That answer was given in another conversation, so it can only be shared there. Ask again here with /ask to share it here.',
    )
    expect(standIn.calls.filter((call) => posted('C7400')(call) || posted('C7500')(call))).toEqual([])
  })

  it('answers a signed button whose value it cannot read by saying so, not by failing', async () => {
    await press('more', seal.seal('more', '{"q":"what does iran contribute?","o":-4}'), 'bad-1')
    const notice = (await standIn.waitFor(responded('bad-1'))).body
    expect(notice.text).toBe(
      'That button could not be read (its page must be a whole number from 0 to 1000). Ask again with /ask and your question.',
    )
  })
})

describe('mentions and direct messages', () => {
  it('answers a mention in a thread under it', async () => {
    await sendEvent('app-mention', { channel: 'C2000', ts: '1700000100.000100' })
    const post = await standIn.waitFor(posted('C2000'))
    expect(post.body.thread_ts).toBe('1700000100.000100')
    const shown = texts(post.body.blocks as SlackBlock[])
    expect(shown.slice(0, 3)).toEqual([
      'In the collaboration with Russia, Iran’s main contribution is oil, and its area of cooperation is energy trade.',
      `> ${IRAN_QUOTE}`,
      IRAN_CITATION,
    ])
  })

  it('answers a direct message in the DM, ignoring edits, its own messages and other bots', async () => {
    const edit = fixture('message-changed')
    await sendEvent('message-changed', { ...(edit.event as Json), channel: 'D2000' })
    await sendEvent('direct-message', {
      channel: 'D2000',
      ts: '1700000200.000002',
      user: BOT_USER_ID,
      bot_id: BOT_ID,
    })
    await sendEvent('direct-message', {
      channel: 'D2000',
      ts: '1700000200.000003',
      user: 'U9999',
      bot_id: 'B9999',
    })
    await sendEvent('direct-message', { channel: 'D2000', ts: '1700000200.000004' })
    const post = await standIn.waitFor(posted('D2000'))
    expect(post.body.thread_ts).toBeUndefined()
    expect(texts(post.body.blocks as SlackBlock[])[1]).toBe(`> ${IRAN_QUOTE}`)
    // a later question's reply comes after anything the ignored messages could have caused
    await sendEvent('direct-message', { channel: 'D2000', ts: '1700000200.000005', text: 'topics' })
    await standIn.waitFor((call) => posted('D2000')(call) && String(call.body.text).startsWith('Topics'))
    expect(standIn.calls.filter(posted('D2000')).map((call) => String(call.body.text).slice(0, 20))).toEqual([
      '• In the collaborati',
      'Topics the documents',
    ])
  })

  it('does not answer a retried delivery twice', async () => {
    const delivery = { channel: 'D3000', ts: '1700000300.000100' }
    const now = Math.floor(Date.now() / 1000)
    await sendEvent('direct-message', delivery, { event_id: 'Ev3000' }, {}, now - 60)
    await standIn.waitFor(posted('D3000'))
    // Slack signs a retry anew when it sends it, so its signature is not the first one's
    await sendEvent(
      'direct-message',
      delivery,
      { event_id: 'Ev3000' },
      {
        'X-Slack-Retry-Num': '1',
        'X-Slack-Retry-Reason': 'http_timeout',
      },
      now,
    )
    await logger.waitFor(/ignored a repeated delivery of message 1700000300\.000100 \(retry 1\)/)
    expect(standIn.calls.filter(posted('D3000'))).toHaveLength(1)
  })

  it('keeps mass mentions and user markup out of what it posts', async () => {
    await sendEvent('direct-message', {
      channel: 'D4000',
      ts: '1700000400.000100',
      text: '@everyone <!here> &lt;!channel&gt; <@U9999> what is north korea’s population?',
    })
    const post = await standIn.waitFor(posted('D4000'))
    const sent = JSON.stringify(post.body)
    expect(sent).not.toMatch(/<!|<@|@everyone|@here|@channel/)
    expect(texts(post.body.blocks as SlackBlock[])[0]).toBe(
      '*Not in the knowledge base:* nothing in the documents answers “what is north korea’s population?”.',
    )
  })

  it('still answers when the Web API rate-limits the reply once', async () => {
    standIn.rateLimitOnce('chat.postMessage', 1)
    await sendEvent('direct-message', { channel: 'D5000', ts: '1700000500.000100' })
    const post = await standIn.waitFor(posted('D5000'))
    expect(texts(post.body.blocks as SlackBlock[])[1]).toBe(`> ${IRAN_QUOTE}`)
    const tries = standIn.calls.filter(
      (call) => call.method === 'chat.postMessage' && call.body.channel === 'D5000',
    )
    expect(tries.map((call) => call.status)).toEqual([429, 200])
    await logger.waitFor(/warn: slack: rate limited by the Web API; retrying in 1 s/)
  })

  it('apologises in the thread when posting the answer fails, and logs no user text', async () => {
    standIn.failOnce('chat.postMessage', 'invalid_blocks')
    await sendEvent('app-mention', {
      channel: 'C6000',
      ts: '1700000600.000100',
      text: '<@U0BOT> secret plans for iran?',
    })
    const apology = await standIn.waitFor(posted('C6000'))
    expect(apology.body).toEqual({ channel: 'C6000', thread_ts: '1700000600.000100', text: APOLOGY })
    const logged = await logger.waitFor(/answering a message failed/)
    expect(logged).toBe('error: slack: answering a message failed: An API error occurred: invalid_blocks')
    expect(logger.lines.join('\n')).not.toMatch(/secret plans|xoxb-/)
  })
})

describe('request signatures', () => {
  const body = formBody(fixture('slash-command') as Record<string, string>)
  const form = 'application/x-www-form-urlencoded' as const

  it('rejects a request without a signature with 401', async () => {
    const response = await sendToApp(port, { body, contentType: form, secret: SECRET, signature: null })
    expect(response.status).toBe(401)
  })

  it('rejects a request signed with the wrong secret with 401', async () => {
    const response = await sendToApp(port, { body, contentType: form, secret: 'not-the-secret' })
    expect(response.status).toBe(401)
  })

  it('rejects a correctly signed request more than five minutes old with 401', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60
    const response = await sendToApp(port, {
      body,
      contentType: form,
      secret: SECRET,
      timestamp: stale,
      signature: signature(SECRET, stale, body),
    })
    expect(response.status).toBe(401)
  })
})

describe('forged and replayed requests', () => {
  const form = 'application/x-www-form-urlencoded' as const
  const command = (text: string) =>
    formBody({ ...(fixture('slash-command') as Record<string, string>), trigger_id: unique(), text })

  it('refuses a correctly signed request dated more than five minutes ahead with 401, logging no payload', async () => {
    const body = command('future plans for iran')
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60
    const response = await sendToApp(port, { body, contentType: form, secret: SECRET, timestamp: ahead })
    expect(response).toEqual({ status: 401, text: '' })
    const logged = await logger.waitFor(/dated \d+ s in the future/)
    expect(logged).toMatch(
      /^warn: slack: refused a request dated 3[56]\d s in the future \(X-Slack-Request-Timestamp\); if Slack's own requests are refused, check this server's clock$/,
    )
    expect(logger.lines.join('\n')).not.toMatch(/future plans|U1234|trigger/)
  })

  it('takes a request dated a minute ahead, since clocks drift', async () => {
    const body = command('what does iran contribute?')
    const ahead = Math.floor(Date.now() / 1000) + 60
    const response = await sendToApp(port, { body, contentType: form, secret: SECRET, timestamp: ahead })
    expect(response.status).toBe(200)
    expect(texts((JSON.parse(response.text) as SlackMessage).blocks)[0]).toBe(
      'You asked: what does iran contribute?',
    )
  })

  it('acknowledges a replayed slash command without answering it again', async () => {
    const body = command('what does iran contribute?')
    const timestamp = Math.floor(Date.now() / 1000)
    const first = await sendToApp(port, { body, contentType: form, secret: SECRET, timestamp })
    expect(texts((JSON.parse(first.text) as SlackMessage).blocks)[0]).toBe(
      'You asked: what does iran contribute?',
    )
    const replayed = await sendToApp(port, { body, contentType: form, secret: SECRET, timestamp })
    expect(replayed).toEqual({ status: 200, text: '' })
    await logger.waitFor(/acknowledged a replayed request without acting on it/)
  })

  it('does not answer a replayed message or press a replayed button again', async () => {
    const event = fixture('direct-message')
    const body = JSON.stringify({
      ...event,
      event_id: 'EvReplay',
      event: { ...(event.event as Json), channel: 'D8000', ts: '1700000800.000100' },
    })
    const timestamp = Math.floor(Date.now() / 1000)
    const message = { body, contentType: 'application/json' as const, secret: SECRET, timestamp }
    expect((await sendToApp(port, message)).status).toBe(200)
    await standIn.waitFor(posted('D8000'))
    // the replay is acknowledged only once it has been judged one, so nothing can follow it
    expect((await sendToApp(port, message)).status).toBe(200)
    expect(standIn.calls.filter(posted('D8000'))).toHaveLength(1)

    const payload = fixture('block-actions')
    const [action] = payload.actions as Json[]
    const more = seal.seal('more', JSON.stringify({ q: BROAD, o: 3 }))
    const pressed = formBody({
      payload: JSON.stringify({
        ...payload,
        response_url: standIn.responseUrl('more-replayed'),
        actions: [{ ...action, action_id: 'more', value: more }],
      }),
    })
    const press = { body: pressed, contentType: form, secret: SECRET, timestamp }
    expect((await sendToApp(port, press)).status).toBe(200)
    await standIn.waitFor(responded('more-replayed'))
    expect((await sendToApp(port, press)).status).toBe(200)
    expect(standIn.calls.filter(responded('more-replayed'))).toHaveLength(1)
  })
})

describe('requests no listener of this version takes', () => {
  const form = 'application/x-www-form-urlencoded' as const
  const OLDER_BUTTON =
    'This button is from an older version of the bot; ask again with /ask and your question.'
  const OLDER_SHORTCUT = 'This shortcut is from an older version of the bot; ask with /ask and your question.'
  const user = { id: 'U1234', username: 'alex', team_id: 'T1234' }
  const team = { id: 'T1234', domain: 'example' }

  /** Send a signed request; resolves with the response and how long it took, in ms. */
  async function timed(body: string, contentType: 'application/json' | typeof form) {
    const started = performance.now()
    const response = await sendToApp(port, { body, contentType, secret: SECRET })
    return { ...response, ms: performance.now() - started }
  }
  const interaction = (payload: Json) => formBody({ payload: JSON.stringify(payload) })

  it('acknowledges a button of an older version at once and says so privately', async () => {
    const payload = fixture('block-actions')
    const [action] = payload.actions as Json[]
    const response = await timed(
      interaction({
        ...payload,
        response_url: standIn.responseUrl('older-button'),
        actions: [{ ...action, action_id: 'open-settings', value: 'x' }],
      }),
      form,
    )
    expect(response.status).toBe(200)
    expect(response.ms).toBeLessThan(1000)
    const notice = (await standIn.waitFor(responded('older-button'))).body
    expect(notice).toMatchObject({ text: OLDER_BUTTON, response_type: 'ephemeral', replace_original: false })
  })

  it('acknowledges a message shortcut at once and says so privately', async () => {
    const response = await timed(
      interaction({
        type: 'message_action',
        callback_id: 'cite-this',
        trigger_id: unique(),
        response_url: standIn.responseUrl('older-shortcut'),
        user,
        team,
        channel: { id: 'C1234', name: 'strategy-meeting' },
        message: { type: 'message', ts: '1700000900.000100', text: 'iran' },
      }),
      form,
    )
    expect(response.status).toBe(200)
    expect(response.ms).toBeLessThan(1000)
    expect((await standIn.waitFor(responded('older-shortcut'))).body.text).toBe(OLDER_SHORTCUT)
  })

  it('offers no options for a select menu it does not know', async () => {
    const response = await timed(
      interaction({
        type: 'block_suggestion',
        action_id: 'pick-topic',
        block_id: 'b1',
        value: 'ir',
        user,
        team,
      }),
      form,
    )
    expect(response).toMatchObject({ status: 200, text: '{"options":[]}' })
    expect(response.ms).toBeLessThan(1000)
  })

  it.each([
    [
      'a form submitted',
      interaction({
        type: 'view_submission',
        user,
        team,
        view: { id: 'V1234', type: 'modal', callback_id: 'old-form', state: { values: {} } },
      }),
      form,
    ],
    [
      'a form closed',
      interaction({
        type: 'view_closed',
        user,
        team,
        view: { id: 'V1234', type: 'modal', callback_id: 'old-form' },
      }),
      form,
    ],
    [
      'a global shortcut',
      interaction({ type: 'shortcut', callback_id: 'ask', trigger_id: '1.2', user, team }),
      form,
    ],
    ['an empty payload', 'payload=%7B%7D', form],
    ['a payload of another kind', interaction({ type: 'workflow_step_edit_v3', user, team }), form],
    [
      'an event callback without its event',
      JSON.stringify({ token: 'x', team_id: 'T1234', type: 'event_callback', event_id: 'EvEmpty' }),
      'application/json' as const,
    ],
    [
      'an event that is not an object',
      JSON.stringify({ team_id: 'T1234', type: 'event_callback', event_id: 'EvText', event: 'message' }),
      'application/json' as const,
    ],
  ])('acknowledges %s at once', async (_, body, contentType) => {
    const response = await timed(body, contentType)
    expect(response.status).toBe(200)
    expect(response.ms).toBeLessThan(1000)
  })
})
