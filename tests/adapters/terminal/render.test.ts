import { describe, expect, it } from 'vitest'
import { renderTerminal, stripControls } from '../../../adapters/terminal/render.ts'
import type { Reply } from '../../../src/commands.ts'
import type { Stance } from '../../../src/types.ts'
import { found, gone, item, open, RECAP_SECTION, RECAP_TITLE, recapOf } from '../../helpers/recaps.ts'
import {
  answeredReply,
  corroborated,
  HANDBOOK_SECTION,
  HANDBOOK_TITLE,
  makeMatch,
  noAnswerReply,
  SECOND_SECTION,
  SECOND_TITLE,
  secondArticleMatch,
  UNREVIEWED_MATCH,
  UNREVIEWED_PASSAGE,
} from '../../helpers/replies.ts'

const PLAIN = { color: false }
const COLOR = { color: true }
const TITLE = 'Pressure On The Partnership'
const SECTION = 'Sanctions And Their Types'

const PRESSURE = { source: 'pressure', title: TITLE, section: SECTION, topics: ['sanctions'], entities: [] }
const match = (id: string, statement: string, quote: string, stance?: Stance) =>
  makeMatch(PRESSURE, id, statement, quote, stance)

const IRAN = match(
  'pressure/iran-oil',
  'Iran’s main contribution is oil and energy trade.',
  'Iran | Oil and energy trade',
)
const FREEZES = match(
  'pressure/asset-freezes',
  'Asset freezes would target individuals linked to the finance and military sectors.',
  'Asset Freezes: Target individuals linked directly to finance and military sectors.',
  'pressure',
)
const TALKS = {
  ...match(
    'engagement/direct-talks',
    'Direct talks could build trust and reduce the risk of escalation.',
    'Direct Talks: Building trust and clarifying intentions through direct talks could reduce the risk of escalation.',
    'engagement',
  ),
  citation: {
    source: 'engagement',
    title: 'The Case For Engagement',
    section: 'Diplomatic Avenues',
    quote:
      'Direct Talks: Building trust and clarifying intentions through direct talks could reduce the risk of escalation.',
  },
}

const answered = answeredReply

/** a no-answer in the fixture's topics */
const noAnswer = (extra: Parameters<typeof noAnswerReply>[0] = {}) =>
  noAnswerReply({
    question: 'how do I bake bread?',
    suggestions: [
      { id: 'sanctions', name: 'Sanctions' },
      { id: 'diplomacy', name: 'Diplomacy and dialogue' },
    ],
    related: ['What is Iran’s main contribution?'],
    ...extra,
  })

describe('rendering for the terminal without colour', () => {
  it('renders an answer: numbered statement, title and section, the quote', () => {
    expect(renderTerminal(answered([IRAN]), PLAIN)).toBe(
      [
        '1. Iran’s main contribution is oil and energy trade.',
        '   — Pressure On The Partnership · Sanctions And Their Types',
        '   “Iran | Oil and energy trade”',
      ].join('\n'),
    )
  })

  it('shows a passage no curator has reviewed once, as the quote, marked as not yet reviewed', () => {
    expect(renderTerminal(answered([UNREVIEWED_MATCH]), PLAIN)).toBe(
      [`1. “${UNREVIEWED_PASSAGE}”`, `   — ${HANDBOOK_TITLE} · ${HANDBOOK_SECTION} · not yet reviewed`].join(
        '\n',
      ),
    )
  })

  it('cites each other document that makes the same point, with its passage', () => {
    const other = secondArticleMatch(
      'second/iran-oil',
      'Iran supplies Russia with oil.',
      'Iran supplies oil.',
    )
    expect(renderTerminal(answered([corroborated(IRAN, other)]), PLAIN)).toBe(
      [
        '1. Iran’s main contribution is oil and energy trade.',
        '   — Pressure On The Partnership · Sanctions And Their Types',
        '   “Iran | Oil and energy trade”',
        `   — also in ${SECOND_TITLE} · ${SECOND_SECTION}`,
        '   “Iran supplies oil.”',
      ].join('\n'),
    )
  })

  it('separates matches with a blank line and says when more results exist', () => {
    expect(renderTerminal(answered([IRAN, FREEZES], { hasMore: true }), PLAIN)).toBe(
      [
        '1. Iran’s main contribution is oil and energy trade.',
        '   — Pressure On The Partnership · Sanctions And Their Types',
        '   “Iran | Oil and energy trade”',
        '',
        '2. Asset freezes would target individuals linked to the finance and military sectors.',
        '   — Pressure On The Partnership · Sanctions And Their Types',
        '   “Asset Freezes: Target individuals linked directly to finance and military sectors.”',
        '',
        'More results: type "more".',
      ].join('\n'),
    )
  })

  it('numbers a later page on from the earlier ones', () => {
    expect(renderTerminal(answered([FREEZES]), PLAIN, 4).split('\n')[0]).toBe(
      '4. Asset freezes would target individuals linked to the finance and military sectors.',
    )
  })

  it('shows the strategies side by side, each labelled, when the documents argue different ones', () => {
    expect(renderTerminal(answered([FREEZES, TALKS, IRAN], { perspectives: true }), PLAIN)).toBe(
      [
        'The documents argue different strategies:',
        '1. [pressure] Asset freezes would target individuals linked to the finance and military sectors.',
        '   — Pressure On The Partnership · Sanctions And Their Types',
        '   “Asset Freezes: Target individuals linked directly to finance and military sectors.”',
        '',
        '2. [engagement] Direct talks could build trust and reduce the risk of escalation.',
        '   — The Case For Engagement · Diplomatic Avenues',
        '   “Direct Talks: Building trust and clarifying intentions through direct talks could reduce the risk of escalation.”',
        '',
        '3. Iran’s main contribution is oil and energy trade.',
        '   — Pressure On The Partnership · Sanctions And Their Types',
        '   “Iran | Oil and energy trade”',
      ].join('\n'),
    )
  })

  it('does not label stances when the answer is not about differing strategies', () => {
    expect(renderTerminal(answered([FREEZES]), PLAIN)).not.toContain('[pressure]')
  })

  it('renders a no-answer with the question, nearby topics and related questions', () => {
    expect(renderTerminal(noAnswer(), PLAIN)).toBe(
      [
        'Not in the knowledge base: nothing in the documents answers “how do I bake bread?”.',
        'Nearby topics: Sanctions · Diplomacy and dialogue',
        '  Try: What is Iran’s main contribution?',
      ].join('\n'),
    )
  })

  it('renders a no-answer without suggestions as one line', () => {
    expect(renderTerminal(noAnswer({ suggestions: [], related: [] }), PLAIN)).toBe(
      'Not in the knowledge base: nothing in the documents answers “how do I bake bread?”.',
    )
  })

  it('asks for words when there was no question', () => {
    expect(renderTerminal(noAnswer({ question: '?!', reason: 'no-question', related: [] }), PLAIN)).toBe(
      [
        'Ask a question in words, for example: what does Iran contribute?',
        'Nearby topics: Sanctions · Diplomacy and dialogue',
      ].join('\n'),
    )
  })

  it('strips control characters from the question it echoes', () => {
    const rendered = renderTerminal(
      noAnswer({ question: 'bread\u001b[2J\u0007\u009b31m?', suggestions: [], related: [] }),
      PLAIN,
    )
    expect(rendered).toBe('Not in the knowledge base: nothing in the documents answers “bread[2J31m?”.')
    expect(rendered).not.toMatch(/\p{Cc}/u)
  })

  it('renders help with examples', () => {
    expect(
      renderTerminal(
        { kind: 'help', examples: ['What does Iran contribute?', 'Who would asset freezes target?'] },
        PLAIN,
      ),
    ).toBe(
      [
        'Ask a question in plain words and get short answers, each cited to the passage it rests on.',
        'Commands: help · sources (the documents) · topics (what they cover) · more (next results) · why (how the last answer matched) · quit',
        'In Slack and Discord, recap lists the questions asked in a channel in the last hour, with their answers.',
        'Examples:',
        '  What does Iran contribute?',
        '  Who would asset freezes target?',
      ].join('\n'),
    )
  })

  it('renders a recap as plain lines, control characters stripped', () => {
    const recap = recapOf(
      [
        item('What does Iran contribute?', [found('a', 'Iran supplies oil.')], { seen: 'shared' }),
        item('Gone\u001b[2J?', [gone('b')]),
      ],
      [open('How big is the army?')],
    )
    expect(renderTerminal({ kind: 'recap', recap }, PLAIN)).toBe(
      [
        'Recap of the last hour: 2 answered, 1 open',
        '• What does Iran contribute? [shared]',
        `   Iran supplies oil. — ${RECAP_TITLE} · ${RECAP_SECTION}`,
        '• Gone[2J?',
        '   What it cited is no longer in the knowledge base.',
        '• How big is the army? [open]',
      ].join('\n'),
    )
  })

  it('renders help without an examples heading when there are none', () => {
    expect(renderTerminal({ kind: 'help', examples: [] }, PLAIN).split('\n')).toHaveLength(3)
  })

  it('says so when there are no documents or no topics yet, as in a knowledge directory just made', () => {
    expect(renderTerminal({ kind: 'sources', sources: [] }, PLAIN)).toBe(
      'No documents in the knowledge base yet.',
    )
    expect(renderTerminal({ kind: 'topics', topics: [] }, PLAIN)).toBe(
      'No topics yet: no claim has been curated.',
    )
  })

  it('renders the sources, marking a title the curators supplied', () => {
    const reply: Reply = {
      kind: 'sources',
      sources: [
        { id: 'engagement', title: 'The Case For Engagement', titleSupplied: true, claims: 3, unreviewed: 0 },
        { id: 'pressure', title: TITLE, titleSupplied: false, claims: 5, unreviewed: 0 },
        { id: 'leave', title: 'Leave types', titleSupplied: false, claims: 0, unreviewed: 40 },
        { id: 'equipment', title: 'Equipment', titleSupplied: false, claims: 1, unreviewed: 1 },
      ],
    }
    expect(renderTerminal(reply, PLAIN)).toBe(
      [
        '• The Case For Engagement (title supplied by the curators) — 3 claims [engagement]',
        '• Pressure On The Partnership — 5 claims [pressure]',
        '• Leave types — 40 passages not yet reviewed [leave]',
        '• Equipment — 1 claim, 1 passage not yet reviewed [equipment]',
      ].join('\n'),
    )
  })

  it('renders the topics with their claim counts', () => {
    const reply: Reply = {
      kind: 'topics',
      topics: [
        { id: 'sanctions', name: 'Sanctions', claims: 3 },
        { id: 'humanitarian', name: 'Humanitarian cooperation', claims: 1 },
      ],
    }
    expect(renderTerminal(reply, PLAIN)).toBe('• Sanctions (3)\n• Humanitarian cooperation (1)')
  })

  it('renders an invalid input as its message', () => {
    const message = 'That question is 102,400 characters long; please ask in under 500 characters.'
    expect(renderTerminal({ kind: 'invalid', message }, PLAIN)).toBe(message)
  })

  it.each<[string, Reply]>([
    ['an answer', answered([FREEZES, TALKS], { perspectives: true, hasMore: true })],
    ['a no-answer', noAnswer()],
    ['help', { kind: 'help', examples: ['What does Iran contribute?'] }],
    [
      'sources',
      {
        kind: 'sources',
        sources: [{ id: 'pressure', title: TITLE, titleSupplied: false, claims: 5, unreviewed: 0 }],
      },
    ],
  ])('uses no escape codes in %s when colour is off', (_, reply) => {
    expect(renderTerminal(reply, PLAIN)).not.toContain('\u001b')
  })
})

describe('rendering for the terminal with colour', () => {
  it('paints the number, stance, citation, quote and the more hint, and nothing else', () => {
    expect(renderTerminal(answered([FREEZES, TALKS], { perspectives: true, hasMore: true }), COLOR)).toBe(
      [
        '\u001b[1mThe documents argue different strategies:\u001b[22m',
        '\u001b[1m1.\u001b[22m \u001b[33m[pressure]\u001b[39m Asset freezes would target individuals linked to the finance and military sectors.',
        '   \u001b[36m— Pressure On The Partnership · Sanctions And Their Types\u001b[39m',
        '   \u001b[2m“Asset Freezes: Target individuals linked directly to finance and military sectors.”\u001b[22m',
        '',
        '\u001b[1m2.\u001b[22m \u001b[33m[engagement]\u001b[39m Direct talks could build trust and reduce the risk of escalation.',
        '   \u001b[36m— The Case For Engagement · Diplomatic Avenues\u001b[39m',
        '   \u001b[2m“Direct Talks: Building trust and clarifying intentions through direct talks could reduce the risk of escalation.”\u001b[22m',
        '',
        '\u001b[2mMore results: type "more".\u001b[22m',
      ].join('\n'),
    )
  })

  it('reads the same as the plain text once the escape codes are removed', () => {
    const reply = answered([IRAN, FREEZES], { hasMore: true })
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the escape codes is the point
    expect(renderTerminal(reply, COLOR).replace(/\u001b\[\d+m/g, '')).toBe(renderTerminal(reply, PLAIN))
  })
})

describe('rendering for a terminal of a given width', () => {
  it('wraps each line at spaces, the statement under its text and the citation under its indent', () => {
    expect(renderTerminal(answered([FREEZES], { hasMore: true }), { color: false, width: 40 })).toBe(
      [
        '1. Asset freezes would target',
        '   individuals linked to the finance and',
        '   military sectors.',
        '   — Pressure On The Partnership ·',
        '   Sanctions And Their Types',
        '   “Asset Freezes: Target individuals',
        '   linked directly to finance and',
        '   military sectors.”',
        '',
        'More results: type "more".',
      ].join('\n'),
    )
  })

  it('closes each colour where a line breaks and reopens it on the next', () => {
    expect(renderTerminal(answered([FREEZES], { perspectives: true }), { color: true, width: 40 })).toBe(
      [
        '\u001b[1mThe documents argue different\u001b[22m',
        '\u001b[1mstrategies:\u001b[22m',
        '\u001b[1m1.\u001b[22m \u001b[33m[pressure]\u001b[39m Asset freezes would target',
        '   individuals linked to the finance and',
        '   military sectors.',
        '   \u001b[36m— Pressure On The Partnership ·\u001b[39m',
        '   \u001b[36mSanctions And Their Types\u001b[39m',
        '   \u001b[2m“Asset Freezes: Target individuals\u001b[22m',
        '   \u001b[2mlinked directly to finance and\u001b[22m',
        '   \u001b[2mmilitary sectors.”\u001b[22m',
      ].join('\n'),
    )
  })

  it('wraps help and lists too, and leaves them alone without a width', () => {
    const topics: Reply = {
      kind: 'topics',
      topics: [{ id: 'sanctions', name: 'Sanctions and their many types', claims: 3 }],
    }
    expect(renderTerminal(topics, { color: false, width: 20 })).toBe(
      '• Sanctions and\n  their many types\n  (3)',
    )
    expect(renderTerminal(topics, PLAIN)).toBe('• Sanctions and their many types (3)')
  })

  it('says how to see more results in the words it is given', () => {
    expect(
      renderTerminal(answered([IRAN], { hasMore: true }), PLAIN, 1, 'add --page 2')
        .split('\n')
        .at(-1),
    ).toBe('More results: add --page 2')
  })
})

describe('stripping control characters', () => {
  it('removes C0 and C1 controls and DEL but keeps tabs, newlines and ordinary text', () => {
    expect(stripControls('a\u0000b\u0007c\u001bd\u007fe\u009bf\tg\nh’é')).toBe('abcdef\tg\nh’é')
  })
})
