import { describe, expect, it } from 'vitest'
import { DISCORD_LIMITS, renderDiscord } from '../../../adapters/discord/render.ts'
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

const CITED = `*${RECAP_TITLE} · ${RECAP_SECTION}*`

const RECAP = recapOf(
  [
    item('What does Iran contribute?', [found('a', 'Iran supplies oil & energy.'), found('b', 'More.')], {
      seen: 'shared',
      shares: 1,
    }),
    item('How does <@1500000000000000003> help @everyone?', [gone('c')], { asked: 2 }),
    item('Mine?', [found('d', 'Mine.', { unreviewed: true }), gone('e')], { seen: 'private' }),
  ],
  [open('How big is the *army*?'), open('Secret?', { seen: 'private', asked: 3 })],
)

describe('a recap in Discord', () => {
  it('lists the answers with their best statement and citation, then the open questions, with Share', () => {
    expect(renderDiscord({ kind: 'recap', recap: RECAP }, { audience: 'private', buttons: true })).toEqual({
      content: [
        '**Recap of the last hour in this channel**',
        'Since <t:1767607200:t> · 3 questions answered · 2 open',
        '-# Only you saw the ones marked *only you*: Share to channel leaves them out.',
      ].join('\n'),
      embeds: [
        {
          color: 0x5865f2,
          title: 'Answered',
          description: [
            '• **What does Iran contribute?** · shared',
            `   Iran supplies oil & energy. — ${CITED} · +1 more cited`,
            '• **How does <@\u200B1500000000000000003> help @\u200Beveryone?** · asked 2×',
            '   *What it cited is no longer in the knowledge base.*',
            '• **Mine?** · *only you*',
            `   Mine. — ${CITED} · not yet reviewed · 1 passage no longer in the knowledge base`,
          ].join('\n'),
        },
        {
          color: 0x99aab5,
          title: 'Open: nothing in the documents answers these',
          description: ['• How big is the \\*army\\*?', '• Secret? · *only you* · asked 3×'].join('\n'),
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 1, custom_id: 'v2:recap:29460120:29460180', label: 'Share to channel' },
          ],
        },
      ],
      allowedMentions: { parse: [] },
      flags: 64,
    })
  })

  it('names who shared it without pinging them, and has no button once shared', () => {
    const shared = renderDiscord(
      { kind: 'recap', recap: { ...RECAP, view: 'channel' } },
      { audience: 'shared', sharedBy: '1500000000000000001', buttons: true },
    )
    expect(shared.content).toBe(
      '<@1500000000000000001> shared a recap of the last hour in this channel\nSince <t:1767607200:t> · 3 questions answered · 2 open',
    )
    expect(shared.allowedMentions).toEqual({ parse: [] })
    expect(shared.components).toEqual([])
    expect(shared.flags).toBeUndefined()
  })

  it('offers no Share when only the asker saw what it lists, and says when it lists nothing', () => {
    const own = recapOf([item('Mine?', [found('d', 'Mine.')], { seen: 'private' })], [])
    expect(
      renderDiscord({ kind: 'recap', recap: own }, { audience: 'private', buttons: true }).components,
    ).toEqual([])
    expect(
      renderDiscord({ kind: 'recap', recap: recapOf([], []) }, { audience: 'private', buttons: true }),
    ).toEqual({
      content:
        '**Recap of the last hour in this channel**\nNo questions were asked in this channel in the last hour.',
      embeds: [],
      components: [],
      allowedMentions: { parse: [] },
      flags: 64,
    })
  })

  it('keeps 500 answers within Discord’s limits, ending each list with how many more there are', () => {
    const opens = Array.from({ length: 200 }, (_, at) =>
      open(`Open question ${at} ${'about things '.repeat(10)}`),
    )
    const message = renderDiscord(
      { kind: 'recap', recap: recapOf(manyAnswers(500), opens) },
      { audience: 'private', buttons: true },
    )
    const [answered, opened] = message.embeds
    const total = message.embeds.reduce(
      (sum, embed) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0),
      0,
    )
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal)
    expect(message.content?.length).toBeLessThanOrEqual(DISCORD_LIMITS.content)
    const shown = answered?.description?.match(/^• /gm)?.length ?? 0
    expect(answered?.description).toMatch(new RegExp(`\\n…and ${500 - shown} more$`))
    const openShown = opened?.description?.match(/^• /gm)?.length ?? 0
    expect(opened?.description).toMatch(new RegExp(`\\n…and ${200 - openShown} more$`))
    expect(message.components).toHaveLength(1)
  })
})

describe('no history in Discord', () => {
  it('says plainly that no history is kept here', () => {
    expect(renderDiscord({ kind: 'no-history' }, { audience: 'private' })).toEqual({
      content:
        'No recap here: this bot keeps no history of the questions asked, so it cannot say what was asked in this channel.',
      embeds: [],
      components: [],
      allowedMentions: { parse: [] },
      flags: 64,
    })
  })
})
