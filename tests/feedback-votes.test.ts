/**
 * A 👍 / 👎 pressed in Slack and in Discord, through the real adapters against their stand-ins, with a
 * feedback log that cannot be written until the test lets it: the user is told plainly, the operator once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDiscordAdapter } from '../adapters/discord/index.ts'
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/index.ts'
import type { SlackBlock, SlackMessage } from '../adapters/slack/render.ts'
import { createFeedbackLog, readFeedbackLog } from '../src/feedback.ts'
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../src/knowledge/load.ts'
import type { Adapter } from '../src/types.ts'
import * as discord from './adapters/discord/stand-in.ts'
import * as slack from './adapters/slack/stand-in.ts'

const NOT_SAVED =
  'Your vote could not be saved (the feedback log cannot be written); the team running the bot has been told.'
const THANKS = 'Thanks for the feedback: the curators read every vote.'
const QUESTION = 'what does iran contribute?'

let kb: KnowledgeBase
let dir: string
/** a file standing where the log's folder should be, until a test removes it */
let blocker: string
let file: string

beforeAll(() => {
  kb = loadKnowledge()
  dir = mkdtempSync(join(tmpdir(), 'cited-answers-votes-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const blockLog = (name: string) => {
  blocker = join(dir, name)
  file = join(blocker, 'feedback.jsonl')
  writeFileSync(blocker, 'not a folder')
}

describe('a vote in Slack', () => {
  const SECRET = 'test-signing-secret'
  let standIn: slack.SlackStandIn
  let logger: slack.RecordingLogger
  let adapter: SlackAdapter

  beforeAll(async () => {
    blockLog('slack')
    standIn = await slack.startSlackStandIn()
    logger = slack.recordingLogger()
    adapter = createSlackAdapter({
      kb,
      slack: { botToken: 'xoxb-test-token', signingSecret: SECRET, port: 0, apiUrl: standIn.apiUrl },
      feedback: createFeedbackLog(file),
      logger,
    })
    await adapter.start()
  })
  afterAll(async () => {
    await adapter?.stop()
    await standIn?.close()
  })

  const fixture = (name: string) =>
    JSON.parse(
      readFileSync(join(import.meta.dirname, 'adapters', 'slack', 'fixtures', `${name}.json`), 'utf8'),
    ) as Record<string, unknown>

  const send = async (fields: Record<string, string>) => {
    const response = await slack.sendToApp(adapter.port() ?? 0, {
      body: slack.formBody(fields),
      contentType: 'application/x-www-form-urlencoded',
      secret: SECRET,
    })
    expect(response.status).toBe(200)
    return response.text
  }

  const voteUpValue = async (): Promise<string> => {
    const answer = JSON.parse(
      await send({ ...(fixture('slash-command') as Record<string, string>), text: QUESTION }),
    ) as SlackMessage
    for (const block of (answer.blocks ?? []) as SlackBlock[]) {
      if (block.type !== 'actions') continue
      for (const element of block.elements)
        if (element.type === 'button' && element.action_id === 'vote-up' && element.value)
          return element.value
    }
    throw new Error('no vote-up button')
  }

  /** press 👍 with `value`; resolves with the text of the private reply */
  const voteUp = async (value: string, name: string) => {
    const payload = fixture('block-actions')
    const [action] = payload.actions as Record<string, unknown>[]
    // a vote on an answer in a channel: the voter alone is answered, privately
    const body = {
      ...payload,
      container: { ...(payload.container as object), is_ephemeral: false },
      response_url: standIn.responseUrl(name),
      actions: [{ ...action, action_id: 'vote-up', value }],
    }
    await send({ payload: JSON.stringify(body) })
    const reply = await standIn.waitFor((call) => call.method === 'respond' && call.target === name)
    expect(reply.body.response_type).toBe('ephemeral')
    expect(reply.body.replace_original).toBe(false)
    return reply.body.text
  }

  let value: string

  it('that cannot be saved is answered privately with why, and the operator is told where, once', async () => {
    value = await voteUpValue()
    expect(await voteUp(value, 'vote-1')).toBe(NOT_SAVED)
    const errors = logger.lines.filter((line) => line.startsWith('error:'))
    expect(errors).toEqual([expect.stringMatching(/^error: slack: a vote could not be saved: Cannot /)])
    expect(errors[0]?.split(file)).toHaveLength(2)
    expect(errors[0]).toContain('FEEDBACK_LOG')
  })

  it('is saved, and thanked, once the log can be written, without a restart', async () => {
    rmSync(blocker)
    expect(await voteUp(value, 'vote-2')).toBe(`Your 👍 is counted. ${THANKS}`)
    expect((await readFeedbackLog(file)).entries).toEqual([
      expect.objectContaining({ platform: 'slack', question: QUESTION, vote: 'up' }),
    ])
  })
})

describe('a vote in Discord', () => {
  let standIn: discord.DiscordStandIn
  let logger: discord.RecordingLogger
  let adapter: Adapter

  beforeAll(async () => {
    blockLog('discord')
    standIn = await discord.startDiscordStandIn({ heartbeatIntervalMs: 300 })
    logger = discord.recordingLogger()
    adapter = createDiscordAdapter({
      kb,
      discord: {
        token: discord.BOT_TOKEN,
        applicationId: discord.APPLICATION_ID,
        apiUrl: standIn.apiUrl,
        messageContent: false,
        prefix: '!ask',
      },
      feedback: createFeedbackLog(file),
      logger,
      readyTimeoutMs: 10_000,
    })
    await adapter.start()
  })
  afterAll(async () => {
    await adapter?.stop()
    await standIn?.close()
  })

  interface Callback {
    data: {
      content?: string
      flags?: number
      components?: { components: { custom_id: string; label?: string; disabled?: boolean }[] }[]
    }
  }
  const callback = async (interaction: discord.SentInteraction) =>
    (await standIn.callbackFor(interaction)).body as unknown as Callback

  /** press 👍 on a fresh answer; resolves with the private reply */
  const voteUp = async () => {
    const answer = await callback(standIn.slashCommand(QUESTION))
    const ids = (answer.data.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id))
    const up = ids.find((id) => id.startsWith('v2:up:'))
    if (!up) throw new Error('no 👍 button')
    return (await callback(standIn.pressButton(up, { ephemeral: true }))).data
  }

  it('that cannot be saved is answered privately with why, and the operator is told where, once', async () => {
    expect(await voteUp()).toMatchObject({ content: NOT_SAVED, flags: 64 })
    const errors = logger.lines.filter((line) => line.startsWith('error:'))
    expect(errors).toEqual([expect.stringMatching(/^error: discord: a vote could not be saved: Cannot /)])
    expect(errors[0]?.split(file)).toHaveLength(2)
  })

  it('is saved, and thanked, once the log can be written, without a restart', async () => {
    rmSync(blocker)
    // a vote on the asker's private answer shows on its own button
    const voted = await voteUp()
    expect(voted.components?.flatMap((row) => row.components)).toContainEqual(
      expect.objectContaining({ label: 'Helpful — thanks', disabled: true }),
    )
    expect((await readFeedbackLog(file)).entries).toEqual([
      expect.objectContaining({ platform: 'discord', question: QUESTION, vote: 'up' }),
    ])
  })
})
