/**
 * The buttons under an answer keep nothing in the bot: answers rendered by one adapter are pressed on a
 * fresh one (a restart, or another replica), then on one serving a knowledge base that changed since,
 * through the real discord.js against the stand-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escapeDiscord } from '../../../adapters/discord/escape.ts'
import { createDiscordAdapter } from '../../../adapters/discord/index.ts'
import { handle } from '../../../src/commands.ts'
import type { FeedbackLog, VoteEntry } from '../../../src/feedback.ts'
import { assembleKnowledgeBase, type KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import type { Metrics } from '../../../src/service/metrics.ts'
import type { Adapter } from '../../../src/types.ts'
import {
  APPLICATION_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  type BotMessage,
  CHANNEL_ID,
  type DiscordStandIn,
  GUILD_ID,
  OTHER_USER,
  type RecordedCall,
  recordingLogger,
  type SentInteraction,
  startDiscordStandIn,
  USER_ID,
} from './stand-in.ts'

/** more than a page of matches, so its answers carry More results */
const IRAN = 'how does iran help russia?'
/** a question whose first page does not use the claim the changed knowledge base drops */
const CHINA = 'what does china contribute?'
const NOT_ANSWERED = 'how big is the dprk army?'
const EPHEMERAL = 64

interface Button {
  custom_id: string
  label?: string
  style?: number
  disabled?: boolean
}
interface MessageBody {
  content?: string
  embeds?: { description?: string }[]
  components?: { components: Button[] }[]
  flags?: number
}
interface Callback {
  type: number
  data: MessageBody
}

let kb: KnowledgeBase
/** the knowledge base without the claim that answers IRAN first */
let changedKb: KnowledgeBase
let standIn: DiscordStandIn
const votes: VoteEntry[] = []
const feedback: FeedbackLog = {
  record: async (entry) => {
    if ('vote' in entry) votes.push(entry)
    return { kind: 'recorded' }
  },
}
const expiries: string[] = []
const metrics: Metrics = {
  replied() {},
  voted() {},
  failed() {},
  buttonExpired: (platform) => expiries.push(platform),
  rateLimited() {},
}

const idsOf = (knowledge: KnowledgeBase, question: string, offset = 0): string[] => {
  const reply = handle({ kind: 'ask', question }, knowledge, { limit: 3, offset })
  return reply.kind === 'answer' && reply.answer.kind === 'answered'
    ? reply.answer.matches.map((match) => match.claim.id)
    : []
}
const statementsOf = (knowledge: KnowledgeBase, question: string, offset: number) =>
  idsOf(knowledge, question, offset).map((id) => escapeDiscord(knowledge.claimById.get(id)?.statement ?? ''))
/**
 * The statements an answer shows, as escaped: the best match's, then each one-liner's without its stance
 * label and document title.
 */
const statements = (message: MessageBody): string[] => {
  const [best, others] = message.embeds ?? []
  return [
    ...(best ? [best.description?.replace(/^\*\*[^*]+:\*\* /, '').split('\n> ')[0] ?? ''] : []),
    ...(others?.description ?? '')
      .split('\n')
      .filter((line) => line.startsWith('• '))
      .map((line) => line.replace(/^• (?:\*\*[^*]+:\*\* )?/, '').replace(/ — \*[^*]*\*(?: · [^·]*)?$/, '')),
  ]
}

/** That `message` shows the `full` statements (escaped), a one-liner's whole or cut at a word. */
const expectShows = (message: MessageBody, full: readonly string[]) => {
  const shown = statements(message)
  expect(shown).toEqual(
    full.map((text, at) => {
      const cut = shown[at]
      return cut?.endsWith('…') && text.startsWith(cut.slice(0, -1)) ? cut : text
    }),
  )
}

const customId = (message: BotMessage | MessageBody | undefined, kind: string): string => {
  const body = (message && 'body' in message ? message.body : message) as MessageBody | undefined
  const found = (body?.components ?? [])
    .flatMap((row) => row.components)
    .find((button) => button.custom_id.startsWith(`v2:${kind}:`))
  if (!found) throw new Error(`no ${kind} button`)
  return found.custom_id
}

const callback = async (interaction: SentInteraction): Promise<Callback> =>
  (await standIn.callbackFor(interaction)).body as unknown as Callback

/** press a button on `on`, a message an earlier adapter sent */
const press = (on: BotMessage | undefined, kind: string, user?: typeof OTHER_USER) => {
  if (!on) throw new Error('no such message')
  return standIn.pressButton(customId(on, kind), { on, ...(user ? { user } : {}) })
}

const startAdapter = async (knowledge: KnowledgeBase): Promise<Adapter> => {
  const adapter = createDiscordAdapter({
    kb: knowledge,
    discord: {
      token: BOT_TOKEN,
      applicationId: APPLICATION_ID,
      apiUrl: standIn.apiUrl,
      messageContent: false,
      prefix: '!ask',
    },
    feedback,
    logger: recordingLogger(),
    metrics,
    readyTimeoutMs: 10_000,
  })
  await adapter.start()
  return adapter
}

/** stop `adapter` and wait until the stand-in saw its connection close, so no event reaches it any more */
const stopAdapter = async (adapter: Adapter) => {
  const closed = standIn.closes.items.length
  await adapter.stop()
  await standIn.closes.waitFor(() => standIn.closes.items.length > closed, 'the connection closed on stop')
}

const repliedTo = (messageId: string) => (call: RecordedCall) =>
  call.method === 'POST' &&
  call.path === `/channels/${CHANNEL_ID}/messages` &&
  (call.body.message_reference as { message_id?: string } | undefined)?.message_id === messageId

/** the messages the first adapter sent, pressed on later ones */
const before: Record<
  'private' | 'privateAgain' | 'privateChina' | 'mention' | 'mentionChina' | 'help' | 'declined',
  BotMessage | undefined
> = {
  private: undefined,
  privateAgain: undefined,
  privateChina: undefined,
  mention: undefined,
  mentionChina: undefined,
  help: undefined,
  declined: undefined,
}

beforeAll(async () => {
  kb = loadKnowledge()
  const dropped = idsOf(kb, IRAN)[0]
  changedKb = assembleKnowledgeBase({
    sources: [...kb.sources.values()],
    claims: kb.claims.filter((claim) => claim.id !== dropped),
    topics: kb.topics,
    entities: kb.entities,
    terms: kb.terms,
  })
  standIn = await startDiscordStandIn({ heartbeatIntervalMs: 300 })

  // the first run of the bot: answers of every kind, then a stop
  const first = await startAdapter(kb)
  const slash = async (question?: string) => {
    const interaction = standIn.slashCommand(question)
    await callback(interaction)
    return standIn.messageFor(interaction)
  }
  const mention = async (question: string) => {
    const id = standIn.sendMessage({ content: `<@${BOT_USER_ID}> ${question}` })
    await standIn.calls.waitFor(repliedTo(id), 'a reply to the mention')
    return standIn.messages.at(-1)
  }
  before.private = await slash(IRAN)
  before.privateAgain = await slash(IRAN)
  before.privateChina = await slash(CHINA)
  before.help = await slash()
  before.declined = await slash(NOT_ANSWERED)
  before.mention = await mention(IRAN)
  before.mentionChina = await mention(CHINA)
  await stopAdapter(first)
})

afterAll(async () => {
  await standIn?.close()
})

describe('buttons pressed after a restart', () => {
  let adapter: Adapter
  beforeAll(async () => {
    adapter = await startAdapter(kb)
  })
  afterAll(async () => {
    await stopAdapter(adapter)
  })

  it('were rendered by the first run, each carrying its page in its custom_id', () => {
    expect(before.private?.body.content).toBe(`You asked: ${IRAN}`)
    expect(before.private?.interaction?.user.id).toBe(USER_ID)
    expect(before.mention?.body.content).toBe(`-# Asked: ${IRAN}`)
    expect(customId(before.private, 'more')).toMatch(/^v2:more:0:[\w-]{10}:[\w-]{10}$/)
  })

  it('shows the next page for More results', async () => {
    const { type, data } = await callback(press(before.private, 'more'))
    expect(type).toBe(4)
    expect(data.flags).toBe(EPHEMERAL)
    expect(data.content).toBe(`You asked: ${IRAN} · more results`)
    expectShows(data, statementsOf(kb, IRAN, 3))
    expect(statements(data)).toHaveLength(3)
  })

  it('records 👍 on the private answer with the question and claims shown, and shows it on the button', async () => {
    const recorded = votes.length
    const { type, data } = await callback(press(before.private, 'up'))
    expect(type).toBe(7)
    expect(votes.slice(recorded)).toEqual([
      {
        platform: 'discord',
        workspace: GUILD_ID,
        channel: CHANNEL_ID,
        user: USER_ID,
        question: IRAN,
        claims: idsOf(kb, IRAN),
        vote: 'up',
      },
    ])
    const up = data.components?.[0]?.components.find(
      (button) => button.custom_id === customId(before.private, 'up'),
    )
    expect(up).toMatchObject({ label: 'Helpful — thanks', style: 3, disabled: true })
  })

  it('records 👎 by anyone on an answer in the channel, thanking them privately', async () => {
    const recorded = votes.length
    const buttons = JSON.stringify(before.mention?.body.components)
    const { type, data } = await callback(press(before.mention, 'down', OTHER_USER))
    expect(type).toBe(4)
    expect(data).toMatchObject({
      content: 'Thanks: your 👎 (not helpful) is recorded. The curators read every vote.',
      flags: EPHEMERAL,
    })
    expect(votes.slice(recorded)).toEqual([
      {
        platform: 'discord',
        workspace: GUILD_ID,
        channel: CHANNEL_ID,
        user: OTHER_USER.id,
        question: IRAN,
        claims: idsOf(kb, IRAN),
        vote: 'down',
      },
    ])
    // the channel's message is as it was, for everyone else to vote on
    expect(JSON.stringify(before.mention?.body.components)).toBe(buttons)
    expect(buttons).not.toContain('disabled')
  })

  it('keeps More results and votes of a private answer to its asker, as Discord names them', async () => {
    const recorded = votes.length
    for (const kind of ['more', 'up']) {
      const { data } = await callback(press(before.privateAgain, kind, OTHER_USER))
      expect(data.content).toBe(
        `These buttons belong to <@${USER_ID}>'s answer; ask your own with /ask and your question.`,
      )
    }
    expect(votes.length).toBe(recorded)
  })

  it('shares the private answer to the channel, naming who asked', async () => {
    // as shown before the press, which turns the private copy into a note
    const shown = structuredClone(before.privateAgain?.body)
    const sharing = press(before.privateAgain, 'share')
    const { type, data } = await callback(sharing)
    expect(type).toBe(7)
    expect(data.content).toBe('Shared to the channel.')
    const shared = await standIn.calls.waitFor(
      (call) =>
        call.method === 'POST' && call.path.startsWith(`/webhooks/${APPLICATION_ID}/${sharing.token}`),
      'the shared answer',
    )
    const body = shared.body as MessageBody
    expect(body.content).toBe(`<@${USER_ID}> asked: ${IRAN}`)
    expect(body.flags ?? 0).toBe(0)
    expect(body.embeds).toEqual(shown?.embeds)
    expect(statements(body)).toHaveLength(3)
    expect(customId(body, 'up')).toBe(customId(shown, 'up'))
    expect(before.privateAgain?.body).toMatchObject({ content: 'Shared to the channel.', components: [] })
  })

  it('asks an example question from help, and a question offered under a no-answer', async () => {
    for (const on of [before.help, before.declined]) {
      const offered = (on?.body as MessageBody | undefined)?.components?.[0]?.components[0]
      expect(offered?.label).toBeTruthy()
      const { data } = await callback(press(on, 'ask'))
      expect(data.flags).toBe(EPHEMERAL)
      expect(data.content).toBe(`You asked: ${escapeDiscord(offered?.label ?? '')}`)
      expectShows(data, statementsOf(kb, offered?.label ?? '', 0))
      expect(statements(data).length).toBeGreaterThan(0)
    }
  })

  it('says so, recording nothing, when the question cannot be read back from the message', async () => {
    const recorded = votes.length
    const expired = expiries.length
    const on = before.private
    if (!on) throw new Error('no private answer')
    for (const content of [`You asked: ${IRAN}?`, 'You asked: ', undefined, 'x'.repeat(5000)]) {
      const forged: BotMessage = { ...on, id: `9${on.id}`, body: { ...on.body, content } }
      const { data } = await callback(standIn.pressButton(customId(on, 'up'), { on: forged }))
      expect(data).toMatchObject({
        content:
          "This answer's question cannot be read back from the message, so its buttons cannot be used. Ask again with /ask and your question.",
        flags: EPHEMERAL,
      })
    }
    expect(votes.length).toBe(recorded)
    expect(expiries.length).toBe(expired + 4)
  })

  it('puts Why this answer? last in the one row of buttons, five on a private answer', () => {
    const kinds = (message: BotMessage | undefined) =>
      ((message?.body as MessageBody | undefined)?.components ?? []).map((row) =>
        row.components.map((button) => button.custom_id.split(':')[1]),
      )
    expect(kinds(before.private)).toEqual([['share', 'more', 'up', 'down', 'why']])
    expect(kinds(before.mention)).toEqual([['more', 'up', 'down', 'why']])
    const why = (before.mention?.body as MessageBody | undefined)?.components?.[0]?.components.at(-1)
    expect(why?.label).toBe('Why this answer?')
    expect(customId(before.mention, 'why')).toMatch(/^v2:why:0:[\w-]{10}:[\w-]{10}$/)
  })

  it('tells anyone who presses Why this answer? privately how the first match was read, from the question', async () => {
    const { type, data } = await callback(press(before.mention, 'why', OTHER_USER))
    expect(type).toBe(4)
    expect(data.flags).toBe(EPHEMERAL)
    expect(data.content).toBe(`Why this answer to: ${IRAN}`)
    const [first] = idsOf(kb, IRAN)
    const description = data.embeds?.[0]?.description ?? ''
    expect(description.split('\n')[0]).toBe(
      `**Answer:** ${escapeDiscord(kb.claimById.get(first ?? '')?.statement ?? '')}`,
    )
    expect(description).toContain('**Read your question as:** iran · help · russia')
    expect(description).toContain('**The answer holds:** ')
    expect(description).not.toContain('Spelling corrected')
  })

  it('says to ask again for the buttons of the version that kept them in memory', async () => {
    const expired = expiries.length
    for (const id of ['more:AbCdEf123_-x', 'up:AbCdEf123_-x', 'share:AbCdEf123_-x', 'ask:AbCdEf123_-x:0']) {
      const { data } = await callback(standIn.pressButton(id, { ephemeral: true }))
      expect(data).toMatchObject({
        content:
          'These buttons are from an earlier version of the bot and no longer work. Ask again with /ask and your question.',
        flags: EPHEMERAL,
      })
    }
    expect(expiries.length).toBe(expired + 4)
  })
})

describe('buttons pressed after the knowledge base changed', () => {
  let adapter: Adapter
  beforeAll(async () => {
    adapter = await startAdapter(changedKb)
  })
  afterAll(async () => {
    await stopAdapter(adapter)
  })

  it('changed the first page of one question and not of the other', () => {
    expect(idsOf(changedKb, IRAN)).not.toEqual(idsOf(kb, IRAN))
    expect(idsOf(changedKb, CHINA)).toEqual(idsOf(kb, CHINA))
    expect(idsOf(kb, CHINA).length).toBeGreaterThan(0)
  })

  it('refuses a vote on claims no longer shown for that question, saying why, and records nothing', async () => {
    const recorded = votes.length
    const expired = expiries.length
    // 👎 on the private answer: its 👍 was taken after the restart, and is disabled now
    for (const [on, kind, user] of [
      [before.mention, 'up', OTHER_USER],
      [before.private, 'down', undefined],
    ] as const) {
      const { type, data } = await callback(press(on, kind, user))
      expect(type).toBe(4)
      expect(data).toMatchObject({
        content:
          'The knowledge base changed since this answer was given, so this vote was not recorded. Ask again with /ask and vote on the current answer.',
        flags: EPHEMERAL,
      })
    }
    expect(votes.length).toBe(recorded)
    expect(expiries.length).toBe(expired + 2)
  })

  it('will not explain an answer the knowledge base no longer gives', async () => {
    const expired = expiries.length
    const { type, data } = await callback(press(before.mention, 'why', OTHER_USER))
    expect(type).toBe(4)
    expect(data).toMatchObject({
      content:
        'The knowledge base changed since this answer was given, so how it matched cannot be said. Ask again with /ask and your question.',
      flags: EPHEMERAL,
    })
    expect(expiries.length).toBe(expired + 1)
  })

  it('still records a vote on an answer the change did not touch', async () => {
    const recorded = votes.length
    const { data } = await callback(press(before.mentionChina, 'up', OTHER_USER))
    expect(data.content).toBe('Thanks: your 👍 (helpful) is recorded. The curators read every vote.')
    expect(votes.slice(recorded)).toEqual([
      {
        platform: 'discord',
        workspace: GUILD_ID,
        channel: CHANNEL_ID,
        user: OTHER_USER.id,
        question: CHINA,
        claims: idsOf(kb, CHINA),
        vote: 'up',
      },
    ])
  })

  it('shows the next page of what the knowledge base says now for More results', async () => {
    const { data } = await callback(press(before.mention, 'more'))
    expect(data.content).toBe(`You asked: ${IRAN} · more results`)
    expectShows(data, statementsOf(changedKb, IRAN, 3))
    expect(statementsOf(changedKb, IRAN, 3)).not.toEqual(statementsOf(kb, IRAN, 3))
  })

  it('shares the current answer, and says that it is the current one', async () => {
    const sharing = press(before.private, 'share')
    const { data } = await callback(sharing)
    expect(data.content).toBe(
      'Shared to the channel: the current answer, since the knowledge base changed after this one was given.',
    )
    const shared = await standIn.calls.waitFor(
      (call) =>
        call.method === 'POST' && call.path.startsWith(`/webhooks/${APPLICATION_ID}/${sharing.token}`),
      'the shared answer',
    )
    const body = shared.body as MessageBody
    expect(body.content).toBe(`<@${USER_ID}> asked: ${IRAN}`)
    expectShows(body, statementsOf(changedKb, IRAN, 0))
    // its buttons are the current answer's, so a vote on it counts
    const recorded = votes.length
    const on = standIn.messages.findLast((message) => message.body === shared.body)
    const voted = await callback(press(on, 'up', OTHER_USER))
    expect(voted.data.content).toBe('Thanks: your 👍 (helpful) is recorded. The curators read every vote.')
    expect(votes.slice(recorded)).toEqual([
      expect.objectContaining({ question: IRAN, claims: idsOf(changedKb, IRAN), vote: 'up' }),
    ])
  })

  it('shares the unchanged answer without a note', async () => {
    const { data } = await callback(press(before.privateChina, 'share'))
    expect(data.content).toBe('Shared to the channel.')
  })
})
