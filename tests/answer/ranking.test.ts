/**
 * How candidates are weighed against each other and when none is good enough, on knowledge bases built here
 * so that each test isolates one rule of `src/answer/ask.ts`.
 */
import { describe, expect, it } from 'vitest'
import { buildAliasTable } from '../../src/answer/aliases.ts'
import { analyzeField } from '../../src/answer/analyze.ts'
import { questionUnits } from '../../src/answer/answer-index.ts'
import { ask } from '../../src/answer/ask.ts'
import { DEFAULT_CONFIG, type MatchingConfig } from '../../src/answer/config.ts'
import { assembleKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { Answer, Claim, Entity, SourceInfo, TermGroup } from '../../src/types.ts'

const SOURCE: SourceInfo = {
  id: 'notes',
  title: 'Notes',
  titleSupplied: false,
  origin: { file: 'notes.txt', startLine: 1, endLine: 1, startByte: 0, endByte: 0 },
  sha256: '0'.repeat(64),
}

function claim(id: string, statement: string, questions: string[]): Claim {
  return {
    id,
    statement,
    quote: statement,
    source: 'notes',
    section: 'Notes',
    topics: [],
    entities: [],
    questions,
  }
}

/** claims no test question is about, so that the words the tests use are rare in the knowledge base */
const FILLER = [
  claim('filler-harvest', 'Farmers brought in the harvest early.', ['when was the harvest', 'farm work']),
  claim('filler-river', 'The river flooded the valley.', ['did the valley flood', 'river levels']),
  claim('filler-choir', 'The choir rehearsed twice weekly.', [
    'choir rehearsals',
    'how often does the choir sing',
  ]),
]

function knowledgeBase(
  claims: Claim[],
  terms: TermGroup[] = [],
  change: Partial<MatchingConfig> = {},
  entities: Entity[] = [],
) {
  const parts = { sources: [SOURCE], claims: [...claims, ...FILLER], topics: [], entities, terms }
  return assembleKnowledgeBase(parts, undefined, { ...DEFAULT_CONFIG, ...change })
}

const ids = (answer: Answer) =>
  answer.kind === 'answered' ? answer.matches.map((match) => match.claim.id) : []
const first = (question: string, kb: KnowledgeBase) => ids(ask(question, kb))[0]

/** the words of a question that count, as the user wrote them */
const writtenUnits = (question: string, kb: KnowledgeBase) =>
  questionUnits(question, kb.index).map((unit) => unit.written)

describe('words asked next to each other', () => {
  // both claims hold both words in the same fields; only one holds them side by side, in either order
  const apart = claim('apart', 'Economic ties grew while interdependence faded.', [
    'economic',
    'interdependence',
  ])
  // not worded as the question asked of it, which its claim would answer first for that alone
  const together = claim('together', 'Interdependence grew while economic ties faded.', [
    'interdependence and the economic',
  ])
  const reversed = claim('reversed', 'Ties grew while the interdependence economic planners feared faded.', [
    'economic',
    'interdependence',
  ])

  it('reads a text in order, a name of several words as one term and stop words left out', () => {
    const aliases = buildAliasTable(
      [{ id: 'north-korea', name: 'North Korea', kind: 'country', aliases: ['DPRK'] }],
      [],
    )
    const { terms, sequence } = analyzeField('Is North Korea’s economic interdependence growing?', aliases)
    expect(sequence).toEqual(['@north-korea', 'econom', 'interdepend', 'grow'])
    // the words of a name are terms too, as in the index, but not neighbours of the words around the name
    expect(terms).toEqual(['@north-korea', 'north', 'korea', 'econom', 'interdepend', 'grow'])
  })

  it('ranks the claim holding the pair as written first', () => {
    const kb = knowledgeBase([apart, together])
    expect(first('economic interdependence', kb)).toBe('together')
  })

  it('counts the pair in either order', () => {
    const kb = knowledgeBase([apart, reversed])
    expect(first('economic interdependence', kb)).toBe('reversed')
  })

  it("reads a claim's pairs with the alias table of the knowledge base asked", () => {
    const levies: TermGroup[] = [{ id: 'tariff', aliases: ['levy', 'levies'] }]
    // read without the synonym, "whole"'s question would hold no more of the question's pairs than "scattered"'s
    const scattered = claim('scattered', 'Exports rose last spring.', ['pipeline evasion', 'tariff rates'])
    const whole = claim('whole', 'Shipments grew in winter.', ['pipeline tariff evasion'])
    // asked first of a knowledge base without the synonym (which declines it), then of one with it, holding
    // the same claims
    expect(ask('pipeline levy evasion', knowledgeBase([scattered, whole])).kind).toBe('no-answer')
    expect(first('pipeline levy evasion', knowledgeBase([scattered, whole], levies))).toBe('whole')
    expect(
      first('pipeline levy evasion', knowledgeBase([scattered, whole], levies, { wordPairBonus: 0 })),
    ).toBe('scattered')
  })

  it('is what breaks the tie: without the bonus, the claims score alike and keep their order', () => {
    const kb = knowledgeBase([apart, together], [], { wordPairBonus: 0 })
    expect(first('economic interdependence', kb)).toBe('apart')
  })
})

describe('a synonym typed as a phrase', () => {
  const terms: TermGroup[] = [{ id: 'dialogue', aliases: ['talks', 'back channel'] }]
  // both claims name the dialogue in every field, one in the words of the question
  const talks = claim('talks', 'Formal talks resumed.', ['did the talks resume'])
  const backChannel = claim('back-channel', 'A back channel stayed open.', ['is the back channel open'])

  it('prefers the claim that uses the very words of the phrase', () => {
    expect(first('back channel', knowledgeBase([talks, backChannel], terms))).toBe('back-channel')
  })

  it('still finds the claim that only uses a synonym', () => {
    expect(ids(ask('back channel', knowledgeBase([talks, backChannel], terms)))).toContain('talks')
  })
})

describe('how much of the question a claim must hold', () => {
  const covering = claim('covering', 'Pipeline tariffs doubled.', ['pipeline tariffs'])

  it('answers when the claim holds every word', () => {
    expect(first('pipeline tariffs', knowledgeBase([covering]))).toBe('covering')
  })

  it('declines when the question adds a word the documents never use', () => {
    const kb = knowledgeBase([covering])
    expect(ask('pipeline tariffs zorblatt', kb).kind).toBe('no-answer')
    // counted as half a word the documents do use, the unknown word would leave the claim enough
    const lenient = knowledgeBase([covering], [], { unknownWordCoverage: 0.5 })
    expect(first('pipeline tariffs zorblatt', lenient)).toBe('covering')
  })

  it('counts a word framing the question ("affect", "role") for less than a word of its subject', () => {
    const exports = claim('exports', 'Pipeline tariffs cut grain exports by half.', ['grain exports'])
    const kb = knowledgeBase([exports, covering])
    expect(first('how did pipeline tariffs affect grain exports', kb)).toBe('exports')
    const framed = 'how significant was the impact of pipeline tariffs on grain exports'
    expect(first(framed, kb)).toBe('exports')
    // counted in full, the frame words leave the claim too little of the question
    const framesInFull = knowledgeBase([exports, covering], [], { frameWordCoverage: 1 })
    expect(ask(framed, framesInFull).kind).toBe('no-answer')
  })
})

describe('words that carry no subject', () => {
  it.each(['doesnt', 'dont', 'isnt', 'wont', 'cant', 'didnt', 'btwn'])(
    'ignores "%s", a contraction or shorthand typed without its apostrophe',
    (word) => {
      const kb = knowledgeBase([claim('covering', 'Pipeline tariffs doubled.', ['pipeline tariffs'])])
      expect(writtenUnits(`what if the pipeline ${word} respond`, kb)).toEqual(['pipeline', 'respond'])
    },
  )

  it('ignores quantifiers, which stemming would otherwise make other words ("several" → "sever")', () => {
    const kb = knowledgeBase([claim('sever', 'Both sides may sever ties.', ['will they sever ties'])])
    expect(ask('several', kb)).toMatchObject({ kind: 'no-answer', reason: 'no-question' })
    expect(first('sever ties', kb)).toBe('sever')
  })
})

describe('claims that make the same point (sameAs)', () => {
  const ours = claim('ours', 'Pipeline tariffs doubled last year.', ['did pipeline tariffs double'])
  const theirs = claim('theirs', 'Pipeline duties have doubled.', ['have pipeline duties doubled'])
  const third = claim('third', 'Pipeline tariffs are twice what they were.', [
    'pipeline tariffs twice as high',
  ])
  const corroborating = (answer: Answer) =>
    answer.kind === 'answered'
      ? answer.matches.map((match) => [
          match.claim.id,
          ...match.corroborations.map((other) => other.claim.id),
        ])
      : []

  it('gives them as one answer, the best scoring first, citing each passage', () => {
    const kb = knowledgeBase([ours, { ...theirs, sameAs: ['ours'] }])
    expect(corroborating(ask('has pipeline doubled', kb))).toEqual([['ours', 'theirs']])
    // cited even when the question's words are only in the best one
    const answer = ask('did pipeline tariffs double', kb)
    expect(corroborating(answer)).toEqual([['ours', 'theirs']])
    expect(answer.kind === 'answered' && answer.matches[0]?.corroborations[0]?.citation.quote).toBe(
      theirs.statement,
    )
  })

  it('reads sameAs both ways and through a chain, whichever claim lists it', () => {
    const kb = knowledgeBase([{ ...ours, sameAs: ['theirs'] }, theirs, { ...third, sameAs: ['theirs'] }])
    expect(corroborating(ask('pipeline duties', kb))).toEqual([['theirs', 'ours', 'third']])
    expect(corroborating(ask('pipeline tariffs twice as high', kb))).toEqual([['third', 'ours', 'theirs']])
  })

  it('without sameAs, lists them as separate answers', () => {
    expect(corroborating(ask('has pipeline doubled', knowledgeBase([ours, theirs])))).toEqual([
      ['ours'],
      ['theirs'],
    ])
  })
})

describe('a question asking for the names of several things of one kind', () => {
  const entities = [
    { id: 'iran', name: 'Iran', kind: 'country', aliases: [] },
    { id: 'china', name: 'China', kind: 'country', aliases: [] },
    { id: 'russia', name: 'Russia', kind: 'country', aliases: [] },
    { id: 'opec', name: 'OPEC', kind: 'organization', aliases: [] },
  ]
  const withEntities = (claims: Claim[]) => knowledgeBase(claims, [], {}, entities)
  const suppliers = {
    ...claim('suppliers', 'Iran and China are the countries that supply Russia with fuel.', [
      'who supplies russia with fuel',
      'fuel suppliers of russia',
    ]),
    entities: ['iran', 'china', 'russia'],
  }
  // holds the very question, yet names no country but the one asked about
  const vague = {
    ...claim('vague', 'Several OPEC countries supply Russia with fuel.', [
      'which countries supply russia with fuel',
      'does opec supply russia with fuel',
    ]),
    entities: ['opec', 'russia'],
  }

  it('is answered by a claim naming two of them besides those asked about', () => {
    expect(first('which countries supply russia with fuel', withEntities([suppliers, vague]))).toBe(
      'suppliers',
    )
  })

  it('is declined when the claims only mention the subject', () => {
    expect(ask('which countries in opec supply russia with fuel', withEntities([vague])).kind).toBe(
      'no-answer',
    )
    expect(ask('which companies supply russia with fuel', withEntities([suppliers, vague])).kind).toBe(
      'no-answer',
    )
  })

  it('does not apply to a question about one of them', () => {
    expect(first('does opec supply russia with fuel', withEntities([vague]))).toBe('vague')
  })
})

describe('a claim about a country the question does not name', () => {
  const entities = [
    { id: 'iran', name: 'Iran', kind: 'country', aliases: [] },
    { id: 'russia', name: 'Russia', kind: 'country', aliases: [] },
    { id: 'france', name: 'France', kind: 'country', aliases: [] },
  ]
  const withEntities = (claims: Claim[], change: Partial<MatchingConfig> = {}) =>
    knowledgeBase(claims, [], change, entities)
  // both hold every word of the question; the first is France's reading of it, the second Iran's own
  const observer = {
    ...claim('observer', 'France warns that Iran sells Russia fuel to keep its economy afloat.', [
      'why does iran sell fuel to russia',
      'fuel sales to russia',
    ]),
    entities: ['france', 'iran', 'russia'],
  }
  const actor = {
    ...claim('actor', 'Iran sells Russia fuel to keep its economy afloat.', ['iran fuel sales to russia']),
    entities: ['iran', 'russia'],
  }
  const question = 'why does iran sell russia fuel'

  it('comes after one about the countries asked about', () => {
    expect(first(question, withEntities([observer, actor]))).toBe('actor')
  })

  it('is what decides it: without the factor the other comes first', () => {
    expect(first(question, withEntities([observer, actor], { otherSubjectFactor: 1 }))).toBe('observer')
  })

  it('is not held against a claim when the question names no country', () => {
    const general = claim('general', 'Selling fuel keeps an economy afloat.', [
      'what keeps an economy afloat',
    ])
    // however heavily it would count against it
    const kb = withEntities([observer, general], { otherSubjectFactor: 0.01 })
    expect(first('fuel sales to keep an economy afloat', kb)).toBe('observer')
  })
})

describe('a claim about another entity of any kind than the one asked about', () => {
  // a team's handbook: its entities are systems and teams, not countries
  const entities = [
    { id: 'concur', name: 'Concur', kind: 'system', aliases: [] },
    { id: 'payroll', name: 'Payroll', kind: 'organization', aliases: [] },
  ]
  const viaPayroll = {
    // its example question holds the words asked more nearly than the other's
    ...claim('via-payroll', 'Payroll refunds Concur travel costs within ten days.', [
      'how concur refunds travel costs',
    ]),
    entities: ['payroll', 'concur'],
  }
  const viaConcur = {
    ...claim('via-concur', 'Concur refunds travel costs within ten days.', [
      'refund timing',
      'ten day refunds',
    ]),
    entities: ['concur'],
  }

  it('comes after one about the entity asked about', () => {
    const kb = knowledgeBase([viaPayroll, viaConcur], [], {}, entities)
    expect(first('how does concur refund travel costs', kb)).toBe('via-concur')
    const alike = knowledgeBase([viaPayroll, viaConcur], [], { otherSubjectFactor: 1 }, entities)
    expect(first('how does concur refund travel costs', alike)).toBe('via-payroll')
  })
})

describe('the share of the question a claim holds, in ranking', () => {
  // "partial" holds the rarer word of the question in every field; "whole" holds both words, each once
  const partial = claim('partial', 'Smuggling is rife.', ['how rife is smuggling', 'smuggling worries'])
  const whole = claim('whole', 'Officials watch closely.', ['is smuggling watched', 'what about the routes'])
  const routes = [
    claim('routes-a', 'Shipping routes moved north.', ['where did shipping routes move']),
    claim('routes-b', 'Trade routes were closed.', ['were trade routes closed']),
  ]
  const question = 'smuggling routes'

  it('puts the claim that holds every word first', () => {
    expect(first(question, knowledgeBase([partial, whole, ...routes]))).toBe('whole')
  })

  it('is what decides it: by score alone the other comes first', () => {
    const byScore = knowledgeBase([partial, whole, ...routes], [], {
      coverageRankExponent: 0,
      minCoverage: 0.5,
    })
    expect(first(question, byScore)).toBe('partial')
  })
})

describe('a term that frames the question', () => {
  const freezes = claim('freezes', 'Asset freezes target officials.', ['who do asset freezes target'])
  const gist = (frames: boolean): TermGroup[] => [{ id: 'conclusion', aliases: ['bottom line'], frames }]

  it('counts for less, so that the subject it frames is still answered', () => {
    expect(first('bottom line on asset freezes', knowledgeBase([freezes], gist(true)))).toBe('freezes')
  })

  it('is what decides it: counted as a subject, the claim holds too little of the question', () => {
    expect(ask('bottom line on asset freezes', knowledgeBase([freezes], gist(false))).kind).toBe('no-answer')
  })
})

describe('a misspelt filler word', () => {
  const kb = knowledgeBase([
    claim('freezes', 'Asset freezes target officials.', ['who do asset freezes target']),
  ])
  const written = (question: string) => writtenUnits(question, kb)

  it('is read as the filler word, not as a word the documents lack', () => {
    expect(written('who wuold asset freezes target')).toEqual(['asset', 'freezes', 'target'])
    expect(written('waht do asset freezes target')).toEqual(['asset', 'freezes', 'target'])
  })

  it('is filler when it only asks for what is new ("any news on…", "latest on…")', () => {
    // "news" would otherwise be stemmed to "new"
    expect(written('any news on asset freezes')).toEqual(['asset', 'freezes'])
    expect(written('latest on asset freezes')).toEqual(['asset', 'freezes'])
  })

  it('is filler in the plural as in the singular', () => {
    expect(written('what kinds of asset freezes')).toEqual(['asset', 'freezes'])
    expect(written('what sorts of asset freezes')).toEqual(['asset', 'freezes'])
  })

  it('is not made of a real word that is one letter from a filler word', () => {
    // "form" is "from" with two letters swapped, and a word of its own
    expect(written('what form do asset freezes take')).toEqual(['form', 'asset', 'freezes', 'take'])
  })
})

describe('a question asking what a budget is', () => {
  const review = claim('review', 'Defence budgets are under review.', ['are defence budgets under review'])
  const figure = claim('figure', 'The defence budget is 40 billion.', ['how big is the defence budget'])

  it('is answered only by a claim that states a figure', () => {
    expect(ask("what's the defence budget", knowledgeBase([review]))).toMatchObject({ kind: 'no-answer' })
    expect(first("what's the defence budget", knowledgeBase([review, figure]))).toBe('figure')
  })

  it('leaves other questions about budgets to any claim', () => {
    expect(first('are defence budgets under review', knowledgeBase([review]))).toBe('review')
  })
})

describe('the framing of a question', () => {
  // curators write "is it true…" and "what does the piece say…" questions for some claims and not others
  const tightened = claim('tightened', 'Sanctions were tightened in spring.', [
    'is it true that sanctions were tightened',
    'what does the piece say about sanctions',
  ])
  const resumed = claim('resumed', 'Direct talks resumed in autumn.', ['did direct talks resume'])
  const kb = knowledgeBase([tightened, resumed])

  it.each([
    'is it true that direct talks resumed',
    'what does the piece say about direct talks resuming',
    'according to the author, did direct talks resume',
  ])('is not a word of the subject: "%s"', (question) => {
    expect(writtenUnits(question, kb)).toEqual(['direct', 'talks', expect.stringMatching(/^resum/)])
    expect(first(question, kb)).toBe('resumed')
  })
})

describe('a question a claim lists word for word among its example questions', () => {
  // every claim holds the question's words and states a number; only one lists the question itself
  const days = claim('days', 'Staff earn 4 vacation days a year in their first job.', [
    'how many vacation days do we get',
  ])
  const carry = claim('carry', 'Staff can carry over 5 vacation days we get each year into the next.', [
    'vacation days carried over',
    'how many days we get to carry',
  ])
  const cap = claim('cap', 'Staff get at most 30 vacation days, however many days they earn.', [
    'most vacation days',
    'vacation days cap',
  ])

  it('is answered by that claim first, however the others score', () => {
    expect(first('How many vacation days do we get?', knowledgeBase([carry, cap, days]))).toBe('days')
  })

  it('is still held to what the question asks for: a claim stating no number does not answer "how many"', () => {
    const vague = claim('vague', 'Staff value their vacation days.', ['how many vacation days do we get'])
    expect(first('How many vacation days do we get?', knowledgeBase([carry, vague]))).toBe('carry')
  })
})

describe('a word saying which side of the subject is asked, which the documents never use', () => {
  const leave = claim('leave', 'Staff get 12 weeks of parental leave after a birth or an adoption.', [
    'how much parental leave do staff get',
    'parental leave after an adoption',
  ])

  it('does not sink a question whose subject the claim holds', () => {
    expect(first('parental leave length', knowledgeBase([leave]))).toBe('leave')
    expect(first('parental leave eligibility', knowledgeBase([leave]))).toBe('leave')
  })

  it('is not a name the documents lack: that still makes the question one they do not answer', () => {
    expect(ask('parental leave Wexlerbrook', knowledgeBase([leave])).kind).toBe('no-answer')
  })
})
