import { describe, expect, it } from 'vitest'
import { renderSlack, SLACK_LIMITS, type SlackBlock } from '../../../adapters/slack/render.ts'
import {
  found,
  gone,
  item,
  manyAnswers,
  open,
  RECAP_SECTION,
  RECAP_TITLE,
  recapOf,
} from '../../helpers/recaps.ts'

/** a stand-in for the adapter's HMAC: enough to show which value was signed under which action id */
const sign = (actionId: string, value: string) => `tag-${actionId}.${value}`

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } })
const CITED = `_${RECAP_TITLE} · ${RECAP_SECTION}_`

const sectionTexts = (blocks: readonly SlackBlock[]) =>
  blocks.flatMap((block) => (block.type === 'section' ? [block.text?.text ?? ''] : []))

const RECAP = recapOf(
  [
    item('What does Iran contribute?', [found('a', 'Iran supplies oil & energy.'), found('b', 'More.')], {
      seen: 'shared',
      shares: 1,
    }),
    item('How does <!channel> help @here?', [gone('c')], { asked: 2 }),
    item('Mine?', [found('d', 'Mine.', { unreviewed: true }), gone('e')], { seen: 'private' }),
  ],
  [open('How big is the army?'), open('Secret?', { seen: 'private', asked: 3 })],
)

describe('a recap in Slack', () => {
  it('lists the answers with their best statement and citation, then the open questions, with Share', () => {
    expect(
      renderSlack({ kind: 'recap', recap: RECAP }, { audience: 'private', channel: 'C1234', sign }),
    ).toEqual({
      text: 'Recap of the last hour in this channel: 3 questions answered · 2 open.',
      blocks: [
        section(
          [
            '*Recap of the last hour in this channel*',
            'Since <!date^1767607200^{time}|10:00 UTC> · 3 questions answered · 2 open',
            '_Only you saw the ones marked “only you”: Share to channel leaves them out._',
          ].join('\n'),
        ),
        section(
          [
            '*Answered*',
            '• *What does Iran contribute?* · shared',
            `      Iran supplies oil &amp; energy. — ${CITED} · +1 more cited`,
            '• *How does &lt;!channel&gt; help @\u200Bhere?* · asked 2×',
            '      _What it cited is no longer in the knowledge base._',
            '• *Mine?* · _only you_',
            `      Mine. — ${CITED} · _not yet reviewed_ · 1 passage no longer in the knowledge base`,
          ].join('\n'),
        ),
        section(
          [
            '*Open: nothing in the documents answers these*',
            '• How big is the army?',
            '• Secret? · _only you_ · asked 3×',
          ].join('\n'),
        ),
        {
          type: 'actions',
          block_id: 'recap-actions',
          elements: [
            {
              type: 'button',
              action_id: 'share-recap',
              text: { type: 'plain_text', text: 'Share to channel', emoji: true },
              value: sign('share-recap', JSON.stringify({ ch: 'C1234', s: 1767607200000, u: 1767610800000 })),
              style: 'primary',
            },
          ],
        },
      ],
      response_type: 'ephemeral',
    })
  })

  it('names who shared it, and has no button once shared', () => {
    const shared = renderSlack(
      { kind: 'recap', recap: { ...RECAP, view: 'channel' } },
      { audience: 'shared', askedBy: 'U1234', sign },
    )
    expect(shared.text).toBe(
      '<@U1234> shared a recap of the last hour in this channel: 3 questions answered · 2 open.',
    )
    expect(sectionTexts(shared.blocks)[0]).toBe(
      '<@U1234> shared a recap of the last hour in this channel\nSince <!date^1767607200^{time}|10:00 UTC> · 3 questions answered · 2 open',
    )
    expect(shared.blocks.some((block) => block.type === 'actions')).toBe(false)
    expect(shared.response_type).toBeUndefined()
  })

  it('names no one when the id is not one Slack gave', () => {
    const shared = renderSlack(
      { kind: 'recap', recap: RECAP },
      { audience: 'shared', askedBy: '<!here>', sign },
    )
    expect(shared.text).toBe('Recap of the last hour in this channel: 3 questions answered · 2 open.')
  })

  it('offers no Share when only the asker saw what it lists, nor when it lists nothing', () => {
    const own = recapOf([item('Mine?', [found('d', 'Mine.')], { seen: 'private' })], [])
    const message = renderSlack(
      { kind: 'recap', recap: own },
      { audience: 'private', channel: 'C1234', sign },
    )
    expect(message.blocks.some((block) => block.type === 'actions')).toBe(false)
    expect(
      renderSlack({ kind: 'recap', recap: recapOf([], []) }, { audience: 'private', channel: 'C1234', sign }),
    ).toEqual({
      text: 'No questions were asked in this channel in the last hour.',
      blocks: [
        section(
          '*Recap of the last hour in this channel*\nNo questions were asked in this channel in the last hour.',
        ),
      ],
      response_type: 'ephemeral',
    })
  })

  it('shows the day too for a window longer than half a day', () => {
    const day = renderSlack(
      { kind: 'recap', recap: recapOf([], [open('Why?')], { minutes: 1440 }) },
      { audience: 'channel', sign },
    )
    expect(sectionTexts(day.blocks)[0]).toContain(
      'Since <!date^1767607200^{date_short_pretty} {time}|2026-01-05 10:00 UTC>',
    )
  })

  it('keeps 500 answers within Slack’s limits, ending each list with how many more there are', () => {
    const opens = Array.from({ length: 200 }, (_, at) =>
      open(`Open question ${at} ${'about things '.repeat(10)}`),
    )
    const message = renderSlack(
      { kind: 'recap', recap: recapOf(manyAnswers(500), opens) },
      { audience: 'private', channel: 'C1234', sign },
    )
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
    const texts = sectionTexts(message.blocks)
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
    const answered = texts.filter((text) => text.includes('Question number'))
    expect(answered.length).toBeLessThanOrEqual(3)
    const shown = answered.join('\n').match(/^• /gm)?.length ?? 0
    expect(answered.at(-1)).toMatch(new RegExp(`\\n_…and ${500 - shown} more questions_$`))
    const openText = texts.find((text) => text.startsWith('*Open'))
    const openShown = openText?.match(/^• /gm)?.length ?? 0
    expect(openText).toMatch(new RegExp(`\\n_…and ${200 - openShown} more questions_$`))
    expect(message.blocks.at(-1)?.type).toBe('actions')
  })
})

describe('no history in Slack', () => {
  it('says plainly that no history is kept here', () => {
    expect(renderSlack({ kind: 'no-history' }, { audience: 'private', sign })).toEqual({
      text: 'No recap here: this bot keeps no history of the questions asked, so it cannot say what was asked in this channel.',
      blocks: [
        section(
          'No recap here: this bot keeps no history of the questions asked, so it cannot say what was asked in this channel.',
        ),
      ],
      response_type: 'ephemeral',
    })
  })
})
