/**
 * Hostile input, generated: property-based tests (fast-check) over the command parser, the engine and the
 * Slack and Discord renderers. None may throw; no reply may carry a mention that pings; every reply stays
 * within its platform's limits. CI runs a few hundred cases with a fixed seed; `npm run fuzz` runs 10,000
 * per property (FUZZ_RUNS, FUZZ_SEED to change them).
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { DISCORD_LIMITS, renderDiscord } from '../adapters/discord/render.ts'
import { renderSlack, SLACK_LIMITS } from '../adapters/slack/render.ts'
import { renderTerminal } from '../adapters/terminal/render.ts'
import { CONTROL_CHARACTERS } from '../src/answer/text.ts'
import { handle, parseCommand, type Reply } from '../src/commands.ts'
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../src/knowledge/load.ts'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const SEED = Number(process.env.FUZZ_SEED ?? 20261205)
const settings = { numRuns: RUNS, seed: SEED }

let kb: KnowledgeBase
beforeAll(() => {
  kb = loadKnowledge()
})

/** pieces hostile users and broken clients send: mentions of every platform, markup, controls, odd Unicode */
const HOSTILE = [
  '@everyone',
  '@here',
  '@channel',
  '@everyone@here',
  '@@channel',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123>',
  '<@U12345>',
  '<@&123456789012345678>',
  '<#C123|general>',
  '<https://evil.example|click>',
  '&lt;!channel&gt;',
  '*bold*',
  '_it_',
  '~strike~',
  '`code`',
  '```block```',
  '> quote',
  '||spoiler||',
  '[link](https://evil.example)',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud83d\ude00',
  'é',
  '\r\n',
  'iran',
  'north korea',
  'sanctions',
  'how many',
  'what year',
  'help',
  'sources',
]

const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 12 }).map((parts) => parts.join(' ')),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 })), { maxLength: 20 })
    .map((parts) => parts.join('')),
  fc.string({ minLength: 400, maxLength: 3000 }),
)

const replyOf = (text: string): Reply => handle(parseCommand(text), kb, { limit: 3 })

/** the keys of a message that hold data the platform carries back, never text it shows */
const NOT_SHOWN = new Set(['value', 'action_id', 'block_id', 'custom_id', 'customId'])

/** every string a rendered message shows, wherever it sits */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => (NOT_SHOWN.has(key) ? [] : strings(inner)))
  return []
}

describe('hostile input', () => {
  it('never makes the parser or the engine throw, and an answer cites only what the knowledge base holds', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const reply = replyOf(text)
        if (reply.kind === 'answer' && reply.answer.kind === 'answered') {
          for (const match of reply.answer.matches) expect(kb.claimById.get(match.claim.id)).toBe(match.claim)
        }
      }),
      settings,
    )
  })

  it('renders for Slack within its limits, with no mention that pings but the asker named by id', () => {
    fc.assert(
      fc.property(
        hostileText,
        fc.constantFrom('private', 'channel', 'shared') as fc.Arbitrary<'private' | 'channel' | 'shared'>,
        fc.oneof(fc.constant('U12345'), fc.string({ maxLength: 20 })),
        (text, audience, askedBy) => {
          const message = renderSlack(replyOf(text), { audience, askedBy })
          const blocks = message.blocks ?? []
          expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
          for (const block of blocks as unknown as Array<Record<string, unknown>>) {
            const text = block.text as { text?: string } | undefined
            if (text?.text) expect(text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
            for (const element of (block.elements ?? []) as Array<Record<string, unknown>>) {
              if (typeof element.value === 'string')
                expect(element.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue)
            }
          }
          for (const shown of strings({ text: message.text, blocks })) {
            // Slack pings only through its <!…> and <@…> syntax; the asker is named by a valid user id alone
            expect(shown).not.toMatch(/<!|<#|<@(?!U12345>)/)
          }
        },
      ),
      settings,
    )
  })

  it('renders for Discord within its limits, pinging no one', () => {
    fc.assert(
      fc.property(
        hostileText,
        fc.constantFrom('private', 'channel', 'shared') as fc.Arbitrary<'private' | 'channel' | 'shared'>,
        (text, audience) => {
          const message = renderDiscord(replyOf(text), { audience, askedBy: '123456789012345678' })
          expect(message.allowedMentions).toEqual({ parse: [] })
          expect((message.content ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.content)
          const embeds = message.embeds ?? []
          expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds)
          let total = 0
          for (const embed of embeds) {
            expect((embed.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.description)
            expect((embed.title ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.title)
            expect((embed.footer?.text ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.footer)
            for (const field of embed.fields ?? []) {
              expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue)
              total += field.name.length + field.value.length
            }
            total +=
              (embed.title ?? '').length +
              (embed.description ?? '').length +
              (embed.footer?.text ?? '').length
          }
          expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal)
          // even were mentions allowed, none would ping: the text never holds a live mass mention
          for (const shown of strings({ content: message.content, embeds })) {
            expect(shown).not.toMatch(/@(?:everyone|here)/i)
          }
        },
      ),
      settings,
    )
  })

  it('renders for the terminal without control characters from the input', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(renderTerminal(replyOf(text), { color: false }).match(CONTROL_CHARACTERS)).toBeNull()
      }),
      settings,
    )
  })
})
