import { describe, expect, it } from 'vitest'
import { renderWhy } from '../../../adapters/discord/render-why.ts'

const EXPLANATION = {
  read: ['pyongyang', 'want', 'moscow'],
  aliases: [
    { from: 'pyongyang', to: 'North Korea' },
    { from: 'moscow', to: 'Russia' },
  ],
  corrections: [{ from: 'moskow', to: 'moscow' }],
  matched: ['North Korea', 'Russia'],
}

describe('why an answer matched, on Discord', () => {
  it('says how the question was read and what the answer holds, to the presser alone', () => {
    const message = renderWhy(
      'what does pyongyang want from moskow?',
      'North Korea arms Russia.',
      EXPLANATION,
    )
    expect(message).toEqual({
      content: 'Why this answer to: what does pyongyang want from moskow?',
      embeds: [
        {
          color: expect.any(Number),
          title: 'Why this answer',
          description: [
            '**Answer:** North Korea arms Russia.',
            '**Read your question as:** pyongyang · want · moscow',
            '**Spelling corrected:** moskow → moscow',
            '**Names read as:** pyongyang → North Korea, moscow → Russia',
            '**The answer holds:** North Korea · Russia',
          ].join('\n'),
        },
      ],
      components: [],
      allowedMentions: { parse: [] },
      flags: 64,
    })
  })

  it('mentions no one, whatever the question or the claim holds', () => {
    const message = renderWhy('<@123456789012345678> @everyone iran?', '<@&123456789012345678> @here', {
      ...EXPLANATION,
      read: ['everyone', 'iran'],
    })
    const text = `${message.content}\n${message.embeds[0]?.description}`
    expect(text).not.toMatch(/<@[!&]?\d|@everyone|@here/)
    expect(message.allowedMentions).toEqual({ parse: [] })
  })
})
