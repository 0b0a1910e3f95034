/**
 * Corrections through Discord, end to end: the real discord.js client against the stand-in for the REST
 * API and gateway, started as the service starts it, with a real embedded event store in a temporary
 * file. An answer shared, or given in a channel, gets one reply when the claim it cited changes or is
 * withdrawn, once however often or on however many replicas the bot starts; a private answer gets nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/index.ts'
import type { DiscordConfig } from '../../../src/config.ts'
import { claimVersionsOf } from '../../../src/corrections/changes.ts'
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { createEmbeddedStore } from '../../../src/store/embedded.ts'
import type { StoreEvent } from '../../../src/store/store.ts'
import { type BotStart, dryRun, startBot } from '../../helpers/bot-start.ts'
import {
  editPressureClaims,
  IRAN_CLAIM,
  IRAN_QUESTION,
  NEW_IRAN_STATEMENT,
  NORTH_KOREA_CLAIM,
  NORTH_KOREA_QUESTION,
} from '../../helpers/corrections.ts'
import { removeKnowledgeFixture, writeKnowledgeFixture } from '../../helpers/knowledge-fixture.ts'
import {
  APPLICATION_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  CHANNEL_ID,
  type DiscordStandIn,
  GUILD_ID,
  type RecordedCall,
  recordingLogger,
  type SentInteraction,
  startDiscordStandIn,
} from './stand-in.ts'

interface MessageBody {
  content?: string
  components?: { components: { custom_id: string }[] }[]
  allowed_mentions?: unknown
  flags?: number
  message_reference?: { message_id: string; channel_id?: string; fail_if_not_exists?: boolean }
}

let standIn: DiscordStandIn
let dir: string
let base: KnowledgeLayout
let changed: KnowledgeLayout
let changedAgain: KnowledgeLayout
let before: KnowledgeBase
let after: KnowledgeBase
let discord: DiscordConfig
const starts: BotStart<DiscordAdapter>[] = []

async function start(kb: KnowledgeBase, store: string, enabled = true) {
  const bot = await startBot({
    kb,
    store,
    feedbackLog: join(dir, 'feedback.jsonl'),
    corrections: { enabled, days: 30 },
    logger: recordingLogger(),
    config: { discord },
    createAdapter: (parts) =>
      createDiscordAdapter({
        kb: parts.kb,
        discord,
        feedback: parts.feedback,
        events: parts.events,
        logger: parts.logger,
        limiter: parts.limiter,
        metrics: parts.metrics,
        readyTimeoutMs: 10_000,
      }),
  })
  starts.push(bot)
  return bot
}

const stop = async (bot: BotStart<DiscordAdapter>) => {
  await bot.running.stop()
  starts.splice(starts.indexOf(bot), 1)
}

beforeAll(async () => {
  standIn = await startDiscordStandIn({ heartbeatIntervalMs: 300 })
  discord = {
    token: BOT_TOKEN,
    applicationId: APPLICATION_ID,
    apiUrl: standIn.apiUrl,
    messageContent: false,
    prefix: '!ask',
  }
  dir = mkdtempSync(join(tmpdir(), 'discord-corrections-'))
  base = await writeKnowledgeFixture()
  changed = editPressureClaims(base, (claims) =>
    claims
      .filter((claim) => claim.id !== NORTH_KOREA_CLAIM)
      .map((claim) => (claim.id === IRAN_CLAIM ? { ...claim, statement: NEW_IRAN_STATEMENT } : claim)),
  )
  changedAgain = editPressureClaims(base, (claims) =>
    claims
      .filter((claim) => claim.id !== NORTH_KOREA_CLAIM)
      .map((claim) =>
        claim.id === IRAN_CLAIM ? { ...claim, statement: 'Iran mainly contributes energy trade.' } : claim,
      ),
  )
  before = loadKnowledge(base.root)
  after = loadKnowledge(changed.root)
})

afterAll(async () => {
  for (const bot of [...starts]) await stop(bot)
  await standIn?.close()
  for (const layout of [base, changed, changedAgain]) if (layout) removeKnowledgeFixture(layout)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const callback = async (interaction: SentInteraction) =>
  (await standIn.callbackFor(interaction)).body as unknown as { type: number; data: MessageBody }

const shareId = (message: MessageBody): string => {
  const id = (message.components ?? [])
    .flatMap((row) => row.components.map((component) => component.custom_id))
    .find((each) => each.startsWith('v2:share:'))
  if (!id) throw new Error('no share button')
  return id
}

const isCorrection = (call: RecordedCall) =>
  call.method === 'POST' &&
  /^\/channels\/\d+\/messages$/.test(call.path) &&
  String(call.body.content ?? '').startsWith('**Correction:**')
const corrections = () => standIn.calls.items.filter(isCorrection)
const messageOf = (event: StoreEvent) =>
  (event.kind === 'shared' || event.kind === 'answered' ? event.message : undefined) ?? ''

describe('corrections in Discord', () => {
  const store = () => join(dir, 'events.sqlite')
  let sharedId = ''
  let answeredId = ''

  beforeAll(async () => {
    const first = await start(before, store())
    expect(await first.running.corrections).toMatchObject({ first: true, queued: 0, posted: 0 })
    // shared to the channel, answered to a mention there, and given privately
    const answer = await callback(standIn.slashCommand(IRAN_QUESTION))
    await first.recorded('answered', IRAN_QUESTION)
    await callback(standIn.pressButton(shareId(answer.data), { ephemeral: true }))
    sharedId = messageOf(await first.recorded('shared', IRAN_QUESTION))
    standIn.sendMessage({ content: `<@${BOT_USER_ID}> ${NORTH_KOREA_QUESTION}` })
    answeredId = messageOf(await first.recorded('answered', NORTH_KOREA_QUESTION))
    await callback(standIn.slashCommand(NORTH_KOREA_QUESTION))
    await stop(first)
    expect(sharedId).toMatch(/^\d{15,25}$/)
    expect(answeredId).toMatch(/^\d{15,25}$/)
    expect(corrections()).toEqual([])
  })

  it('lists in a dry run the notes the next start posts', () => {
    const listed = dryRun(store(), changed.root)
    expect(listed).toMatchObject({ first: false, changed: 1, withdrawn: 1 })
    expect(
      listed.notes.map((note) => [note.workspace, note.channel, note.message, note.claim, note.note.kind]),
    ).toEqual([
      [GUILD_ID, CHANNEL_ID, sharedId, IRAN_CLAIM, 'changed'],
      [GUILD_ID, CHANNEL_ID, answeredId, NORTH_KOREA_CLAIM, 'withdrawn'],
    ])
  })

  it('replies once to each message that showed a changed or withdrawn claim, pinging no one', async () => {
    const bot = await start(after, store())
    expect(await bot.running.corrections).toMatchObject({ changed: 1, withdrawn: 1, queued: 2, posted: 2 })
    const posted = corrections()
    expect(posted.map((call) => [call.path, (call.body as MessageBody).message_reference])).toEqual([
      [
        `/channels/${CHANNEL_ID}/messages`,
        { message_id: sharedId, channel_id: CHANNEL_ID, fail_if_not_exists: true },
      ],
      [
        `/channels/${CHANNEL_ID}/messages`,
        { message_id: answeredId, channel_id: CHANNEL_ID, fail_if_not_exists: true },
      ],
    ])
    const [reworded, withdrawn] = posted.map((call) => call.body as MessageBody)
    expect(reworded).toMatchObject({ allowed_mentions: { parse: [] }, flags: 4 })
    expect(reworded?.content).toBe(
      [
        '**Correction:** a statement this answer cited changed.',
        `**Now:** ${NEW_IRAN_STATEMENT}`,
        '> Iran | Oil and energy trade',
        '-# Pressure On The Partnership · Sanctions And Their Types',
      ].join('\n'),
    )
    expect(withdrawn?.content).toContain('was withdrawn from the knowledge base')
    expect(posted.every((call) => call.authorization === `Bot ${BOT_TOKEN}`)).toBe(true)
    await stop(bot)
  })

  it('posts nothing more at the next start, nor with CORRECTIONS=false', async () => {
    const again = await start(after, store())
    expect(await again.running.corrections).toMatchObject({ queued: 0, posted: 0 })
    await stop(again)
    const off = await start(loadKnowledge(changedAgain.root), store(), false)
    expect(await off.running.corrections).toMatchObject({ changed: 1, queued: 0, posted: 0 })
    await stop(off)
    expect(corrections()).toHaveLength(2)
    expect(dryRun(store(), changedAgain.root).notes).toEqual([])
  })
})

describe('corrections with two Discord replicas starting at once', () => {
  it('posts each note once', async () => {
    const file = join(dir, 'replicas.sqlite')
    const seed = createEmbeddedStore(file)
    await seed.corrections.record({ versions: claimVersionsOf(before), changes: [], notes: [] })
    const shared = Array.from({ length: 20 }, (_, index) => `14000000000000${String(index).padStart(5, '0')}`)
    for (const [index, id] of shared.entries()) {
      await seed.append({
        kind: 'shared',
        scope: {
          platform: 'discord',
          workspace: GUILD_ID,
          channel: `13000000000001${String(index).padStart(5, '0')}`,
        },
        question: IRAN_QUESTION,
        claims: [IRAN_CLAIM],
        message: id,
      })
    }
    await seed.close()
    const countBefore = corrections().length
    const replicas = await Promise.all([start(after, file), start(after, file)])
    const summaries = await Promise.all(replicas.map((bot) => bot.running.corrections))
    for (const bot of replicas) await stop(bot)
    const posted = corrections().slice(countBefore)
    expect(posted.map((call) => (call.body as MessageBody).message_reference?.message_id).sort()).toEqual(
      shared,
    )
    expect(summaries.reduce((sum, summary) => sum + (summary?.posted ?? 0), 0)).toBe(20)
  })
})
