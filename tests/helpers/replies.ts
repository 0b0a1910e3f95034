/** Builders of the core's replies, for the renderers' exact-output tests. */
import type { Reply } from '../../src/commands.ts'
import type { Answer, Match, Stance } from '../../src/types.ts'

/** where a test's matches come from: the source, its title and section, and the claims' topics and entities */
export interface MatchOrigin {
  source: string
  title: string
  section: string
  topics: string[]
  entities: string[]
}

/** A match of a claim whose quote is `quote`, cited to `origin`. */
export function makeMatch(
  origin: MatchOrigin,
  id: string,
  statement: string,
  quote: string,
  stance?: Stance,
): Match {
  const { source, title, section, topics, entities } = origin
  return {
    claim: {
      id,
      statement,
      quote,
      source,
      section,
      topics,
      entities,
      questions: [],
      ...(stance ? { stance } : {}),
    },
    citation: { source, title, section, quote },
    corroborations: [],
    score: 0.9,
  }
}

/** The table of contributions in the shipped "new coalition" article, where the renderers' matches come from. */
export const COALITION_TITLE = 'The Shifting Dynamics of Global Alliances: A New Coalition Emerges'
export const COALITION_SECTION = 'Economic And Military Collaboration With Russia'
const COALITION: MatchOrigin = {
  source: 'new-coalition',
  title: COALITION_TITLE,
  section: COALITION_SECTION,
  topics: ['energy'],
  entities: ['iran'],
}

/** A match of a claim cited to the contributions table. */
export const coalitionMatch = (id: string, statement: string, quote: string, stance?: Stance) =>
  makeMatch(COALITION, id, statement, quote, stance)

/** The answer to "what does iran contribute?" */
export const IRAN_MATCH = coalitionMatch(
  'new-coalition/iran-oil-energy-trade',
  'In the collaboration with Russia, Iran’s main contribution is oil, and its area of cooperation is energy trade.',
  'IRAN | Oil | Energy Trade',
)

/** A match of a claim cited to a second article, for answers that two documents corroborate. */
export const SECOND_TITLE = 'Russia and North Korea: What It Means for the US and China'
export const SECOND_SECTION = 'Economic Cooperation'
export const secondArticleMatch = (id: string, statement: string, quote: string) =>
  makeMatch(
    {
      source: 'second',
      title: SECOND_TITLE,
      section: SECOND_SECTION,
      topics: ['energy'],
      entities: ['iran'],
    },
    id,
    statement,
    quote,
  )

/** `match`, with `others` making the same point (its `sameAs`). */
export const corroborated = (match: Match, ...others: Match[]): Match => ({
  ...match,
  corroborations: others.map(({ claim, citation }) => ({ claim, citation })),
})

/** The answer to "what does iran contribute?" made by both articles. */
export const IRAN_CORROBORATED = corroborated(
  IRAN_MATCH,
  secondArticleMatch('second/iran-oil', 'Iran supplies Russia with oil.', 'Iran supplies oil to Russia.'),
)

/** The reply to "what does iran contribute?" answered with `matches`. */
export const answeredReply = (
  matches: Match[],
  extra: Partial<Extract<Answer, { kind: 'answered' }>> = {},
): Reply => ({
  kind: 'answer',
  answer: {
    kind: 'answered',
    question: 'what does iran contribute?',
    matches,
    perspectives: false,
    hasMore: false,
    ...extra,
  },
})

/** The reply declining "what is north korea's population?", with the nearest topics and a question to ask. */
export const noAnswerReply = (extra: Partial<Extract<Answer, { kind: 'no-answer' }>> = {}): Reply => ({
  kind: 'answer',
  answer: {
    kind: 'no-answer',
    question: "what is north korea's population?",
    reason: 'not-found',
    suggestions: [
      { id: 'sanctions', name: 'Sanctions' },
      { id: 'multilateralism', name: 'Multilateral cooperation' },
    ],
    related: ['Should the US coordinate sanctions with Europe and Asian partners?'],
    ...extra,
  },
})

/** A passage drafted from a team's handbook that no curator has reviewed: its statement is the passage. */
export const HANDBOOK_TITLE = 'Leave types'
export const HANDBOOK_SECTION = 'Annual leave'
export const UNREVIEWED_PASSAGE =
  'You can carry over a maximum of 240 annual leave hours, from one leave year to the next.'
export const UNREVIEWED_MATCH: Match = (() => {
  const match = makeMatch(
    { source: 'leave', title: HANDBOOK_TITLE, section: HANDBOOK_SECTION, topics: [], entities: [] },
    'leave/you-can-carry-over-a',
    UNREVIEWED_PASSAGE,
    UNREVIEWED_PASSAGE,
  )
  return { ...match, claim: { ...match.claim, reviewed: false } }
})()
