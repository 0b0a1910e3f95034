/**
 * Corrections waiting, as a claim cited in many shared answers changes: the bot posts them in the
 * background at Discord's pace (DISCORD_CORRECTION_PACE) while it answers, and questions asked meanwhile,
 * as /ask or as a mention in a channel the notes go to, are answered at once, not after discord.js's
 * global limit of 50 requests a second frees up. 300 notes rather than 1,000: at that pace (25 a second)
 * a thousand take 40 s, which .exp/corrections-1000.mts measures.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/index.ts'
import { claimVersionsOf } from '../../../src/corrections/changes.ts'
import type { KnowledgeLayout } from '../../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../../src/knowledge/load.ts'
import { createEmbeddedStore } from '../../../src/store/embedded.ts'
import { type BotStart, startBot } from '../../helpers/bot-start.ts'
import { IRAN_CLAIM, IRAN_QUESTION, NORTH_KOREA_QUESTION, rewordIran } from '../../helpers/corrections.ts'
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
  startDiscordStandIn,
} from './stand-in.ts'

const NOTES = 300

let standIn: DiscordStandIn
let dir: string
let base: KnowledgeLayout
let changed: KnowledgeLayout
let bot: BotStart<DiscordAdapter> | undefined

beforeAll(async () => {
  standIn = await startDiscordStandIn({ heartbeatIntervalMs: 300 })
  dir = mkdtempSync(join(tmpdir(), 'discord-corrections-load-'))
  base = await writeKnowledgeFixture()
  changed = rewordIran(base)
})

afterAll(async () => {
  await bot?.running.stop()
  await standIn?.close()
  for (const layout of [base, changed]) if (layout) removeKnowledgeFixture(layout)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const isCorrection = (call: RecordedCall) =>
  call.method === 'POST' && String(call.body.content ?? '').startsWith('**Correction:**')
const posted = () => standIn.calls.items.filter(isCorrection).length

describe(`${NOTES.toLocaleString('en-US')} Discord corrections waiting`, () => {
  it('post in the background while questions asked meanwhile are answered at once', async () => {
    const store = join(dir, 'events.sqlite')
    const seed = createEmbeddedStore(store)
    await seed.corrections.record({
      versions: claimVersionsOf(loadKnowledge(base.root)),
      changes: [],
      notes: [],
    })
    for (let index = 0; index < NOTES; index += 1) {
      // some of them in the channel the questions are asked in
      const channel = index % 100 === 0 ? CHANNEL_ID : `13000000000002${String(index % 100).padStart(5, '0')}`
      await seed.append({
        kind: 'shared',
        scope: { platform: 'discord', workspace: GUILD_ID, channel },
        question: IRAN_QUESTION,
        claims: [IRAN_CLAIM],
        message: `1400000000001${String(index).padStart(6, '0')}`,
      })
    }
    await seed.close()
    const discord = {
      token: BOT_TOKEN,
      applicationId: APPLICATION_ID,
      apiUrl: standIn.apiUrl,
      messageContent: false,
      prefix: '!ask',
    }
    bot = await startBot({
      kb: loadKnowledge(changed.root),
      store,
      feedbackLog: join(dir, 'feedback.jsonl'),
      logger: recordingLogger(),
      config: { discord },
      createAdapter: (parts) =>
        createDiscordAdapter({
          kb: parts.kb,
          discord,
          feedback: parts.feedback,
          events: parts.events,
          logger: parts.logger,
          readyTimeoutMs: 10_000,
        }),
    })
    let seen = 0
    await standIn.calls.waitFor((call) => isCorrection(call) && ++seen === 60, '60 corrections')
    // questions a tenth of a second apart for over a second, alternately /ask and a mention in a noted
    // channel: spread in time, since notes that spent discord.js's allowance of 50 requests a second would
    // hold up only the questions that come while it refills
    const waits: number[] = []
    for (let round = 0; round < 14; round += 1) {
      await delay(100)
      const asked = performance.now()
      if (round % 2 === 0) await standIn.callbackFor(standIn.slashCommand(IRAN_QUESTION))
      else {
        const sent = standIn.sendMessage({ content: `<@${BOT_USER_ID}> ${NORTH_KOREA_QUESTION}` })
        await standIn.calls.waitFor(
          (call) =>
            (call.body as { message_reference?: { message_id?: string } }).message_reference?.message_id ===
            sent,
          'the reply to the mention',
        )
      }
      waits.push(performance.now() - asked)
    }
    expect(Math.max(...waits)).toBeLessThan(250)
    expect(posted()).toBeLessThan(NOTES)

    expect(await bot.running.corrections).toMatchObject({ queued: NOTES, posted: NOTES, failed: 0 })
    expect(posted()).toBe(NOTES)
  })
})
