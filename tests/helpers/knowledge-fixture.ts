/**
 * A small knowledge directory for tests, written to a temporary folder: two short documents with the same
 * kinds of damage the real sources have, their cleaned text, an alias table, topics and claims.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { buildAliasTable } from '../../src/answer/aliases.ts'
import { prepareSource, toYaml, writeSource } from '../../src/knowledge/add-source.ts'
import { loadDictionary } from '../../src/knowledge/clean/dictionary.ts'
import { type KnowledgeLayout, knowledgeLayout } from '../../src/knowledge/layout.ts'

export const PRESSURE_DOC = `Pressure On The Partnership
The partnership between Russia and North Korea worries Washington.This article looks at sanctions.
Sanctions And Their Types

Washington must adopt comprehensive strategies directed at both regimes. Options include:
- < strong >Asset Freezes : strong >Target individuals linked directly to finance and military sectors. li >
- < strong >Trade Embargoes : strong >Limit beneficial trades impacting defense industries. li >
Country | Main Contribution |
---|---|
Iran | Oil and energy trade |
North Korea | Arms and technology transfer |
`

export const ENGAGEMENT_DOC = `Talks and â˘trust matter more than⢠pressure. Some analysts argue that dialogue with Pyongyang could open a path to arms control.
Diplomatic Avenues

- Direct Talks: Building trust and clarifying intentions through direct talks could reduce the risk of escalation.
- Humanitarian Cooperation: Collaborative efforts in humanitarian assistance can serve as a confidence-building measure.
`

export const ALIASES = {
  entities: [
    { id: 'north-korea', name: 'North Korea', kind: 'country', aliases: ['DPRK', 'Pyongyang', 'N. Korea'] },
    { id: 'russia', name: 'Russia', kind: 'country', aliases: ['Moscow', 'Kremlin'] },
    { id: 'iran', name: 'Iran', kind: 'country', aliases: ['Tehran', 'Iranian'] },
    { id: 'united-states', name: 'United States', kind: 'country', aliases: ['US', 'U.S.', 'Washington'] },
  ],
  terms: [
    { id: 'sanctions', aliases: ['sanction', 'embargo', 'embargoes', 'restrictions'] },
    { id: 'dialogue', aliases: ['talks', 'negotiation', 'negotiations'] },
    { id: 'weapons', aliases: ['arms', 'munitions'] },
    { id: 'contribution', aliases: ['contribute', 'contributes', 'provide', 'provides'] },
  ],
}

export const TOPICS = {
  topics: [
    { id: 'sanctions', name: 'Sanctions' },
    { id: 'diplomacy', name: 'Diplomacy and dialogue' },
    { id: 'economic-cooperation', name: 'Economic cooperation and trade' },
    { id: 'humanitarian', name: 'Humanitarian cooperation' },
  ],
}

type ClaimInput = Record<string, unknown>

export const PRESSURE_CLAIMS: ClaimInput[] = [
  {
    id: 'pressure/comprehensive-strategies',
    section: 'Sanctions And Their Types',
    quote: 'Washington must adopt comprehensive strategies directed at both regimes.',
    statement:
      'Washington must adopt comprehensive strategies directed at both the Russian and North Korean regimes.',
    topics: ['sanctions'],
    entities: ['united-states', 'russia', 'north-korea'],
    questions: [
      'What must Washington do about Russia and North Korea?',
      'How should the US respond to both regimes?',
    ],
    stance: 'pressure',
  },
  {
    id: 'pressure/asset-freezes',
    section: 'Sanctions And Their Types',
    quote: 'Asset Freezes: Target individuals linked directly to finance and military sectors.',
    statement: 'Asset freezes would target individuals linked directly to the finance and military sectors.',
    topics: ['sanctions'],
    entities: [],
    questions: ['Who would asset freezes target?', 'What kind of individuals do asset freezes hit?'],
    stance: 'pressure',
  },
  {
    id: 'pressure/trade-embargoes',
    section: 'Sanctions And Their Types',
    quote: 'Trade Embargoes: Limit beneficial trades impacting defense industries.',
    statement: 'Trade embargoes would limit beneficial trade that supports defense industries.',
    topics: ['sanctions'],
    entities: [],
    questions: ['What would trade embargoes limit?', 'How do trade embargoes affect defense industries?'],
    stance: 'pressure',
  },
  {
    id: 'pressure/iran-oil',
    section: 'Sanctions And Their Types',
    quote: 'Iran | Oil and energy trade',
    statement: 'Iran’s main contribution is oil and energy trade.',
    topics: ['economic-cooperation'],
    entities: ['iran'],
    questions: ['What is Iran’s main contribution?', 'Does Iran supply oil to the partnership?'],
  },
  {
    id: 'pressure/north-korea-arms',
    section: 'Sanctions And Their Types',
    quote: 'North Korea | Arms and technology transfer',
    statement: 'North Korea’s main contribution is arms and technology transfer.',
    topics: ['economic-cooperation'],
    entities: ['north-korea'],
    questions: ['What is North Korea’s main contribution?', 'Does North Korea transfer technology?'],
  },
]

export const ENGAGEMENT_CLAIMS: ClaimInput[] = [
  {
    id: 'engagement/dialogue-arms-control',
    section: 'Introduction',
    quote: 'Some analysts argue that dialogue with Pyongyang could open a path to arms control.',
    statement: 'Some analysts argue that dialogue with North Korea could open a path to arms control.',
    topics: ['diplomacy'],
    entities: ['north-korea'],
    questions: [
      'Could dialogue with North Korea lead to arms control?',
      'Is there a case for negotiating with Pyongyang?',
    ],
    stance: 'engagement',
  },
  {
    id: 'engagement/direct-talks',
    section: 'Diplomatic Avenues',
    quote:
      'Direct Talks: Building trust and clarifying intentions through direct talks could reduce the risk of escalation.',
    statement: 'Direct talks could build trust, clarify intentions and reduce the risk of escalation.',
    topics: ['diplomacy'],
    entities: [],
    questions: ['What would direct talks achieve?', 'Can talks reduce the risk of escalation?'],
    stance: 'engagement',
  },
  {
    id: 'engagement/humanitarian-cooperation',
    section: 'Diplomatic Avenues',
    quote:
      'Humanitarian Cooperation: Collaborative efforts in humanitarian assistance can serve as a confidence-building measure.',
    statement: 'Collaboration on humanitarian assistance can serve as a confidence-building measure.',
    topics: ['humanitarian'],
    entities: [],
    questions: [
      'How can humanitarian assistance build confidence?',
      'What role does humanitarian cooperation play?',
    ],
    stance: 'engagement',
  },
]

/** Write a fresh fixture knowledge directory; `claims` lets a test replace either document's claims. */
export async function writeKnowledgeFixture(
  claims: { pressure?: ClaimInput[]; engagement?: ClaimInput[] } = {},
): Promise<KnowledgeLayout> {
  const root = join(mkdtempSync(join(tmpdir(), 'cited-answers-kb-')), 'knowledge')
  // messages name files as a curator working in the folder above sees them: knowledge/claims/…
  const layout = knowledgeLayout(root, dirname(root))
  const dictionary = await loadDictionary()
  const aliases = buildAliasTable(ALIASES.entities as never, ALIASES.terms)
  const docs: Array<[string, string, string, boolean]> = [
    ['pressure', PRESSURE_DOC, 'Pressure On The Partnership', false],
    ['engagement', ENGAGEMENT_DOC, 'The Case For Engagement', true],
  ]
  for (const [id, text, title, titleSupplied] of docs) {
    const file = join(root, '..', `${id}.txt`)
    writeFileSync(file, text)
    const prepared = prepareSource(Buffer.from(text), file, { id, title, titleSupplied }, dictionary)
    writeSource(layout, prepared, aliases)
  }
  rmSync(layout.draftsDir, { recursive: true, force: true })
  mkdirSync(layout.claimsDir, { recursive: true })
  writeFileSync(layout.aliasesFile, toYaml(ALIASES))
  writeFileSync(layout.topicsFile, toYaml(TOPICS))
  writeFileSync(
    join(layout.claimsDir, 'pressure.yaml'),
    toYaml({ source: 'pressure', claims: claims.pressure ?? PRESSURE_CLAIMS }),
  )
  writeFileSync(
    join(layout.claimsDir, 'engagement.yaml'),
    toYaml({ source: 'engagement', claims: claims.engagement ?? ENGAGEMENT_CLAIMS }),
  )
  return layout
}

/** A copy of a fixture knowledge directory in a fresh temporary folder, for a test to damage. */
export function copyKnowledgeFixture(layout: KnowledgeLayout): KnowledgeLayout {
  const root = join(mkdtempSync(join(tmpdir(), 'cited-answers-kb-')), 'knowledge')
  cpSync(layout.root, root, { recursive: true })
  return knowledgeLayout(root, dirname(root))
}

/** Delete a fixture written by `writeKnowledgeFixture` or `copyKnowledgeFixture`, with its temporary folder. */
export function removeKnowledgeFixture(layout: KnowledgeLayout): void {
  rmSync(dirname(layout.root), { recursive: true, force: true })
}
