import { describe, expect, it } from 'vitest'
import { claimsDigestOf, digestOf, type PageRef, pageButtonId } from '../../../adapters/discord/buttons.ts'
import { escapeDiscord, neutralizeMentions } from '../../../adapters/discord/escape.ts'
import {
  DISCORD_LIMITS,
  type DiscordMessage,
  renderChoices,
  renderDiscord,
  renderNotice,
  renderNotYours,
  seenText,
} from '../../../adapters/discord/render.ts'
import type { Answer } from '../../../src/types.ts'
import {
  answeredReply,
  HANDBOOK_SECTION,
  HANDBOOK_TITLE,
  IRAN_MATCH as IRAN,
  IRAN_CORROBORATED,
  coalitionMatch as match,
  noAnswerReply as noAnswer,
  SECOND_SECTION,
  SECOND_TITLE,
  COALITION_SECTION as SECTION,
  secondArticleMatch,
  COALITION_TITLE as TITLE,
  UNREVIEWED_MATCH,
  UNREVIEWED_PASSAGE,
} from '../../helpers/replies.ts'

const CITATION = `${TITLE} · ${SECTION}`
const QUESTION = 'what does iran contribute?'
const USER = '1500000000000000001'
const ACCENT = 0x5865f2
const MUTED = 0x99aab5

const CHINA = match(
  'new-coalition/china-investment-infrastructure-projects',
  'China’s main contribution is investment & *infrastructure* projects.',
  'CHINA | Investment | Infrastructure Projects',
)

const answered = answeredReply

/** the page a button under an answer to QUESTION names: where it starts, and digests of the question and claims */
const pageOf = (claims: string[], offset = 0): PageRef => ({
  offset,
  question: digestOf(QUESTION),
  claims: claimsDigestOf(claims),
})
/** an "ask this" button's custom_id, spelled out: the format is pinned here, not only in buttons.ts */
const askId = (index: number, question: string) => `v2:ask:${index}:${digestOf(question)}`

const button = (custom_id: string, style: number, look: object) => ({ type: 2, style, custom_id, ...look })
const row = (...components: object[]) => ({ type: 1, components })
const NO_PINGS = { parse: [] }
const EPHEMERAL = 64

const IRAN_EMBED = {
  color: ACCENT,
  description: `${IRAN.claim.statement}\n> IRAN | Oil | Energy Trade`,
  footer: { text: CITATION },
}
/** the main title of the document the coalition matches cite, as a one-liner names it */
const MAIN_TITLE = 'The Shifting Dynamics of Global Alliances'
const CHINA_LINE = `• China’s main contribution is investment & \\*infrastructure\\* projects. — *${MAIN_TITLE}*`
const SECOND = secondArticleMatch(
  'second/iran-oil',
  'Iran supplies Russia with oil.',
  'Iran supplies oil to Russia.',
)

/** every limit of discord.com/developers/docs/resources/message, checked on a whole message */
function expectWithinLimits(message: DiscordMessage) {
  expect(message.content?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.content)
  expect(message.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds)
  let total = 0
  for (const embed of message.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title)
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description)
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer)
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields)
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName)
      expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue)
      total += field.name.length + field.value.length
    }
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0)
  }
  expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal)
  expect(message.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.actionRows)
  for (const actionRow of message.components) {
    expect(actionRow.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow)
    for (const component of actionRow.components) {
      expect(component.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId)
      expect(component.label?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel)
    }
  }
  expect(message.allowedMentions).toEqual(NO_PINGS)
}

describe('renderDiscord', () => {
  it('renders a private answer as the best match in full and the next in a line, with share, more, votes and why, visible only to the asker', () => {
    const page = pageOf([IRAN.claim.id, CHINA.claim.id])
    const id = (kind: string) => `v2:${kind}:0:${page.question}:${page.claims}`
    expect(
      renderDiscord(answered([IRAN, CHINA], { hasMore: true }), { audience: 'private', buttons: true }),
    ).toEqual({
      content: 'You asked: what does iran contribute?',
      embeds: [IRAN_EMBED, { color: ACCENT, description: CHINA_LINE }],
      components: [
        row(
          button(id('share'), 1, { label: 'Share to channel' }),
          button(id('more'), 2, { label: 'More results' }),
          button(id('up'), 2, { emoji: { name: '👍' } }),
          button(id('down'), 2, { emoji: { name: '👎' } }),
          button(id('why'), 2, { label: 'Why this answer?' }),
        ),
      ],
      allowedMentions: NO_PINGS,
      flags: EPHEMERAL,
    })
  })

  it('shows the vote its asker gave on its button, leaving the other to change it', () => {
    const page = pageOf([IRAN.claim.id], 3)
    const voted = renderDiscord(answered([IRAN]), {
      audience: 'private',
      buttons: true,
      offset: 3,
      voted: 'up',
    })
    expect(voted.components).toEqual([
      row(
        button(pageButtonId('share', page), 1, { label: 'Share to channel' }),
        {
          ...button(pageButtonId('up', page), 3, { label: 'Helpful — thanks', emoji: { name: '👍' } }),
          disabled: true,
        },
        button(pageButtonId('down', page), 2, { emoji: { name: '👎' } }),
        button(pageButtonId('why', page), 2, { label: 'Why this answer?' }),
      ),
    ])
    const down = renderDiscord(answered([IRAN]), { audience: 'private', buttons: true, voted: 'down' })
    expect(down.components[0]?.components.slice(1, 3)).toEqual([
      button(pageButtonId('up', pageOf([IRAN.claim.id])), 2, { emoji: { name: '👍' } }),
      {
        ...button(pageButtonId('down', pageOf([IRAN.claim.id])), 3, {
          label: 'Not helpful — thanks',
          emoji: { name: '👎' },
        }),
        disabled: true,
      },
    ])
  })

  it('gives each page and each set of claims buttons of their own', () => {
    const ids = (reply: ReturnType<typeof answered>, offset: number) =>
      renderDiscord(reply, { audience: 'private', buttons: true, offset }).components[0]?.components.map(
        (component) => component.custom_id,
      )
    const first = ids(answered([IRAN, CHINA]), 0)
    expect(first).toHaveLength(4)
    expect(ids(answered([IRAN, CHINA]), 0)).toEqual(first)
    for (const other of [
      ids(answered([IRAN, CHINA]), 3),
      ids(answered([CHINA, IRAN]), 0),
      ids(answered([IRAN]), 0),
    ]) {
      expect(other).toHaveLength(4)
      for (const id of other ?? []) expect(first).not.toContain(id)
    }
  })

  it('shows a passage no curator has reviewed once, as the quote, marked as not yet reviewed', () => {
    const [embed] = renderDiscord(answered([UNREVIEWED_MATCH]), { audience: 'private' }).embeds ?? []
    expect(embed?.description).toBe(`> ${UNREVIEWED_PASSAGE}`)
    expect(embed?.footer).toEqual({ text: `${HANDBOOK_TITLE} · ${HANDBOOK_SECTION} · not yet reviewed` })
  })

  it('names the other documents that make the same point in the footer', () => {
    const [embed] = renderDiscord(answered([IRAN_CORROBORATED]), { audience: 'private' }).embeds ?? []
    expect(embed).toEqual({
      ...IRAN_EMBED,
      footer: { text: `${CITATION}\nAlso in ${SECOND_TITLE} · ${SECOND_SECTION}` },
    })
  })

  it('renders a reply to a mention with the question as subtext, without share or ephemeral flag', () => {
    const page = pageOf([IRAN.claim.id])
    expect(renderDiscord(answered([IRAN]), { audience: 'channel', buttons: true })).toEqual({
      content: '-# Asked: what does iran contribute?',
      embeds: [IRAN_EMBED],
      components: [
        row(
          button(pageButtonId('up', page), 2, { emoji: { name: '👍' } }),
          button(pageButtonId('down', page), 2, { emoji: { name: '👎' } }),
          button(pageButtonId('why', page), 2, { label: 'Why this answer?' }),
        ),
      ],
      allowedMentions: NO_PINGS,
    })
  })

  it('names who asked a shared answer with a mention that allowed_mentions keeps silent', () => {
    const shared = renderDiscord(answered([IRAN], { hasMore: true }), {
      audience: 'shared',
      askedBy: USER,
      buttons: true,
    })
    expect(shared.content).toBe(`<@${USER}> asked: what does iran contribute?`)
    expect(shared.flags).toBeUndefined()
    const page = pageOf([IRAN.claim.id])
    expect(shared.components[0]?.components.map((component) => component.custom_id)).toEqual([
      pageButtonId('more', page),
      pageButtonId('up', page),
      pageButtonId('down', page),
      pageButtonId('why', page),
    ])
    const forged = renderDiscord(answered([IRAN]), { audience: 'shared', askedBy: '<@&123>' })
    expect(forged.content).toBe('Someone asked: what does iran contribute?')
  })

  it('names who shared an answer, and who asked it when that was someone else', () => {
    const SHARER = '1500000000000000003'
    const line = (options: { askedBy?: string; sharedBy?: string }) =>
      renderDiscord(answered([IRAN]), { audience: 'shared', ...options }).content
    expect(line({ askedBy: USER, sharedBy: SHARER })).toBe(
      `<@${SHARER}> shared <@${USER}>'s question: what does iran contribute?`,
    )
    expect(line({ askedBy: USER, sharedBy: USER })).toBe(`<@${USER}> asked: what does iran contribute?`)
    expect(line({ sharedBy: SHARER })).toBe(`<@${SHARER}> shared: what does iran contribute?`)
    expect(line({ askedBy: '@everyone', sharedBy: SHARER })).toBe(
      `<@${SHARER}> shared: what does iran contribute?`,
    )
    expect(
      renderDiscord(answered([IRAN]), { audience: 'shared', askedBy: USER, sharedBy: SHARER })
        .allowedMentions,
    ).toEqual(NO_PINGS)
  })

  it('marks a page of more results and has no buttons unless asked for', () => {
    const more = renderDiscord(answered([CHINA]), { audience: 'private', offset: 3 })
    expect(more.content).toBe('You asked: what does iran contribute? · more results')
    expect(more.components).toEqual([])
  })

  it('shows the best match in full and two more a line each, each with its document’s main title', () => {
    const { embeds } = renderDiscord(answered([IRAN, CHINA, SECOND]), { audience: 'channel' })
    expect(embeds).toEqual([
      IRAN_EMBED,
      {
        color: ACCENT,
        description: `${CHINA_LINE}\n• Iran supplies Russia with oil. — *Russia and North Korea*`,
      },
    ])
  })

  it('shows the best stance in full and the other stance in a line, each labelled, when the documents disagree', () => {
    const pressure = match('a/pressure', 'Sanctions must tighten.', 'Tighten sanctions now.', 'pressure')
    const engagement = match(
      'b/engagement',
      'Talks could build trust.',
      'Direct talks build trust.',
      'engagement',
    )
    const third = match('c/more', 'A third claim.', 'A third quote.')
    const message = renderDiscord(answered([pressure, engagement, third], { perspectives: true }), {
      audience: 'channel',
    })
    expect(message.embeds).toEqual([
      {
        color: ACCENT,
        title: 'The documents argue different strategies',
        description: '**Pressure and sanctions:** Sanctions must tighten.\n> Tighten sanctions now.',
        footer: { text: CITATION },
      },
      {
        color: ACCENT,
        description: [
          `• **Engagement and dialogue:** Talks could build trust. — *${MAIN_TITLE}*`,
          `• A third claim. — *${MAIN_TITLE}*`,
        ].join('\n'),
      },
    ])
    const neutralFirst = renderDiscord(answered([third, pressure, engagement], { perspectives: true }), {
      audience: 'channel',
    })
    expect(neutralFirst.embeds[1]).toEqual({
      color: ACCENT,
      title: 'The documents argue different strategies',
      description: [
        `• **Pressure and sanctions:** Sanctions must tighten. — *${MAIN_TITLE}*`,
        `• **Engagement and dialogue:** Talks could build trust. — *${MAIN_TITLE}*`,
      ].join('\n'),
    })
  })

  it('leaves a fourth match to More results, and its buttons carry the three shown', () => {
    const fourth = match('new-coalition/fourth', 'A fourth point.', 'Fourth')
    const shown = [IRAN, CHINA, SECOND]
    const message = renderDiscord(answered([...shown, fourth]), {
      audience: 'private',
      buttons: true,
      offset: 3,
    })
    expect(JSON.stringify(message.embeds)).not.toContain('A fourth point.')
    const page = pageOf(
      shown.map((shownMatch) => shownMatch.claim.id),
      3,
    )
    expect(message.components[0]?.components.map((component) => component.custom_id)).toEqual([
      pageButtonId('share', page),
      pageButtonId('more', page),
      pageButtonId('up', page),
      pageButtonId('down', page),
      pageButtonId('why', page),
    ])
  })

  it('shares what its asker saw: the same embeds, under the line naming who asked', () => {
    const reply = answered([IRAN, CHINA, SECOND], { hasMore: true })
    const seen = renderDiscord(reply, { audience: 'private', buttons: true })
    const shared = renderDiscord(reply, { audience: 'shared', askedBy: USER, buttons: true })
    expect(shared.content).toBe(`<@${USER}> asked: what does iran contribute?`)
    expect(shared.embeds).toEqual(seen.embeds)
  })

  it('cuts a long reply at words, the quote and one-liners before the statement, to read in 600 characters', () => {
    const long = (id: string) =>
      match(id, `${'Sanctions bite slowly. '.repeat(12)}End.`, `${'The quoted passage. '.repeat(12)}End.`)
    const message = renderDiscord(answered([long('a/1'), long('a/2'), long('a/3')]), {
      audience: 'private',
      buttons: true,
    })
    const line = '• Sanctions bite slowly. Sanctions bite slowly… — *The Shifting Dynamics of…*'
    expect(message.embeds).toEqual([
      {
        color: ACCENT,
        description: `${'Sanctions bite slowly. '.repeat(9)}Sanctions bite slowly…\n> The quoted passage. The quoted passage. The quoted…`,
        footer: { text: 'The Shifting Dynamics of… · Economic And Military… · quote trimmed' },
      },
      { color: ACCENT, description: `${line}\n${line}` },
    ])
    expect(seenText(message).length).toBeLessThanOrEqual(600)
  })

  it('trims a long quote visibly, at a word: an ellipsis, and the footer says so', () => {
    const long = match('a/long', 'A statement.', `${'word '.repeat(150)}end`)
    const [embed] = renderDiscord(answered([long]), { audience: 'channel' }).embeds
    const quote = embed?.description?.split('\n> ')[1] ?? ''
    expect(quote).toMatch(/^(word )+word…$/)
    expect(quote.length).toBeLessThan(500)
    expect(embed?.footer?.text).toBe(`${CITATION} · quote trimmed`)
  })

  it('keeps every Discord limit however long the statements, quotes, titles and question', () => {
    const huge = (id: string) => ({
      ...match(id, '*'.repeat(9000), '_'.repeat(9000)),
      citation: { source: 's', title: 'T'.repeat(5000), section: 'S'.repeat(5000), quote: '_'.repeat(9000) },
    })
    const question = `${'<@&123> '.repeat(100)}?`
    for (const audience of ['private', 'channel', 'shared'] as const) {
      const message = renderDiscord(
        { kind: 'answer', answer: { ...(answered([]) as { answer: Answer }).answer, question } },
        { audience, buttons: true },
      )
      expectWithinLimits(message)
      const many = renderDiscord(answered([huge('a/1'), huge('a/2'), huge('a/3'), huge('a/4')]), {
        audience,
        buttons: true,
      })
      expectWithinLimits(many)
      expect(many.embeds.length).toBeGreaterThan(0)
    }
  })

  it('renders a no-answer plainly, with the nearest topics and questions to ask instead', () => {
    expect(renderDiscord(noAnswer(), { audience: 'private', buttons: true })).toEqual({
      embeds: [
        {
          color: MUTED,
          title: 'Not in the knowledge base',
          description: "Nothing in the documents answers “what is north korea's population?”.",
          fields: [
            { name: 'Nearby topics', value: 'Sanctions · Multilateral cooperation' },
            {
              name: 'Questions it can answer',
              value: '• Should the US coordinate sanctions with Europe and Asian partners?',
            },
          ],
        },
      ],
      components: [
        row(
          button(askId(0, 'Should the US coordinate sanctions with Europe and Asian partners?'), 2, {
            label: 'Should the US coordinate sanctions with Europe and Asian partners?',
          }),
        ),
      ],
      allowedMentions: NO_PINGS,
      flags: EPHEMERAL,
    })
  })

  it('says when there are no further results, and asks for words when there was no question', () => {
    const further = renderDiscord(noAnswer({ suggestions: [], related: [] }), {
      audience: 'private',
      offset: 3,
    })
    expect(further.embeds).toEqual([
      { color: MUTED, description: "No further results for “what is north korea's population?”." },
    ])
    const words = renderDiscord(noAnswer({ reason: 'no-question', suggestions: [], related: [] }), {
      audience: 'channel',
    })
    expect(words.embeds).toEqual([
      { color: MUTED, description: 'Ask a question in words, for example: what does Iran contribute?' },
    ])
  })

  it('echoes a question with mentions and Markdown inert', () => {
    const message = renderDiscord(noAnswer({ question: '@everyone <@&123> <@456> **now** @here' }), {
      audience: 'private',
    })
    expect(message.embeds[0]?.description).toBe(
      'Nothing in the documents answers “@\u200Beveryone <@&\u200B123> <@\u200B456> \\*\\*now\\*\\* @\u200Bhere”.',
    )
  })

  it('shows help with the ways to ask, the prefix when enabled, and example questions as buttons', () => {
    const examples = ['What does Iran contribute?', 'Which sanctions are proposed?']
    expect(
      renderDiscord({ kind: 'help', examples }, { audience: 'private', buttons: true, prefix: '!ask' }),
    ).toEqual({
      embeds: [
        {
          color: ACCENT,
          title: 'Ask the knowledge base',
          description: [
            'Short answers, each cited to the passage it rests on.',
            '',
            '`/ask question: what does Iran contribute?` ask in plain words; suggestions appear as you type',
            '`/ask question: sources` the documents · `/ask question: topics` what they cover',
            '`/ask question: recap` the questions asked in this channel in the last hour, and their answers (`recap 30`: the last 30 minutes)',
            'Or mention me with your question in a channel, or send me a direct message.',
            'Or start a message with `!ask`, for example `!ask topics`',
            '',
            'Or try one of these:',
          ].join('\n'),
        },
      ],
      components: [
        row(
          button(askId(0, 'What does Iran contribute?'), 2, { label: 'What does Iran contribute?' }),
          button(askId(1, 'Which sanctions are proposed?'), 2, { label: 'Which sanctions are proposed?' }),
        ),
      ],
      allowedMentions: NO_PINGS,
      flags: EPHEMERAL,
    })
    const plain = renderDiscord({ kind: 'help', examples }, { audience: 'channel' })
    expect(plain.embeds[0]?.description).not.toMatch(/start a message|try one of these/)
    expect(plain.components).toEqual([])
  })

  it('lists the documents and the topics', () => {
    const sources = renderDiscord(
      {
        kind: 'sources',
        sources: [
          { id: 'a', title: 'Pressure On The Partnership', titleSupplied: false, claims: 5, unreviewed: 0 },
          { id: 'b', title: 'The Case For Engagement', titleSupplied: true, claims: 1, unreviewed: 0 },
        ],
      },
      { audience: 'private' },
    )
    expect(sources.embeds).toEqual([
      {
        color: ACCENT,
        title: '2 documents in the knowledge base',
        description: [
          '• **Pressure On The Partnership** — 5 claims',
          '• **The Case For Engagement** (title supplied by the curators) — 1 claim',
        ].join('\n'),
      },
    ])
    const topics = renderDiscord(
      { kind: 'topics', topics: [{ id: 'sanctions', name: 'Sanctions', claims: 21 }] },
      { audience: 'channel' },
    )
    expect(topics.embeds).toEqual([
      {
        color: ACCENT,
        title: 'Topics the documents cover, with how many claims each',
        description: '• Sanctions (21)',
      },
    ])
  })

  it('lists as many topics as fit and counts the rest', () => {
    const topics = Array.from({ length: 400 }, (_, at) => ({
      id: `t${at}`,
      name: `Topic number ${at}`,
      claims: 1,
    }))
    const [embed] = renderDiscord({ kind: 'topics', topics }, { audience: 'channel' }).embeds
    const lines = embed?.description?.split('\n') ?? []
    expect(embed?.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.description)
    expect(lines.at(-1)).toBe(`…and ${400 - (lines.length - 1)} more`)
  })

  it('renders a refused question as a short private notice', () => {
    expect(
      renderDiscord(
        {
          kind: 'invalid',
          message: 'That question is 3,999 characters long; please ask in under 500 characters.',
        },
        { audience: 'private' },
      ),
    ).toEqual({
      content: 'That question is 3,999 characters long; please ask in under 500 characters.',
      embeds: [],
      components: [],
      allowedMentions: NO_PINGS,
      flags: EPHEMERAL,
    })
  })
})

describe('seenText', () => {
  it('reads a message as a user sees it: escapes undone, no marks, subtext or quote bars, and buttons', () => {
    const message = {
      content: '-# Asked: \\*\\*bold\\*\\* <@\u200B123> @\u200Beveryone',
      embeds: [
        {
          author: { name: 'A title' },
          title: 'The documents argue',
          description: '**Label:** a \\_b\\_ [link](https://example.com)\n> a quote',
          fields: [{ name: 'Field', value: '*value*' }],
          footer: { text: 'Title · Section' },
        },
      ],
      components: [{ components: [{ label: 'Share to channel' }, { emoji: { name: '👍' } }] }],
    }
    expect(seenText(message)).toBe(
      [
        'Asked: **bold** @123 @everyone',
        'A title',
        'The documents argue',
        'Label: a _b_ link',
        'a quote',
        'Field',
        'value',
        'Title · Section',
        'Share to channel',
        '👍',
      ].join('\n'),
    )
  })
})

describe('renderNotice', () => {
  it('is private unless said otherwise', () => {
    expect(renderNotice('Thanks.')).toEqual({
      content: 'Thanks.',
      embeds: [],
      components: [],
      allowedMentions: NO_PINGS,
      flags: EPHEMERAL,
    })
    expect(renderNotice('Sorry.', 'channel').flags).toBeUndefined()
  })
})

describe('renderNotYours', () => {
  it('tells someone privately whose buttons they pressed, without pinging them', () => {
    expect(renderNotYours(USER)).toEqual({
      content: `These buttons belong to <@${USER}>'s answer; ask your own with /ask and your question.`,
      embeds: [],
      components: [],
      allowedMentions: NO_PINGS,
      flags: EPHEMERAL,
    })
    expect(renderNotYours('<@&123> @everyone').content).toBe(
      "These buttons belong to someone else's answer; ask your own with /ask and your question.",
    )
  })
})

describe('escapeDiscord', () => {
  it.each([
    ['IRAN | Oil | Energy Trade', 'IRAN | Oil | Energy Trade'],
    [
      '**bold** _it_ ~~no~~ `code` ||spoiler||',
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~no\\~\\~ \\`code\\` \\|\\|spoiler\\|\\|',
    ],
    ['# heading\n- item\n> quote', '\\# heading\n\\- item\n\\> quote'],
    ['[click](https://example.com)', '\\[click](https://example.com)'],
    ['@everyone and @here', '@\u200Beveryone and @\u200Bhere'],
    ['<@123> <@!123> <@&123> <#123>', '<@\u200B123> <@!\u200B123> <@&\u200B123> <#\u200B123>'],
  ])('makes %j inert as %j', (text, escaped) => {
    expect(escapeDiscord(text)).toBe(escaped)
  })

  it('leaves text without mentions alone when only mentions are broken', () => {
    expect(neutralizeMentions('a <b> c')).toBe('a <b> c')
  })
})

describe('renderChoices', () => {
  const questions = (count: number) => Array.from({ length: count }, (_, at) => `Question ${at}?`)

  it('offers the suggestions, then the command words, when nothing is typed yet', () => {
    const choices = renderChoices('', questions(30))
    expect(choices).toHaveLength(25)
    expect(choices.slice(-4)).toEqual([
      { name: 'help: how to ask', value: 'help' },
      { name: 'sources: the documents', value: 'sources' },
      { name: 'topics: what the documents cover', value: 'topics' },
      { name: 'recap: the questions asked here in the last hour', value: 'recap' },
    ])
    expect(choices[0]).toEqual({ name: 'Question 0?', value: 'Question 0?' })
  })

  it('puts a command word first while what is typed begins it', () => {
    expect(renderChoices('to', ['Total trade?'])).toEqual([
      { name: 'topics: what the documents cover', value: 'topics' },
      { name: 'Total trade?', value: 'Total trade?' },
    ])
    expect(renderChoices('t', ['Total trade?'])).toEqual([{ name: 'Total trade?', value: 'Total trade?' }])
  })

  it('keeps at most 25, each 1 to 100 characters, and no value twice', () => {
    const choices = renderChoices('iran', ['x'.repeat(101), '', 'Same?', 'Same?', ...questions(40)])
    expect(choices).toHaveLength(25)
    expect(choices[0]).toEqual({ name: 'Same?', value: 'Same?' })
    expect(new Set(choices.map((choice) => choice.value)).size).toBe(25)
  })
})
