import { describe, expect, it } from 'vitest'
import { renderCorrection } from '../../../adapters/discord/render-correction.ts'
import type { CorrectionNote } from '../../../src/corrections/note.ts'

const CITATION = {
  source: 'pressure',
  title: 'Pressure On The Partnership',
  section: 'Sanctions And Their Types',
  quote: 'Iran | Oil and energy trade',
}

describe('a correction replying to a Discord answer', () => {
  it('says what changed, the statement now, its passage and where that is, pinging no one', () => {
    const note: CorrectionNote = {
      kind: 'changed',
      claim: 'pressure/iran-oil',
      changed: ['quote'],
      statement: 'Iran’s main contribution is oil and energy trade.',
      citation: { ...CITATION, url: 'https://example.org/pressure#sanctions' },
    }
    expect(renderCorrection(note)).toEqual({
      content: [
        '**Correction:** the passage quoted for a statement this answer cited changed.',
        '**Now:** Iran’s main contribution is oil and energy trade.',
        '> Iran | Oil and energy trade',
        '-# [Pressure On The Partnership](<https://example.org/pressure#sanctions>) · Sanctions And Their Types',
      ].join('\n'),
      allowed_mentions: { parse: [] },
      flags: 4,
    })
  })

  it('says a withdrawn statement was withdrawn, and what it said', () => {
    const note: CorrectionNote = {
      kind: 'withdrawn',
      claim: 'pressure/north-korea-arms',
      statement: 'North Korea’s main contribution is arms and technology transfer.',
      citation: CITATION,
    }
    expect(renderCorrection(note).content).toBe(
      [
        '**Correction:** a statement this answer cited was withdrawn from the knowledge base.',
        'It said: North Korea’s main contribution is arms and technology transfer.',
        'It no longer answers questions; ask again for what the documents say now.',
        '-# Pressure On The Partnership · Sanctions And Their Types',
      ].join('\n'),
    )
  })

  it('leaves mention syntax and Markdown in the documents inert, and stays within a message', () => {
    const { content } = renderCorrection({
      kind: 'changed',
      claim: 'x/y',
      changed: ['statement'],
      statement: `@everyone see <@1500000000000000001> **now** ${'long '.repeat(400)}`,
      citation: {
        ...CITATION,
        quote: '<@&1200000000000000001> @here',
        section: '[click](https://evil.test)',
      },
    })
    expect(content).not.toMatch(/<@[!&]?\d/)
    expect(content).not.toMatch(/@(everyone|here)/)
    expect(content).not.toContain('**now**')
    expect(content).not.toMatch(/(?<!\\)\[click\]\(/)
    expect(content.length).toBeLessThanOrEqual(2000)
  })
})
