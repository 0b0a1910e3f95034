/**
 * A citation of a published document on every platform: its title links to the document (to the section
 * in Markdown) and the line says how old the document is; a citation without them renders as before.
 */
import { describe, expect, it } from 'vitest'
import { renderDiscord } from '../../adapters/discord/render.ts'
import { renderSlack } from '../../adapters/slack/render.ts'
import { renderTerminal } from '../../adapters/terminal/render.ts'
import type { Reply } from '../../src/commands.ts'
import type { Match } from '../../src/types.ts'
import { IRAN_MATCH } from '../helpers/replies.ts'

const URL = 'https://handbook.example.org/coalition/#economic-and-military-collaboration-with-russia'
const published: Match = {
  ...IRAN_MATCH,
  citation: { ...IRAN_MATCH.citation, url: URL, updated: '2020-01-15' },
}
const replyWith = (match: Match): Reply => ({
  kind: 'answer',
  answer: { kind: 'answered', question: 'iran oil', matches: [match], hasMore: false, perspectives: false },
})
const AGE = /updated \d+ years ago/

describe('citations of published documents', () => {
  it('Slack: the title links to the section, and the line says how old the document is', () => {
    const text = JSON.stringify(renderSlack(replyWith(published), { audience: 'channel' }).blocks)
    expect(text).toContain(`<${URL}|${IRAN_MATCH.citation.title}> · ${IRAN_MATCH.citation.section}`)
    expect(text).toMatch(AGE)
    const plain = JSON.stringify(renderSlack(replyWith(IRAN_MATCH), { audience: 'channel' }).blocks)
    expect(plain).not.toContain('https://')
    expect(plain).not.toMatch(/updated/)
  })

  it('Discord: the embed names the document with its link, and the footer says how old it is', () => {
    const [embed] = renderDiscord(replyWith(published), { audience: 'channel' }).embeds
    expect(embed?.author).toEqual({ name: IRAN_MATCH.citation.title, url: URL })
    expect(embed?.footer?.text).toMatch(AGE)
    const [plain] = renderDiscord(replyWith(IRAN_MATCH), { audience: 'channel' }).embeds
    expect(plain?.author).toBeUndefined()
  })

  it('terminal: the link on a line of its own under the citation, which says how old the document is', () => {
    const lines = renderTerminal(replyWith(published), { color: false }).split('\n')
    expect(lines[1]).toMatch(new RegExp(`^   — .* · ${AGE.source}$`))
    expect(lines[2]).toBe(`   ${URL}`)
  })
})
