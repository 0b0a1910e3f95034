import { describe, expect, it } from 'vitest'
import { renderCorrection } from '../../../adapters/slack/render-correction.ts'
import type { CorrectionNote } from '../../../src/corrections/note.ts'

const CITATION = {
  source: 'pressure',
  title: 'Pressure On The Partnership',
  section: 'Sanctions And Their Types',
  quote: 'Iran | Oil and energy trade',
}

describe('a correction in a Slack thread', () => {
  it('says what changed, the statement now, its passage and where that is', () => {
    const note: CorrectionNote = {
      kind: 'changed',
      claim: 'pressure/iran-oil',
      changed: ['statement'],
      statement: 'Iran’s main contribution is oil, gas and other energy trade.',
      citation: { ...CITATION, url: 'https://example.org/pressure#sanctions' },
    }
    expect(renderCorrection(note)).toEqual({
      text: 'Correction: a statement this answer cited changed. Now: Iran’s main contribution is oil, gas and other energy trade.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Correction:* a statement this answer cited changed.\n*Now:* Iran’s main contribution is oil, gas and other energy trade.\n> Iran | Oil and energy trade',
            verbatim: true,
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '<https://example.org/pressure#sanctions|Pressure On The Partnership> · Sanctions And Their Types',
              verbatim: true,
            },
          ],
        },
      ],
    })
  })

  it('says a withdrawn statement was withdrawn, and what it said', () => {
    const note: CorrectionNote = {
      kind: 'withdrawn',
      claim: 'pressure/north-korea-arms',
      statement: 'North Korea’s main contribution is arms and technology transfer.',
      citation: CITATION,
    }
    expect(renderCorrection(note)).toEqual({
      text: 'Correction: a statement this answer cited was withdrawn from the knowledge base.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Correction:* a statement this answer cited was withdrawn from the knowledge base.\nIt said: North Korea’s main contribution is arms and technology transfer.\nIt no longer answers questions; ask again for what the documents say now.',
            verbatim: true,
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Pressure On The Partnership · Sanctions And Their Types',
              verbatim: true,
            },
          ],
        },
      ],
    })
  })

  it('mentions no one, whatever the documents say', () => {
    const message = renderCorrection({
      kind: 'changed',
      claim: 'x/y',
      changed: ['statement', 'quote'],
      statement: 'Tell <!channel> and <@U1234> and @here',
      citation: { ...CITATION, quote: '<!everyone> <!subteam^S1|@team>', title: '@everyone <#C1>' },
    })
    const all = JSON.stringify(message)
    expect(all).not.toMatch(/<[!@#]/)
    expect(all).not.toMatch(/@(here|everyone|channel)\b/)
  })
})
