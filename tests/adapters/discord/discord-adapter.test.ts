/**
 * The real discord.js client, without the Message Content intent, against a stand-in for Discord's REST API
 * and gateway on loopback: slash commands, autocomplete, buttons, mentions and direct messages.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escapeDiscord } from '../../../adapters/discord/escape.ts'
import { createDiscordAdapter } from '../../../adapters/discord/index.ts'
import { renderDiscord } from '../../../adapters/discord/render.ts'
import { handle } from '../../../src/commands.ts'
import { createFeedbackLog } from '../../../src/feedback.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import type { Adapter, Match } from '../../../src/types.ts'
import { expectLoggedUnanswered } from '../../helpers/feedback-log.ts'
import {
  APPLICATION_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  CHANNEL_ID,
  type DiscordStandIn,
  DM_CHANNEL_ID,
  MESSAGE_CONTENT_INTENT,
  OTHER_USER,
  type RecordedCall,
  type RecordingLogger,
  recordingLogger,
  type SentInteraction,
  startDiscordStandIn,
  USER,
  USER_ID,
} from './stand-in.ts'

/** a question with more than a page of matches, so that answers to it carry a More results button */
const IRAN = 'how does iran help russia?'
const APOLOGY = 'Sorry, something went wrong while answering. Please try again in a moment.'
const OUTDATED =
  'These buttons are from an earlier version of the bot and no longer work. Ask again with /ask and your question.'
/** Guilds, GuildMessages and DirectMessages (discord.com/developers/docs/events/gateway#gateway-intents) */
const INTENTS_WITHOUT_CONTENT = (1 << 0) | (1 << 9) | (1 << 12)
const EPHEMERAL = 64

interface Embed {
  title?: string
  description?: string
  footer?: { text: string }
  fields?: { name: string; value: string }[]
}
interface Button {
  custom_id: string
  label?: string
  style?: number
  disabled?: boolean
  emoji?: { name: string }
}
interface MessageBody {
  content?: string
  embeds?: Embed[]
  components?: { components: Button[] }[]
  flags?: number
  allowed_mentions?: unknown
  message_reference?: { message_id: string }
}
interface Callback {
  type: number
  data: MessageBody & { choices?: { name: string; value: string }[] }
}

let kb: KnowledgeBase
let standIn: DiscordStandIn
let logger: RecordingLogger
let adapter: Adapter
let feedbackDir: string
let feedbackFile: string

beforeAll(async () => {
  kb = loadKnowledge()
  standIn = await startDiscordStandIn({ heartbeatIntervalMs: 300 })
  logger = recordingLogger()
  feedbackDir = mkdtempSync(join(tmpdir(), 'discord-feedback-'))
  feedbackFile = join(feedbackDir, 'feedback.jsonl')
  adapter = createDiscordAdapter({
    kb,
    discord: {
      token: BOT_TOKEN,
      applicationId: APPLICATION_ID,
      apiUrl: standIn.apiUrl,
      messageContent: false,
      prefix: '!ask',
    },
    feedback: createFeedbackLog(feedbackFile),
    logger,
    readyTimeoutMs: 10_000,
  })
  await adapter.start()
})

afterAll(async () => {
  await adapter?.stop()
  await standIn?.close()
  if (feedbackDir) rmSync(feedbackDir, { recursive: true, force: true })
})

const callback = async (interaction: SentInteraction): Promise<Callback> =>
  (await standIn.callbackFor(interaction)).body as unknown as Callback

/** `/ask question:<question>` (no option when undefined); resolves with the interaction callback. */
const ask = (question?: unknown) => callback(standIn.slashCommand(question))

const customIds = (message: MessageBody): string[] =>
  (message.components ?? []).flatMap((row) => row.components.map((component) => component.custom_id))

/** what kind of button each custom_id is (`v2:more:0:…` is a More results button) */
const kinds = (message: MessageBody): string[] => customIds(message).map((id) => id.split(':')[1] ?? '')

const customId = (message: MessageBody, kind: string): string => {
  const found = customIds(message).find((id) => id.startsWith(`v2:${kind}:`))
  if (!found) throw new Error(`no ${kind} button`)
  return found
}

const buttonsOf = (message: MessageBody): Button[] =>
  (message.components ?? []).flatMap((row) => row.components)

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

const matchesOf = (question: string, offset: number): Match[] => {
  const reply = handle({ kind: 'ask', question }, kb, { limit: 3, offset })
  if (reply.kind !== 'answer' || reply.answer.kind !== 'answered')
    throw new Error(`expected an answer to ${question}`)
  return reply.answer.matches
}

const repliedTo = (messageId: string) => (call: RecordedCall) =>
  call.method === 'POST' &&
  call.path.startsWith('/channels/') &&
  (call.body as MessageBody).message_reference?.message_id === messageId

const webhookOf = (interaction: SentInteraction) => (call: RecordedCall) =>
  call.path.startsWith(`/webhooks/${APPLICATION_ID}/${interaction.token}`)

describe('connecting', () => {
  it('finds the gateway through DISCORD_API_URL with the bot token', () => {
    const [first] = standIn.calls.items
    expect(first).toMatchObject({ method: 'GET', path: '/gateway/bot', authorization: `Bot ${BOT_TOKEN}` })
  })

  it('identifies without the Message Content intent and keeps its heartbeat acknowledged', async () => {
    expect(standIn.identifies.items.map((identify) => identify.intents)).toEqual([INTENTS_WITHOUT_CONTENT])
    expect(INTENTS_WITHOUT_CONTENT & MESSAGE_CONTENT_INTENT).toBe(0)
    await standIn.heartbeats.waitFor((count) => count >= 2, 'two heartbeats')
    expect(standIn.closes.items).toEqual([])
  })
})

describe('the /ask slash command', () => {
  it('answers privately with the best match in full, the others a line each, and the buttons', async () => {
    const { type, data } = await ask(IRAN)
    expect(type).toBe(4)
    expect(data.flags).toBe(EPHEMERAL)
    expect(data.content).toBe(`You asked: ${IRAN}`)
    const matches = matchesOf(IRAN, 0)
    const [best] = matches
    expect(best?.claim.statement).toMatch(/Iran/)
    // the adapter only translates: what it sends is the renderer's, for the page it asked for
    const reply = handle({ kind: 'ask', question: IRAN }, kb, { limit: 3 })
    expect(data.embeds).toEqual(renderDiscord(reply, { audience: 'private' }).embeds)
    const [full, lines] = data.embeds ?? []
    expect(full?.description).toMatch(/^[^\n]+\n> \S/)
    // the citation's title, cut at a word where the reply is long
    const title = full?.footer?.text.split(' · ')[0]?.replace(/…$/, '') ?? '?'
    expect(title.length).toBeGreaterThan(10)
    expect(best?.citation.title.startsWith(title)).toBe(true)
    expect(lines?.description?.split('\n')).toHaveLength(2)
    expectShows(
      data,
      matches.map((match) => escapeDiscord(match.claim.statement)),
    )
    const ids = customIds(data)
    expect(kinds(data)).toEqual(['share', 'more', 'up', 'down', 'why'])
    // one page of one question: the same offset and digests on every button
    expect(new Set(ids.map((id) => id.split(':').slice(2).join(':'))).size).toBe(1)
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100)
    expect(data.allowed_mentions).toEqual({ parse: [] })
  })

  it('shows help for /ask alone, an empty question and help', async () => {
    for (const question of [undefined, '', '   ', 'help']) {
      const { data } = await ask(question)
      expect(data.flags).toBe(EPHEMERAL)
      expect(data.embeds?.[0]?.title).toBe('Ask the knowledge base')
      expect(data.embeds?.[0]?.description).toContain('`/ask question: sources` the documents')
      expect(data.embeds?.[0]?.description).not.toContain('start a message with')
    }
  })

  it('lists the documents for sources and the topics for topics', async () => {
    const sources = await ask('sources')
    expect(sources.data.embeds?.[0]?.title).toBe(`${kb.sources.size} documents in the knowledge base`)
    const topics = await ask('topics')
    expect(topics.data.embeds?.[0]?.title).toBe('Topics the documents cover, with how many claims each')
    expect(topics.data.embeds?.[0]?.description?.split('\n').length).toBeGreaterThan(1)
  })

  it('refuses a 4,000-character question with what to do instead', async () => {
    const { data } = await ask('why '.repeat(1000))
    expect(data).toMatchObject({
      content: 'That question is 3,999 characters long; please ask in under 500 characters.',
      embeds: [],
      components: [],
      flags: EPHEMERAL,
      allowed_mentions: { parse: [] },
    })
  })

  it('drops mentions from the question and echoes nothing that could ping', async () => {
    const { data } = await ask(`@everyone <@&123> <@456> ${IRAN}`)
    expect(data.content).toBe(`You asked: ${IRAN}`)
    expect(statements(data)[0]).toBe(escapeDiscord(matchesOf(IRAN, 0)[0]?.claim.statement ?? ''))

    const echoed = await ask("@everyone what is north korea's population? <@456> @here")
    expect(echoed.data.embeds?.[0]?.description).toBe(
      "Nothing in the documents answers “what is north korea's population?”.",
    )
    expect(JSON.stringify(echoed.data)).not.toMatch(/@everyone|@here|<@&?\d|<#\d/)
    expect(echoed.data.allowed_mentions).toEqual({ parse: [] })
  })

  it('answers /ask in a direct message with the bot too', async () => {
    const { data } = await callback(standIn.slashCommand(IRAN, { direct: true }))
    expect(data).toMatchObject({ content: `You asked: ${IRAN}`, flags: EPHEMERAL })
  })

  it('reads a question option that is not text as a request for help', async () => {
    const { data } = await ask(42)
    expect(data.embeds?.[0]?.title).toBe('Ask the knowledge base')
  })

  it('says so for a command it does not know', async () => {
    const { data } = await callback(standIn.slashCommand(IRAN, { name: 'other' }))
    expect(data.content).toBe('This bot answers /ask only.')
  })

  it('still answers when Discord rate-limits the reply once', async () => {
    standIn.rateLimitNextCallback(1)
    const interaction = standIn.slashCommand(IRAN)
    const { data } = await callback(interaction)
    expect(data.content).toBe(`You asked: ${IRAN}`)
    const tries = standIn.calls.items.filter((call) => call.path.includes(`/interactions/${interaction.id}/`))
    expect(tries.map((call) => call.status)).toEqual([429, 204])
    await logger.waitFor(
      /^warn: discord: rate limited on POST \/interactions\/:id\/:token\/callback; retrying after 1 s$/,
    )
  })

  it('apologises when the reply fails, and logs neither the question nor the token', async () => {
    standIn.failNextCallback(400, { code: 50035, message: 'Invalid Form Body' })
    const { data } = await ask('secret plans for iran?')
    expect(data.content).toBe(APOLOGY)
    expect(data.flags).toBe(EPHEMERAL)
    expect(await logger.waitFor(/answering an interaction failed/)).toBe(
      'error: discord: answering an interaction failed: Invalid Form Body',
    )
    expect(logger.lines.join('\n')).not.toMatch(/secret plans|test-bot-token|interaction-token/)
  })
})

describe('autocomplete', () => {
  it('offers at most 25 valid choices for what is being typed; choosing one asks it', async () => {
    const { type, data } = await callback(standIn.autocomplete('what does ir'))
    expect(type).toBe(8)
    const choices = data.choices ?? []
    expect(choices.length).toBeGreaterThan(0)
    expect(choices.length).toBeLessThanOrEqual(25)
    for (const choice of choices) {
      expect(choice.name.length).toBeGreaterThan(0)
      expect(choice.name.length).toBeLessThanOrEqual(100)
      expect(choice.value.length).toBeGreaterThan(0)
      expect(choice.value.length).toBeLessThanOrEqual(100)
    }
    const [best] = choices
    expect(best?.value).toMatch(/iran/i)

    const chosen = await ask(best?.value)
    expect(chosen.data.content).toBe(`You asked: ${best?.value}`)
    expectShows(
      chosen.data,
      matchesOf(best?.value ?? '', 0).map((match) => escapeDiscord(match.claim.statement)),
    )
  })

  it('offers questions and the command words before anything is typed', async () => {
    const { data } = await callback(standIn.autocomplete(''))
    const values = (data.choices ?? []).map((choice) => choice.value)
    expect(values).toHaveLength(25)
    expect(values.slice(-4)).toEqual(['help', 'sources', 'topics', 'recap'])
  })

  it('answers a 5,000-character paste well inside the 3-second window', async () => {
    const started = performance.now()
    const { data } = await callback(standIn.autocomplete(`${'sanctions on iran '.repeat(300)}nucl`))
    expect(performance.now() - started).toBeLessThan(3_000)
    expect((data.choices ?? []).length).toBeLessThanOrEqual(25)
  })
})

describe('the buttons under an answer', () => {
  it('shares the answer to the channel, naming who asked without pinging, and replaces the private copy', async () => {
    const answer = await ask(IRAN)
    const press = standIn.pressButton(customId(answer.data, 'share'), { ephemeral: true })
    const { type, data } = await callback(press)
    expect(type).toBe(7)
    expect(data).toMatchObject({
      content: 'Shared to the channel.',
      embeds: [],
      components: [],
      allowed_mentions: { parse: [] },
    })
    const shared = (await standIn.calls.waitFor(webhookOf(press), 'the shared answer')).body as MessageBody
    expect(shared.content).toBe(`<@${USER_ID}> asked: ${IRAN}`)
    expect(shared.flags ?? 0).toBe(0)
    expect(shared.allowed_mentions).toEqual({ parse: [] })
    expect(shared.embeds).toEqual(answer.data.embeds)
    expect(kinds(shared)).toEqual(['more', 'up', 'down', 'why'])
  })

  it('shows the next three matches for More results', async () => {
    const answer = await ask(IRAN)
    const { type, data } = await callback(
      standIn.pressButton(customId(answer.data, 'more'), { ephemeral: true }),
    )
    expect(type).toBe(4)
    expect(data.flags).toBe(EPHEMERAL)
    expect(data.content).toBe(`You asked: ${IRAN} · more results`)
    expectShows(
      data,
      matchesOf(IRAN, 3).map((match) => escapeDiscord(match.claim.statement)),
    )
  })

  it('records 👍 and 👎 with the question, the claims shown and the user, showing the vote on its button', async () => {
    const asked = standIn.slashCommand(IRAN)
    const answer = await callback(asked)
    const on = standIn.messageFor(asked)
    if (!on) throw new Error('the answer was not kept as a message')
    const shown = { up: 'Helpful — thanks', down: 'Not helpful — thanks' }
    for (const kind of ['up', 'down'] as const) {
      const { type, data } = await callback(standIn.pressButton(customId(answer.data, kind), { on }))
      // the private answer's own buttons say which vote was taken; no separate notice
      expect(type).toBe(7)
      expect(data.content).toBeUndefined()
      expect(data.allowed_mentions).toEqual({ parse: [] })
      expect(customIds(data)).toEqual(customIds(answer.data))
      const voted = buttonsOf(data).find((button) => button.disabled)
      expect(voted).toEqual({
        type: 2,
        style: 3,
        custom_id: customId(answer.data, kind),
        label: shown[kind],
        emoji: { name: kind === 'up' ? '👍' : '👎' },
        disabled: true,
      })
      expect(buttonsOf(data).filter((button) => button.disabled)).toHaveLength(1)
    }
    // the message as it stands shows the last vote, with the answer itself untouched
    expect(on.body).toMatchObject({ content: `You asked: ${IRAN}`, embeds: answer.data.embeds })
    expect(buttonsOf(on.body as MessageBody).find((button) => button.disabled)?.label).toBe(shown.down)
    const entries = readFileSync(feedbackFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    const claims = matchesOf(IRAN, 0).map((match) => match.claim.id)
    const votes = entries.filter((entry) => 'vote' in entry)
    const voter = expect.stringMatching(/^[0-9a-f]{32}$/)
    expect(votes.map(({ at, ...entry }) => (typeof at === 'string' ? entry : { at }))).toEqual([
      { platform: 'discord', voter, question: IRAN, claims, vote: 'up' },
      { platform: 'discord', voter, question: IRAN, claims, vote: 'down' },
    ])
  })

  it('notes a question nothing answers for the curators, without who asked or where', async () => {
    const declined = await ask('how big is the dprk army?')
    expect(declined.data.embeds?.[0]?.title).toBe('Not in the knowledge base')
    const mentioned = standIn.sendMessage({ content: `<@${BOT_USER_ID}> what is the population of iran` })
    await standIn.calls.waitFor(repliedTo(mentioned), 'a reply to the mention')
    await ask(IRAN)
    // the answered question comes before the last declined one, so an entry for it would be among those read
    await ask('what is the budget of the dprk')
    await expectLoggedUnanswered(
      feedbackFile,
      'discord',
      ['how big is the dprk army?', 'what is the population of iran', 'what is the budget of the dprk'],
      [IRAN],
    )
  })

  it('asks an example question from help when its button is pressed', async () => {
    const help = await ask()
    const label = help.data.components?.[0]?.components[0]?.label
    const { data } = await callback(standIn.pressButton(customId(help.data, 'ask')))
    expect(data.flags).toBe(EPHEMERAL)
    expect(data.content?.startsWith('You asked: ')).toBe(true)
    expect(label && data.content?.includes(label.replace(/…$/, ''))).toBe(true)
  })

  it('says to ask again for a button of an earlier version, and for one it cannot read', async () => {
    const expired = await callback(standIn.pressButton('more:AbCdEf123_-x'))
    expect(expired.data).toMatchObject({ content: OUTDATED, flags: EPHEMERAL })
    const unreadable = await callback(standIn.pressButton('delete-everything'))
    expect(unreadable.data).toMatchObject({
      content: 'This button is from an older version of the bot; ask again with /ask and your question.',
      flags: EPHEMERAL,
    })
  })

  it('refuses More results and votes on a private answer to anyone but who asked, recording nothing', async () => {
    // counted, not read by who voted: the log's way of naming voters is not this adapter's concern
    const votesLogged = () =>
      readFileSync(feedbackFile, 'utf8')
        .trim()
        .split('\n')
        .filter((line) => 'vote' in (JSON.parse(line) as Record<string, unknown>)).length
    const votesBefore = votesLogged()
    const answer = await ask(IRAN)
    for (const kind of ['more', 'up', 'down']) {
      const press = standIn.pressButton(customId(answer.data, kind), { ephemeral: true, user: OTHER_USER })
      const { type, data } = await callback(press)
      expect({ type, data }).toMatchObject({
        type: 4,
        data: {
          content: `These buttons belong to <@${USER_ID}>'s answer; ask your own with /ask and your question.`,
          embeds: [],
          components: [],
          allowed_mentions: { parse: [] },
          flags: EPHEMERAL,
        },
      })
    }
    // a vote is written before its thanks is sent, so one counted would be in the file by now
    expect(votesLogged()).toBe(votesBefore)
  })

  it('names who shared and who asked when someone else shares a private answer, pinging neither', async () => {
    const answer = await ask(IRAN)
    const press = standIn.pressButton(customId(answer.data, 'share'), { ephemeral: true, user: OTHER_USER })
    expect((await callback(press)).data.content).toBe('Shared to the channel.')
    const shared = (await standIn.calls.waitFor(webhookOf(press), 'the shared answer')).body as MessageBody
    expect(shared.content).toBe(`<@${OTHER_USER.id}> shared <@${USER_ID}>'s question: ${IRAN}`)
    expect(shared.allowed_mentions).toEqual({ parse: [] })
    expect(shared.embeds).toEqual(answer.data.embeds)
  })

  it('lets anyone use the buttons under an answer everyone can see, each for themselves', async () => {
    const question = standIn.sendMessage({ content: `<@${BOT_USER_ID}> ${IRAN}` })
    const reply = (await standIn.calls.waitFor(repliedTo(question), 'a reply to the mention'))
      .body as MessageBody
    const { data } = await callback(standIn.pressButton(customId(reply, 'more'), { user: OTHER_USER }))
    expect(data.flags).toBe(EPHEMERAL)
    expectShows(
      data,
      matchesOf(IRAN, 3).map((match) => escapeDiscord(match.claim.statement)),
    )
    // that page is shown to the presser alone, so its buttons are theirs, not the first asker's
    const refused = await callback(standIn.pressButton(customId(data, 'up'), { ephemeral: true }))
    expect(refused.data.content).toBe(
      `These buttons belong to <@${OTHER_USER.id}>'s answer; ask your own with /ask and your question.`,
    )
  })
})

describe('interactions the bot does not handle', () => {
  const OLD_VERSION = (what: string) =>
    `This ${what} is from an older version of the bot; ask again with /ask and your question.`
  const notice = (content: string) => ({
    type: 4,
    data: { content, embeds: [], components: [], allowed_mentions: { parse: [] }, flags: EPHEMERAL },
  })

  it('answers a choice from a select menu privately, saying to ask again', async () => {
    expect(await callback(standIn.chooseFromMenu('topic-menu', ['sanctions']))).toMatchObject(
      notice(OLD_VERSION('menu')),
    )
  })

  it('answers a submitted form privately, saying to ask again', async () => {
    expect(await callback(standIn.submitForm('ask-form', IRAN))).toMatchObject(notice(OLD_VERSION('form')))
  })

  it('says privately that it answers /ask only, for a slash or context-menu command it does not know', async () => {
    expect(await callback(standIn.slashCommand(IRAN, { name: 'other' }))).toMatchObject(
      notice('This bot answers /ask only.'),
    )
    expect(await callback(standIn.userCommand('Ask about this user'))).toMatchObject(
      notice('This bot answers /ask only.'),
    )
  })

  it('offers no choices while someone types in a command it does not know', async () => {
    expect(await callback(standIn.autocomplete('what does ir', { name: 'other' }))).toMatchObject({
      type: 8,
      data: { choices: [] },
    })
  })

  it('logs a response Discord refuses, and the apology it refuses too, and keeps answering', async () => {
    const expired = { code: 10062, message: 'Unknown interaction' }
    standIn.failNextCallback(404, expired)
    standIn.failNextCallback(404, expired)
    const choice = standIn.chooseFromMenu('topic-menu', ['sanctions'])
    expect(await logger.waitFor(/could not apologise/)).toBe(
      'error: discord: could not apologise (answering an interaction): Unknown interaction',
    )
    expect(logger.lines).toContain('error: discord: answering an interaction failed: Unknown interaction')
    const tries = standIn.calls.items.filter((call) => call.path.includes(`/interactions/${choice.id}/`))
    expect(tries.map((call) => call.status)).toEqual([404, 404])
    const { data } = await ask(IRAN)
    expect(data.content).toBe(`You asked: ${IRAN}`)
  })
})

describe('mentions and direct messages', () => {
  it('answers a mention with a reply that pings no one, with more and votes but no share', async () => {
    const question = standIn.sendMessage({ content: `<@${BOT_USER_ID}> ${IRAN}` })
    const reply = await standIn.calls.waitFor(repliedTo(question), 'a reply to the mention')
    expect(reply.path).toBe(`/channels/${CHANNEL_ID}/messages`)
    const body = reply.body as MessageBody
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false })
    expect(body.content).toBe(`-# Asked: ${IRAN}`)
    expect(body.flags ?? 0).toBe(0)
    expectShows(
      body,
      matchesOf(IRAN, 0).map((match) => escapeDiscord(match.claim.statement)),
    )
    expect(kinds(body)).toEqual(['more', 'up', 'down', 'why'])
  })

  it('answers a direct message in the DM', async () => {
    const question = standIn.sendMessage({ content: 'topics', direct: true })
    const reply = await standIn.calls.waitFor(repliedTo(question), 'a reply to the direct message')
    expect(reply.path).toBe(`/channels/${DM_CHANNEL_ID}/messages`)
    expect((reply.body as MessageBody).embeds?.[0]?.title).toBe(
      'Topics the documents cover, with how many claims each',
    )
  })

  it('ignores the prefix without the Message Content intent, and bots', async () => {
    const prefixed = standIn.sendMessage({ content: `!ask ${IRAN}` })
    const fromBot = standIn.sendMessage({
      content: `<@${BOT_USER_ID}> ${IRAN}`,
      author: { ...USER, id: '1500000000000000009', bot: true },
    })
    // messages are handled in order: once this one is answered, the two before it were passed over
    const last = standIn.sendMessage({ content: `<@${BOT_USER_ID}> sources` })
    await standIn.calls.waitFor(repliedTo(last), 'a reply to the last message')
    expect(standIn.calls.items.filter(repliedTo(prefixed))).toEqual([])
    expect(standIn.calls.items.filter(repliedTo(fromBot))).toEqual([])
  })

  it('echoes nothing from a mention-laden message that could ping', async () => {
    const question = standIn.sendMessage({
      content: `<@${BOT_USER_ID}> @everyone <@&123> <@456> what is north korea's population?`,
    })
    const reply = await standIn.calls.waitFor(repliedTo(question), 'a reply to the mention')
    const body = reply.body as MessageBody
    expect(body.embeds?.[0]?.description).toBe(
      "Nothing in the documents answers “what is north korea's population?”.",
    )
    expect(JSON.stringify(body)).not.toMatch(/@everyone|@here|<@&?\d|<#\d/)
  })
})

describe('malformed events from the gateway', () => {
  it('drops them with a log line and keeps answering', async () => {
    standIn.dispatch('INTERACTION_CREATE', { id: '1', type: 2 })
    standIn.dispatch('MESSAGE_CREATE', null)
    await logger.waitFor(/dropped a malformed MESSAGE_CREATE event/)
    expect(logger.lines).toContain(
      "error: discord: dropped a malformed INTERACTION_CREATE event from the gateway: Cannot read properties of undefined (reading 'type')",
    )
    const { data } = await ask(IRAN)
    expect(data.content).toBe(`You asked: ${IRAN}`)
  })
})

describe('every reply', () => {
  it('tells Discord to ping no one: interaction replies, updates, follow-ups and message replies', () => {
    const sent = standIn.calls.items.filter((call) => call.status < 300 && call.method !== 'GET')
    const bodies = sent.flatMap((call): { kind: string; mentions: unknown }[] => {
      if (call.path.endsWith('/callback')) {
        const { type, data } = call.body as unknown as Callback
        return type === 4 || type === 7 ? [{ kind: 'callback', mentions: data.allowed_mentions }] : []
      }
      if (call.path.startsWith('/webhooks/'))
        return [{ kind: 'webhook', mentions: call.body.allowed_mentions }]
      if (call.path.startsWith('/channels/'))
        return [{ kind: 'message', mentions: call.body.allowed_mentions }]
      return []
    })
    expect(new Set(bodies.map((body) => body.kind))).toEqual(new Set(['callback', 'webhook', 'message']))
    for (const { kind, mentions } of bodies) {
      expect(mentions).toEqual(kind === 'message' ? { parse: [], replied_user: false } : { parse: [] })
    }
  })
})
