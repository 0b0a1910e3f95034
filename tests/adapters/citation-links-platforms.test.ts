/**
 * Citations of a published document as Slack and Discord show them, through the real Bolt and discord.js
 * against the local stand-ins: the document's title links to the section, and the citation says how old it is.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDiscordAdapter } from '../../adapters/discord/index.ts'
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts'
import type { SlackMessage } from '../../adapters/slack/render.ts'
import { createFeedbackLog } from '../../src/feedback.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import type { Adapter } from '../../src/types.ts'
import * as discord from './discord/stand-in.ts'
import * as slack from './slack/stand-in.ts'

const QUESTION = 'what does iran contribute?'
const URL = 'https://example.org/new-coalition/'
const SECRET = 'citation-links-secret'

/** the shipped knowledge base, its first article published at URL and last changed long ago */
function publishedKnowledge(): KnowledgeBase {
  const kb = loadKnowledge()
  const sources = new Map(kb.sources)
  const article = sources.get('new-coalition')
  if (!article) throw new Error('the shipped article is missing')
  sources.set('new-coalition', { ...article, url: URL, updated: '2020-01-15' })
  return { ...kb, sources }
}

let folder: string
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'citation-links-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('a citation of a published document', () => {
  it('Slack: the title links to the document, and the citation says how old the document is', async () => {
    const standIn = await slack.startSlackStandIn()
    const adapter: SlackAdapter = createSlackAdapter({
      kb: publishedKnowledge(),
      slack: { botToken: 'xoxb-test-token', signingSecret: SECRET, port: 0, apiUrl: standIn.apiUrl },
      feedback: createFeedbackLog(join(folder, 'slack.jsonl')),
      logger: slack.recordingLogger(),
    })
    try {
      await adapter.start()
      const command = JSON.parse(
        readFileSync(join(import.meta.dirname, 'slack', 'fixtures', 'slash-command.json'), 'utf8'),
      ) as Record<string, string>
      const response = await slack.sendToApp(adapter.port() ?? 0, {
        body: slack.formBody({ ...command, text: QUESTION }),
        contentType: 'application/x-www-form-urlencoded',
        secret: SECRET,
      })
      const shown = JSON.stringify((JSON.parse(response.text) as SlackMessage).blocks)
      // a plain-text article has no anchors to link to: the link is to the document
      expect(shown).toContain(`<${URL}|The Shifting Dynamics of Global Alliances`)
      expect(shown).toMatch(/updated \d+ years ago/)
    } finally {
      await adapter.stop()
      await standIn.close()
    }
  })

  it("Discord: the embed's author links to the document, and the footer says how old the document is", async () => {
    const standIn = await discord.startDiscordStandIn()
    const adapter: Adapter = createDiscordAdapter({
      kb: publishedKnowledge(),
      discord: {
        token: discord.BOT_TOKEN,
        applicationId: discord.APPLICATION_ID,
        apiUrl: standIn.apiUrl,
        messageContent: false,
        prefix: '!ask',
      },
      feedback: createFeedbackLog(join(folder, 'discord.jsonl')),
      logger: discord.recordingLogger(),
      readyTimeoutMs: 10_000,
    })
    try {
      await adapter.start()
      const reply = (await standIn.callbackFor(standIn.slashCommand(QUESTION))).body as {
        data: { embeds: Array<{ author?: { name: string; url: string }; footer?: { text: string } }> }
      }
      const [best] = reply.data.embeds
      expect(best?.author?.url).toBe(URL)
      expect(best?.author?.name).toMatch(/^The Shifting Dynamics/)
      expect(best?.footer?.text).toMatch(/updated \d+ years ago/)
    } finally {
      await adapter.stop()
      await standIn.close()
    }
  })
})
