import { describe, expect, it } from 'vitest'
import {
  escapeSlack,
  renderAnswerChanged,
  renderNotice,
  renderSlack,
  type SlackBlock,
  seenText,
} from '../../../adapters/slack/render.ts'
import type { Reply } from '../../../src/commands.ts'
import {
  answeredReply,
  corroborated,
  HANDBOOK_SECTION,
  HANDBOOK_TITLE,
  IRAN_MATCH as IRAN,
  IRAN_CORROBORATED,
  coalitionMatch as match,
  noAnswerReply,
  SECOND_SECTION,
  SECOND_TITLE,
  COALITION_SECTION as SECTION,
  secondArticleMatch,
  COALITION_TITLE as TITLE,
  UNREVIEWED_MATCH,
  UNREVIEWED_PASSAGE,
} from '../../helpers/replies.ts'

const CHINA = match(
  'new-coalition/china-investment-infrastructure-projects',
  'China’s main contribution is investment & infrastructure projects.',
  'CHINA | Investment | Infrastructure Projects',
)

const answered = answeredReply

/** a stand-in for the adapter's HMAC: enough to show which value was signed under which action id */
const sign = (actionId: string, value: string) => `tag-${actionId}.${value}`

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true })
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) })
const context = (text: string) => ({ type: 'context', elements: [mrkdwn(text)] })
const button = (action_id: string, text: string, value: unknown, extra: object = {}) => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text, emoji: true },
  value: sign(action_id, JSON.stringify(value)),
  ...extra,
})

const sectionTexts = (blocks: readonly SlackBlock[]) =>
  blocks.flatMap((block) => (block.type === 'section' ? [block.text?.text ?? ''] : []))

const valuesOf = (blocks: readonly SlackBlock[]) =>
  blocks.flatMap((block) =>
    block.type === 'actions'
      ? block.elements.flatMap((element) => (element.type === 'button' ? [element.value] : []))
      : [],
  )

/** the main title of the document the coalition matches cite, as a one-liner names it */
const MAIN_TITLE = 'The Shifting Dynamics of Global Alliances'

const SECOND = secondArticleMatch(
  'second/iran-oil',
  'Iran supplies Russia with oil.',
  'Iran supplies oil to Russia.',
)

describe('renderSlack', () => {
  it('shows a passage no curator has reviewed once, as the quote, marked as not yet reviewed', () => {
    const { blocks } = renderSlack(answered([UNREVIEWED_MATCH]), { sign, audience: 'channel' })
    expect(blocks?.slice(0, 3)).toEqual([
      { type: 'divider' },
      section(`> ${UNREVIEWED_PASSAGE}`),
      context(`${HANDBOOK_TITLE} · ${HANDBOOK_SECTION} · _not yet reviewed_`),
    ])
  })

  it('renders a private answer as the best match in full and the next in a line, with share, more, votes and why', () => {
    const claims = [IRAN.claim.id, CHINA.claim.id]
    expect(renderSlack(answered([IRAN, CHINA], { hasMore: true }), { sign, audience: 'private' })).toEqual({
      text: [
        'You asked: what does iran contribute?',
        `• ${IRAN.claim.statement}`,
        '• China’s main contribution is investment &amp; infrastructure projects.',
      ].join('\n'),
      blocks: [
        context('You asked: what does iran contribute?'),
        { type: 'divider' },
        section(IRAN.claim.statement),
        section('> IRAN | Oil | Energy Trade'),
        context(`${TITLE} · ${SECTION}`),
        section(`• China’s main contribution is investment &amp; infrastructure projects. — _${MAIN_TITLE}_`),
        {
          type: 'actions',
          block_id: 'answer-actions',
          elements: [
            button(
              'share',
              'Share to channel',
              { q: 'what does iran contribute?', o: 0, c: claims },
              { style: 'primary' },
            ),
            button('more', 'More results', { q: 'what does iran contribute?', o: 2 }),
            button(
              'vote-up',
              '👍',
              { q: 'what does iran contribute?', o: 0, c: claims },
              { accessibility_label: 'Helpful answer' },
            ),
            button(
              'vote-down',
              '👎',
              { q: 'what does iran contribute?', o: 0, c: claims },
              { accessibility_label: 'Unhelpful answer' },
            ),
            button('why', 'Why this answer?', { q: 'what does iran contribute?', c: [IRAN.claim.id] }),
          ],
        },
      ],
      response_type: 'ephemeral',
    })
  })

  it('shows the best match in full and two more a line each, each with its document’s main title', () => {
    const { blocks } = renderSlack(answered([IRAN, CHINA, SECOND]), { sign, audience: 'channel' })
    expect(blocks.slice(0, -1)).toEqual([
      { type: 'divider' },
      section(IRAN.claim.statement),
      section('> IRAN | Oil | Energy Trade'),
      context(`${TITLE} · ${SECTION}`),
      section(
        [
          `• China’s main contribution is investment &amp; infrastructure projects. — _${MAIN_TITLE}_`,
          '• Iran supplies Russia with oil. — _Russia and North Korea_',
        ].join('\n'),
      ),
    ])
  })

  it('cuts a long reply at words, the quote and one-liners before the statement, to read in 600 characters', () => {
    const long = (id: string) =>
      match(id, `${'Sanctions bite slowly. '.repeat(12)}End.`, `${'The quoted passage. '.repeat(12)}End.`)
    const { blocks } = renderSlack(answered([long('a/1'), long('a/2'), long('a/3')]), {
      sign,
      audience: 'private',
    })
    const line = '• Sanctions bite slowly. Sanctions bite slowly… — _The Shifting Dynamics of…_'
    expect(blocks.slice(1, -1)).toEqual([
      { type: 'divider' },
      section(`${'Sanctions bite slowly. '.repeat(9)}Sanctions bite slowly…`),
      section('> The quoted passage. The quoted passage. The quoted…'),
      context('The Shifting Dynamics of… · Economic And Military… · quote shortened'),
      section(`${line}\n${line}`),
    ])
    expect(seenText(blocks).length).toBeLessThanOrEqual(600)
  })

  it('leaves a fourth match to More results, which goes on after the three shown', () => {
    const fourth = match('new-coalition/fourth', 'A fourth point.', 'Fourth')
    const shown = [IRAN, CHINA, SECOND]
    const message = renderSlack(answered([...shown, fourth]), { sign, audience: 'private', offset: 3 })
    expect(JSON.stringify(message.blocks)).not.toContain('A fourth point.')
    expect(message.text).not.toContain('A fourth point.')
    const values = valuesOf(message.blocks)
    const claims = shown.map((shownMatch) => shownMatch.claim.id)
    expect(values).toEqual([
      sign('share', JSON.stringify({ q: 'what does iran contribute?', o: 3, c: claims })),
      sign('more', JSON.stringify({ q: 'what does iran contribute?', o: 6 })),
      sign('vote-up', JSON.stringify({ q: 'what does iran contribute?', o: 3, c: claims })),
      sign('vote-down', JSON.stringify({ q: 'what does iran contribute?', o: 3, c: claims })),
      sign('why', JSON.stringify({ q: 'what does iran contribute?', c: [IRAN.claim.id] })),
    ])
  })

  it('shares what its asker saw: the same answer, under the line naming who asked', () => {
    const reply = answered([IRAN, CHINA, SECOND], { hasMore: true })
    const seen = renderSlack(reply, { sign, audience: 'private', channel: 'C1234' })
    const shared = renderSlack(reply, { sign, audience: 'shared', askedBy: 'U1234' })
    expect(shared.blocks[0]).toEqual(context('<@U1234> asked: what does iran contribute?'))
    expect(shared.blocks.slice(1, -1)).toEqual(seen.blocks.slice(1, -1))
    const [share] = valuesOf(seen.blocks)
    expect(share).toBe(
      sign(
        'share',
        JSON.stringify({
          q: 'what does iran contribute?',
          o: 0,
          c: [IRAN, CHINA, SECOND].map((m) => m.claim.id),
          ch: 'C1234',
        }),
      ),
    )
  })

  it('names the other documents that make the same point under the citation', () => {
    const { blocks } = renderSlack(answered([IRAN_CORROBORATED]), { sign, audience: 'private' })
    expect(blocks.slice(1, 5)).toEqual([
      { type: 'divider' },
      section(IRAN.claim.statement),
      section('> IRAN | Oil | Energy Trade'),
      context(`${TITLE} · ${SECTION}\nAlso in ${SECOND_TITLE} · ${SECOND_SECTION}`),
    ])
  })

  it('renders a no-answer plainly, with the nearest topics and questions to ask instead', () => {
    const reply = noAnswerReply()
    expect(renderSlack(reply, { sign, audience: 'channel' })).toEqual({
      text: [
        "Not in the knowledge base: nothing in the documents answers “what is north korea's population?”.",
        'Nearby topics: Sanctions · Multilateral cooperation',
        '• Should the US coordinate sanctions with Europe and Asian partners?',
      ].join('\n'),
      blocks: [
        section(
          "*Not in the knowledge base:* nothing in the documents answers “what is north korea's population?”.",
        ),
        section('*Nearby topics:* Sanctions · Multilateral cooperation'),
        section('*Questions it can answer:*'),
        {
          type: 'actions',
          block_id: 'related-questions',
          elements: [
            button('ask', 'Should the US coordinate sanctions with Europe and Asian partners?', {
              q: 'Should the US coordinate sanctions with Europe and Asian partners?',
            }),
          ],
        },
      ],
    })
  })

  it('renders help with the usage of the command as installed and example questions to click', () => {
    const reply: Reply = {
      kind: 'help',
      examples: ['What does Iran contribute to the coalition with Russia?'],
    }
    expect(renderSlack(reply, { sign, audience: 'private', command: '/cite' })).toEqual({
      text: 'Ask with /cite &lt;question&gt;, or /cite help, /cite sources, /cite topics, /cite recap.',
      blocks: [
        section('*Ask the knowledge base.* Short answers, each cited to the passage it rests on.'),
        section(
          [
            '`/cite &lt;question&gt;` ask in plain words, for example `/cite what does Iran contribute?`',
            '`/cite help` · `/cite sources` (the documents) · `/cite topics` (what they cover)',
            '`/cite recap` the questions asked in this channel in the last hour, and their answers (`/cite recap 30`: the last 30 minutes)',
            'Or mention me in a channel (I answer in a thread), or send me a direct message.',
          ].join('\n'),
        ),
        section('*Try:*'),
        {
          type: 'actions',
          block_id: 'examples',
          elements: [
            button('ask', 'What does Iran contribute to the coalition with Russia?', {
              q: 'What does Iran contribute to the coalition with Russia?',
            }),
          ],
        },
      ],
      response_type: 'ephemeral',
    })
  })

  it('shows the best stance in full and the other stance in a line, each labelled, when the documents disagree', () => {
    const pressure = match('a/sanctions', 'Impose strategic sanctions.', 'Strategic Sanctions', 'pressure')
    const engagement = match('b/talks', 'Reach out diplomatically.', 'Diplomatic outreach', 'engagement')
    const message = renderSlack(answered([pressure, engagement, IRAN], { perspectives: true }), {
      sign,
      audience: 'channel',
    })
    expect(message.blocks.slice(0, -1)).toEqual([
      section('*The documents argue different strategies:*'),
      { type: 'divider' },
      section('*Pressure and sanctions:* Impose strategic sanctions.'),
      section('> Strategic Sanctions'),
      context(`${TITLE} · ${SECTION}`),
      section(
        [
          `• *Engagement and dialogue:* Reach out diplomatically. — _${MAIN_TITLE}_`,
          // a one-liner holds 110 characters: the statement is cut at a word
          `• In the collaboration with Russia, Iran’s main contribution is oil, and its area of cooperation is energy… — _${MAIN_TITLE}_`,
        ].join('\n'),
      ),
    ])
  })

  it('shows both stances a line each, under a line saying the documents disagree, when the best takes none', () => {
    const pressure = match('a/sanctions', 'Impose strategic sanctions.', 'Strategic Sanctions', 'pressure')
    const engagement = match('b/talks', 'Reach out diplomatically.', 'Diplomatic outreach', 'engagement')
    const message = renderSlack(answered([IRAN, pressure, engagement], { perspectives: true }), {
      sign,
      audience: 'channel',
    })
    expect(message.blocks.slice(0, -1)).toEqual([
      { type: 'divider' },
      section(IRAN.claim.statement),
      section('> IRAN | Oil | Energy Trade'),
      context(`${TITLE} · ${SECTION}`),
      section(
        [
          '*The documents argue different strategies:*',
          `• *Pressure and sanctions:* Impose strategic sanctions. — _${MAIN_TITLE}_`,
          `• *Engagement and dialogue:* Reach out diplomatically. — _${MAIN_TITLE}_`,
        ].join('\n'),
      ),
    ])
  })

  it('names who asked in a shared answer, and offers no Share button there', () => {
    const message = renderSlack(answered([IRAN]), { sign, audience: 'shared', askedBy: 'U1234' })
    expect(message.blocks[0]).toEqual(context('<@U1234> asked: what does iran contribute?'))
    expect(JSON.stringify(message.blocks)).not.toContain('"share"')
    expect(message.response_type).toBeUndefined()
    const forged = renderSlack(answered([IRAN]), { sign, audience: 'shared', askedBy: '!channel' })
    expect(forged.blocks[0]).toEqual(context('Someone asked: what does iran contribute?'))
  })

  it('shortens a long quote at a word, with an ellipsis, and says so in the citation', () => {
    const long = match('x/long', 'A statement.', `${'word '.repeat(200)}end`)
    const blocks = renderSlack(answered([long]), { sign, audience: 'channel' }).blocks
    const quote = sectionTexts(blocks)[1] ?? ''
    expect(quote).toMatch(/^> (word )+word…$/)
    expect(quote.length).toBeLessThan(500)
    expect(blocks[3]).toEqual(context(`${TITLE} · ${SECTION} · quote shortened`))
  })

  it('keeps every section under 3,000 characters even when escaping lengthens the text', () => {
    const ampersands = match('x/amp', '&'.repeat(5000), '&'.repeat(600))
    const message = renderSlack(answered([ampersands]), { sign, audience: 'channel' })
    for (const text of sectionTexts(message.blocks)) {
      expect(text.length).toBeLessThanOrEqual(3000)
      expect(text).toMatch(/(&amp;)+…$/)
    }
    // a statement this long leaves the citation its shortest: main title and section, cut at a word
    expect(message.blocks[3]).toEqual(
      context('The Shifting Dynamics of… · Economic And Military… · quote shortened'),
    )
  })

  it('keeps the citation under 3,000 characters however many documents make the same point', () => {
    const others = Array.from({ length: 20 }, (_, at) =>
      match(`other/${at}`, 'The same point.', 'The same point.'),
    ).map((other) => ({ ...other, citation: { ...other.citation, title: '&'.repeat(300) } }))
    const { blocks } = renderSlack(answered([corroborated(IRAN, ...others)]), { sign, audience: 'channel' })
    const [citation] = blocks.flatMap((block) =>
      block.type === 'context'
        ? block.elements.flatMap((element) => ('text' in element ? [element.text] : []))
        : [],
    )
    expect(citation?.length).toBeLessThanOrEqual(3000)
    expect(citation).toMatch(/^.+\nAlso in .+…$/s)
    expect(citation).not.toMatch(/&(?!amp;)/)
  })

  it('never sends more than 50 blocks, however many topics there are', () => {
    const topics = Array.from({ length: 10_000 }, (_, at) => ({
      id: `t${at}`,
      name: `Topic number ${at}`,
      claims: 1,
    }))
    const message = renderSlack({ kind: 'topics', topics }, { sign, audience: 'private' })
    expect(message.blocks).toHaveLength(50)
    for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000)
  })

  it('shortens a button label to 75 characters while its value keeps the whole question', () => {
    const question = `What ${'very '.repeat(30)}long question is this?`
    const message = renderSlack({ kind: 'help', examples: [question] }, { sign, audience: 'private' })
    const actions = message.blocks.at(-1)
    if (actions?.type !== 'actions') throw new Error('expected buttons')
    const [ask] = actions.elements
    if (ask?.type !== 'button') throw new Error('expected a button')
    expect(Array.from(ask.text.text)).toHaveLength(75)
    expect(ask.text.text).toBe(`What ${'very '.repeat(13)}very…`)
    expect(ask.value).toBe(sign('ask', JSON.stringify({ q: question })))
  })

  it('escapes what users typed so no mention in it can ping anyone', () => {
    const reply: Reply = {
      kind: 'answer',
      answer: {
        kind: 'no-answer',
        question: '<!channel> & <@U1234> <!subteam^S1234> @here',
        reason: 'not-found',
        suggestions: [],
        related: [],
      },
    }
    const message = renderSlack(reply, { sign, audience: 'private' })
    const echoed = '&lt;!channel&gt; &amp; &lt;@U1234&gt; &lt;!subteam^S1234&gt; @\u200Bhere'
    expect(message.blocks).toEqual([
      section(`*Not in the knowledge base:* nothing in the documents answers “${echoed}”.`),
    ])
    expect(message.text).toBe(`Not in the knowledge base: nothing in the documents answers “${echoed}”.`)
  })

  it('says there are no further results when More results runs out', () => {
    const reply: Reply = {
      kind: 'answer',
      answer: { kind: 'no-answer', question: 'iran', reason: 'not-found', suggestions: [], related: [] },
    }
    expect(renderSlack(reply, { sign, audience: 'private', offset: 6 }).blocks).toEqual([
      section('No further results for “iran”.'),
    ])
  })

  it('lists the sources with their claim counts and notes supplied titles', () => {
    const reply: Reply = {
      kind: 'sources',
      sources: [
        { id: 'a', title: 'Alliances & Axes', titleSupplied: false, claims: 1, unreviewed: 0 },
        { id: 'b', title: 'Ties', titleSupplied: true, claims: 74, unreviewed: 0 },
      ],
    }
    expect(renderSlack(reply, { sign, audience: 'channel' })).toEqual({
      text: '2 documents in the knowledge base:',
      blocks: [
        section(
          [
            '*2 documents in the knowledge base:*',
            '• *Alliances &amp; Axes* — 1 claim',
            '• *Ties* (title supplied by the curators) — 74 claims',
          ].join('\n'),
        ),
      ],
    })
  })

  it('shows an invalid question’s message as it is, escaped', () => {
    expect(
      renderSlack({ kind: 'invalid', message: 'Too long <here>' }, { sign, audience: 'private' }),
    ).toEqual({
      text: 'Too long &lt;here&gt;',
      blocks: [section('Too long &lt;here&gt;')],
      response_type: 'ephemeral',
    })
  })
})

describe('seenText', () => {
  it('reads blocks as a user sees them: link text, escapes undone, no marks or quote bars, and button labels', () => {
    const blocks = [
      context('You asked: a &amp; b'),
      { type: 'divider' },
      section('*Pressure:* <https://example.com/a|The title> &lt;tag&gt; <@U1234>'),
      section('> quoted _text_\n> on two lines'),
      { type: 'section', text: mrkdwn('*Head*'), fields: [mrkdwn('~gone~ kept')] },
      { type: 'actions', elements: [button('more', 'More results', { q: 'a' })] },
    ] as SlackBlock[]
    expect(seenText(blocks)).toBe(
      'You asked: a & b\nPressure: The title <tag> @U1234\nquoted text\non two lines\nHead\ngone kept\nMore results',
    )
  })
})

describe('escapeSlack', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U1234|alex>', '&lt;@U1234|alex&gt;'],
    ['@everyone look', '@\u200Beveryone look'],
    ['me@here.com', 'me@here.com'],
  ])('escapes %j as %j', (text, escaped) => {
    expect(escapeSlack(text)).toBe(escaped)
  })
})

describe('renderNotice', () => {
  it('is a short private message', () => {
    expect(renderNotice('Thanks & bye')).toEqual({
      text: 'Thanks &amp; bye',
      blocks: [section('Thanks &amp; bye')],
      response_type: 'ephemeral',
    })
  })
})

describe('button values', () => {
  it('signs every value under its action id, and carries the claims shown and the channel in Share', () => {
    const claims = [IRAN.claim.id, CHINA.claim.id]
    const message = renderSlack(answered([IRAN, CHINA], { hasMore: true }), {
      sign,
      audience: 'private',
      offset: 3,
      channel: 'C1234',
    })
    expect(valuesOf(message.blocks)).toEqual([
      `tag-share.${JSON.stringify({ q: 'what does iran contribute?', o: 3, c: claims, ch: 'C1234' })}`,
      `tag-more.${JSON.stringify({ q: 'what does iran contribute?', o: 5 })}`,
      `tag-vote-up.${JSON.stringify({ q: 'what does iran contribute?', o: 3, c: claims })}`,
      `tag-vote-down.${JSON.stringify({ q: 'what does iran contribute?', o: 3, c: claims })}`,
      `tag-why.${JSON.stringify({ q: 'what does iran contribute?', c: [IRAN.claim.id] })}`,
    ])
  })

  it('leaves out a button whose signed value would pass Slack’s 2,000 characters, keeping the others', () => {
    const long = (actionId: string, value: string) =>
      actionId === 'more' ? `${'t'.repeat(2000 - value.length)}.${value}` : sign(actionId, value)
    const message = renderSlack(answered([IRAN], { hasMore: true }), { sign: long, audience: 'private' })
    const values = valuesOf(message.blocks)
    expect(values.map((value) => value?.slice(0, value.indexOf('.')))).toEqual([
      'tag-share',
      'tag-vote-up',
      'tag-vote-down',
      'tag-why',
    ])
  })
})

describe('renderAnswerChanged', () => {
  it('says the answer changed, shares nothing, and offers to ask again', () => {
    expect(renderAnswerChanged('what does <!here> iran contribute?', sign)).toEqual({
      text: 'The answer to “what does &lt;!here&gt; iran contribute?” has changed since you asked, so it was not shared. Ask again to see the current answer.',
      blocks: [
        section(
          'The answer to “what does &lt;!here&gt; iran contribute?” has changed since you asked, so it was not shared. Ask again to see the current answer.',
        ),
        {
          type: 'actions',
          block_id: 'ask-again',
          elements: [button('ask', 'Ask again', { q: 'what does <!here> iran contribute?' })],
        },
      ],
      response_type: 'ephemeral',
    })
  })
})
