import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CitedAnswersError } from '../../src/errors.ts'
import { auditCoverage, auditQuestionWords, checkKnowledge } from '../../src/knowledge/audit.ts'
import { loadDictionary } from '../../src/knowledge/clean/dictionary.ts'
import { formatIssue, type KnowledgeIssue } from '../../src/knowledge/issues.ts'
import type { KnowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { readKnowledge } from '../../src/knowledge/read.ts'
import {
  copyKnowledgeFixture,
  PRESSURE_CLAIMS,
  removeKnowledgeFixture,
  writeKnowledgeFixture,
} from '../helpers/knowledge-fixture.ts'

type ClaimInput = Record<string, unknown>

const CLAIMS = 'knowledge/claims/pressure.yaml'
const FIRST = 'claim "pressure/comprehensive-strategies"'
const SCHEMA_FIX =
  'Fix: make the field match the schema in src/knowledge/schema.ts (see "Knowledge files" in the README)'

const [strategies, freezes, embargoes, iran, northKorea] = PRESSURE_CLAIMS as [
  ClaimInput,
  ClaimInput,
  ClaimInput,
  ClaimInput,
  ClaimInput,
]
/** the pressure claims with the first one changed */
const withFirst = (changes: ClaimInput): ClaimInput[] => [
  { ...strategies, ...changes },
  freezes,
  embargoes,
  iran,
  northKorea,
]
const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8')
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`)
  writeFileSync(file, text.replace(from, to))
}

let pristine: KnowledgeLayout
let dictionary: ReadonlySet<string>
const written: KnowledgeLayout[] = []

beforeAll(async () => {
  dictionary = await loadDictionary()
  pristine = await writeKnowledgeFixture()
})
afterAll(() => {
  for (const layout of [pristine, ...written]) removeKnowledgeFixture(layout)
})

/** a fixture knowledge directory with the pressure claims replaced, or the pristine one copied and damaged */
async function damaged(pressure?: ClaimInput[], damage?: (layout: KnowledgeLayout) => void) {
  const layout = pressure ? await writeKnowledgeFixture({ pressure }) : copyKnowledgeFixture(pristine)
  written.push(layout)
  damage?.(layout)
  return layout
}

/** every problem `npm run kb -- check` reports, in its order */
const checkAll = (layout: KnowledgeLayout): KnowledgeIssue[] => checkKnowledge(layout, dictionary).issues

const lines = (layout: KnowledgeLayout) => checkAll(layout).map(formatIssue)

describe('the fixture knowledge base', () => {
  it('passes every check', () => {
    expect(checkAll(pristine)).toEqual([])
  })
})

describe('each problem the checker reports names the file, the claim, what is wrong and the fix', () => {
  it('reports a missing field', async () => {
    const { statement: _, ...claim } = strategies
    const layout = await damaged([claim, freezes, embargoes, iran, northKorea])
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: claims.0.statement: Invalid input: expected string, received undefined. ${SCHEMA_FIX}`,
    ])
  })

  it('reports a field of the wrong type', async () => {
    const layout = await damaged(withFirst({ topics: 'sanctions' }))
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: claims.0.topics: Invalid input: expected array, received string. ${SCHEMA_FIX}`,
    ])
  })

  it('reports an unknown field, naming the claim by its position when it has no id', async () => {
    const { id: _, ...claim }: ClaimInput = { ...strategies, comment: 'a note' }
    const layout = await damaged([freezes, claim, embargoes, iran, northKorea])
    const issues = lines(layout)
    expect(issues).toContain(
      `${CLAIMS}, claim #2: claims.1.id: Invalid input: expected string, received undefined. ${SCHEMA_FIX}`,
    )
    expect(issues).toContain(`${CLAIMS}, claim #2: claims.1: Unrecognized key: "comment". ${SCHEMA_FIX}`)
  })

  it('reports a statement too long to be one, and an example question too long to be asked', async () => {
    const layout = await damaged(
      withFirst({
        statement: `Washington must adopt comprehensive strategies${' and more'.repeat(200)}.`,
        questions: [
          'How should the US respond to both regimes?',
          `What should Washington do ${'now '.repeat(80)}?`,
        ],
      }),
    )
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: statement is 1847 characters long; at most 1000 are taken. Fix: shorten the statement`,
      `${CLAIMS}, ${FIRST}: example question is 347 characters long; at most 300 are taken. Fix: shorten the example question`,
    ])
  })

  it('names a claims file that is a folder, or a knowledge file too large, and what to do, never a stack trace', async () => {
    const layout = await damaged(undefined, (l) => {
      rmSync(join(l.claimsDir, 'engagement.yaml'))
      mkdirSync(join(l.claimsDir, 'engagement.yaml'))
      writeFileSync(l.topicsFile, `topics: []\n#${'x'.repeat(9 * 1024 * 1024)}\n`)
    })
    const issues = lines(layout)
    expect(issues).toContain(
      'knowledge/claims/engagement.yaml: is a folder, not a file. Fix: put the file there in its place',
    )
    expect(issues).toContain(
      'knowledge/topics.yaml: is 9437197 bytes; a knowledge file may hold up to 8388608. Fix: split the document with `kb add --lines`, or the claims over several sources',
    )
  })

  it('reports a claim with fewer than two questions', async () => {
    const layout = await damaged(withFirst({ questions: ['How should the US respond to both regimes?'] }))
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: claims.0.questions: list at least two questions a user might ask that this claim answers. ${SCHEMA_FIX}`,
    ])
  })

  it('reports a claim id used twice', async () => {
    const twin = {
      ...strategies,
      quote: 'Options include:',
      statement: 'The article goes on to list the options Washington has.',
      questions: ['What options does the article list?', 'Which options are there against both regimes?'],
    }
    const layout = await damaged([strategies, twin, freezes, embargoes, iran, northKorea])
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: id is also used in ${CLAIMS}. Fix: give one of the two claims a new id`,
    ])
  })

  it('reports a claim id that does not start with its source id', async () => {
    const layout = await damaged(withFirst({ id: 'engagement/comprehensive-strategies' }))
    expect(lines(layout)).toEqual([
      `${CLAIMS}, claim "engagement/comprehensive-strategies": id must start with the source id "pressure/". Fix: rename it to "pressure/comprehensive-strategies"`,
    ])
  })

  it('reports a quote not found verbatim in its cleaned source, pointing at the closest passage', async () => {
    const layout = await damaged(
      withFirst({ quote: 'Washington must adopt comprehensive strategy directed at both regimes.' }),
    )
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: quote not found verbatim in source "pressure". Fix: copy the passage exactly from the cleaned text (\`npm run kb -- show pressure --knowledge knowledge\`); the closest passage is in section "Sanctions And Their Types": "Washington must adopt comprehensive strategies directed at both regimes. Options include:"`,
    ])
  })

  it('reports a quote that is still damaged as in the raw text', async () => {
    const layout = await damaged(
      withFirst({ quote: 'Washington.This article looks at sanctions.', section: 'Introduction' }),
    )
    expect(lines(layout)[0]).toMatch(
      /^knowledge\/claims\/pressure\.yaml, claim "pressure\/comprehensive-strategies": quote not found verbatim in source "pressure"\. Fix: copy the passage exactly/,
    )
  })

  it('reports a section the source does not have, listing the sections it has', async () => {
    const layout = await damaged(withFirst({ section: 'Sanctions' }))
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: section "Sanctions" is not a section of source "pressure". Fix: use one of its sections, as \`npm run kb -- show pressure --knowledge knowledge\` prints them: "Introduction", "Sanctions And Their Types"`,
    ])
  })

  it('reports a quote filed under the wrong section, naming the right one', async () => {
    const layout = await damaged(withFirst({ section: 'Introduction' }))
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: quote is in section "Sanctions And Their Types", not "Introduction". Fix: set section: Sanctions And Their Types`,
    ])
  })

  it('reports a quote that runs across two blocks', async () => {
    const layout = await damaged(withFirst({ quote: 'Options include: Asset Freezes' }))
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: quote runs across two blocks (paragraphs, list items or table rows) of the cleaned source. Fix: quote from one block only; make a separate claim for the other`,
    ])
  })

  it('reports a quote too short to be a passage', async () => {
    const layout = await damaged(withFirst({ quote: 'Washington' }))
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: quote is 10 characters long; a quote must be 15 to 700, or a whole list item or table row. Fix: quote the one sentence, bullet or table row the statement rests on`,
    ])
  })

  it.each([
    ['mojibake from a mis-decoded character', 'Washington must adopt â˘comprehensive strategies.'],
    ['mojibake from a mis-decoded character', 'Washington must adopt Ã©comprehensive strategies.'],
    ['HTML tag residue', 'Washington must adopt < strong >comprehensive strategies.'],
    ['HTML tag residue', 'Washington must adopt comprehensive strategies. li >'],
    ['an invisible or mangled invisible character', 'Washington must adopt\u2062 comprehensive strategies.'],
    ['stray whitespace', 'Washington must adopt  comprehensive strategies.'],
    ['a space before punctuation', 'Washington must adopt comprehensive strategies .'],
    ['punctuation glued to the next word', 'Washington must act,adopting comprehensive strategies.'],
  ])('reports %s in a statement (%s)', async (what, statement) => {
    const layout = await damaged(withFirst({ statement }))
    expect(lines(layout)).toContain(
      `${CLAIMS}, ${FIRST}: statement contains ${what}. Fix: write the statement as clean English; only the quote reproduces the source text`,
    )
  })

  it.each([
    'They must adopt comprehensive strategies.',
    'washington must adopt comprehensive strategies.',
    'Washington must adopt comprehensive strategies',
  ])('reports a statement that is not a whole sentence naming its actors: "%s"', async (statement) => {
    const layout = await damaged(withFirst({ statement }))
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: statement must be a whole sentence that names its actors (no leading "they", "it", "this"). Fix: start with the actor by name ("Russia and North Korea …") and end with a full stop`,
    ])
  })

  it('reports an unknown topic and an entity that is not in the alias table', async () => {
    const layout = await damaged(withFirst({ topics: ['sanctions', 'weather'], entities: ['atlantis'] }))
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: entity "atlantis" is not in the alias table. Fix: use an entity id from knowledge/aliases.yaml, or add the entity there with its aliases`,
      `${CLAIMS}, ${FIRST}: topic "weather" is not in knowledge/topics.yaml. Fix: use a topic id from knowledge/topics.yaml, or add the topic there`,
    ])
  })

  it('reports a sameAs that names no claim, or the claim itself', async () => {
    const layout = await damaged(
      withFirst({
        sameAs: ['pressure/asset-freezes', 'pressure/no-such-claim', 'pressure/comprehensive-strategies'],
      }),
    )
    const fix =
      'Fix: list the ids of other claims in knowledge/claims/ that state the same point, or remove the entry'
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: sameAs names "pressure/no-such-claim", which is not a claim. ${fix}`,
      `${CLAIMS}, ${FIRST}: sameAs lists the claim itself. ${fix}`,
    ])
  })

  it.each([
    ['too short', 'Washington strategies?'],
    ['only filler words', 'What about those things?'],
    [
      'the statement itself',
      'Washington must adopt comprehensive strategies directed at both the Russian and North Korean regimes.',
    ],
  ])('reports an example question that is %s', async (_, question) => {
    const layout = await damaged(
      withFirst({ questions: [question, 'How should the US respond to both regimes?'] }),
    )
    expect(lines(layout)).toEqual([
      `${CLAIMS}, ${FIRST}: question "${question}" is too short or vague to tell this claim from others. Fix: ask it as a user would, naming the subject, in at least 3 words`,
    ])
  })

  it('reports an example question listed under two claims', async () => {
    const layout = await damaged([
      strategies,
      {
        ...freezes,
        questions: ['How should the US respond to both regimes?', 'Who would asset freezes target?'],
      },
      embargoes,
      iran,
      northKorea,
    ])
    expect(lines(layout)).toEqual([
      `${CLAIMS}, claim "pressure/asset-freezes": question "How should the US respond to both regimes?" is also listed under claim "pressure/comprehensive-strategies". Fix: keep it under the claim that answers it best and rephrase or drop the other`,
    ])
  })

  it('reports an example question listed twice under one claim', async () => {
    const twice = 'Who would asset freezes target?'
    const layout = await damaged([
      strategies,
      { ...freezes, questions: [twice, twice] },
      embargoes,
      iran,
      northKorea,
    ])
    expect(lines(layout)).toEqual([
      `${CLAIMS}, claim "pressure/asset-freezes": question "${twice}" is listed twice. Fix: drop one of them`,
    ])
  })

  it('reports claims of a source that does not exist', async () => {
    const layout = await damaged(undefined, (l) =>
      writeFileSync(join(l.claimsDir, 'nowhere.yaml'), 'source: nowhere\nclaims: []\n'),
    )
    expect(lines(layout)).toEqual([
      'knowledge/claims/nowhere.yaml: source "nowhere" has no file in knowledge/sources/. Fix: add the document with `npm run kb -- add <file> --knowledge knowledge` or correct "source:" (known: engagement, pressure)',
    ])
  })

  it('reports claims kept in a file not named after their source', async () => {
    const layout = await damaged(undefined, (l) =>
      writeFileSync(join(l.claimsDir, 'extra.yaml'), 'source: pressure\nclaims: []\n'),
    )
    expect(lines(layout)).toEqual([
      'knowledge/claims/extra.yaml: claims of source "pressure" belong in claims/pressure.yaml. Fix: rename the file to pressure.yaml',
    ])
  })

  it('reports an alias that stands for two entities', async () => {
    const layout = await damaged(undefined, (l) => edit(l.aliasesFile, '- Moscow', '- Pyongyang'))
    expect(lines(layout)).toEqual([
      'knowledge/aliases.yaml, "russia": alias "Pyongyang" also stands for "north-korea". Fix: an alias may stand for one thing only; remove it from one of the two',
    ])
  })

  it('reports an alias with no letters or digits', async () => {
    const layout = await damaged(undefined, (l) => edit(l.aliasesFile, '- Moscow', "- '?!'"))
    expect(lines(layout)).toEqual([
      'knowledge/aliases.yaml, "russia": alias "?!" has no letters or digits. Fix: remove it',
    ])
  })

  it('reports a topic listed twice', async () => {
    const layout = await damaged(undefined, (l) =>
      appendFileSync(l.topicsFile, '  - id: sanctions\n    name: Sanctions again\n'),
    )
    expect(lines(layout)).toEqual([
      'knowledge/topics.yaml, topic "sanctions": id is listed twice. Fix: merge the two entries',
    ])
  })

  it('reports raw text edited by hand (its sha256 no longer matches)', async () => {
    const layout = await damaged(undefined, (l) =>
      appendFileSync(join(l.sourcesDir, 'pressure.raw.txt'), 'A line added by hand.\n'),
    )
    expect(lines(layout)).toEqual([
      'knowledge/sources/pressure.raw.txt: the raw text differs from the text as received (its sha256 does not match the metadata). Fix: raw text is never edited by hand: restore it from version control; fix damage in the cleaner instead',
    ])
  })

  it('reports a missing raw text', async () => {
    const layout = await damaged(undefined, (l) => rmSync(join(l.sourcesDir, 'engagement.raw.txt')))
    expect(lines(layout)).toEqual([
      'knowledge/sources/engagement.raw.txt: the raw text of the source is missing. Fix: restore it from version control, or add the document again with `npm run kb -- add <file> --knowledge knowledge`',
    ])
  })

  it('reports cleaned text that is not what the cleaner makes of the raw text', async () => {
    const layout = await damaged(undefined, (l) =>
      edit(join(l.sourcesDir, 'pressure.clean.md'), 'This article looks at sanctions.', 'It looks at trade.'),
    )
    expect(lines(layout)).toEqual([
      "knowledge/sources/pressure.clean.md: the stored cleaned text is not what the cleaner makes of the raw text. Fix: run `npm run kb -- clean pressure --knowledge knowledge` and review the diff, then re-check the claims' quotes",
    ])
  })

  it('reports a missing cleaned text', async () => {
    const layout = await damaged(undefined, (l) => rmSync(join(l.sourcesDir, 'engagement.clean.md')))
    expect(lines(layout)).toEqual([
      'knowledge/sources/engagement.clean.md: the cleaned text of the source is missing. Fix: run `npm run kb -- clean engagement --knowledge knowledge` to regenerate it from the raw text',
      'knowledge/claims/engagement.yaml: source "engagement" has no file in knowledge/sources/. Fix: add the document with `npm run kb -- add <file> --knowledge knowledge` or correct "source:" (known: pressure)',
    ])
  })

  it('reports source metadata whose id does not match its file name', async () => {
    const layout = await damaged(undefined, (l) =>
      edit(join(l.sourcesDir, 'engagement.yaml'), 'id: engagement', 'id: talks'),
    )
    expect(lines(layout)[0]).toBe(
      'knowledge/sources/engagement.yaml: id "talks" does not match the file name "engagement.yaml". Fix: rename the file to talks.yaml or set id: engagement',
    )
  })

  it('reports a malformed sha256 in source metadata', async () => {
    const layout = await damaged(undefined, (l) =>
      edit(join(l.sourcesDir, 'engagement.yaml'), 'sha256: ', 'sha256: x'),
    )
    expect(lines(layout)[0]).toBe(
      `knowledge/sources/engagement.yaml: sha256: must be the 64-character hex sha256 of the raw text file. ${SCHEMA_FIX}`,
    )
  })

  it('reports a broken YAML file with its name and line, not a stack trace', async () => {
    const layout = await damaged(undefined, (l) =>
      edit(
        join(l.claimsDir, 'pressure.yaml'),
        '  - id: pressure/asset-freezes\n',
        '  - id: pressure/asset-freezes\n   bad: [\n',
      ),
    )
    const issues = lines(layout)
    expect(issues).toEqual([
      'knowledge/claims/pressure.yaml: is not valid YAML at line 18: bad indentation of a sequence entry. Fix: correct the YAML syntax (indentation, quoting, colons) at that line',
    ])
    expect(issues.join('\n')).not.toMatch(/\n\s+at |YAMLException/)
  })

  it('reports a broken alias table by name, once: not again as every entity the claims name', async () => {
    const layout = await damaged(undefined, (l) => writeFileSync(l.aliasesFile, 'entities: [\n'))
    const issues = lines(layout)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatch(
      /^knowledge\/aliases\.yaml: is not valid YAML at line \d+: .+\. Fix: correct the YAML syntax \(indentation, quoting, colons\) at that line$/,
    )
  })
})

describe('loading an invalid knowledge base', () => {
  it('throws a CitedAnswersError that lists the problem, the file, the claim and the fix', async () => {
    const layout = await damaged(withFirst({ section: 'Sanctions' }))
    let error: unknown
    try {
      loadKnowledge(layout.root)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(CitedAnswersError)
    expect((error as CitedAnswersError).code).toBe('invalid-knowledge')
    // the bot names a knowledge directory outside its own folder by its full path, in files and commands
    const root = layout.root
    expect((error as CitedAnswersError).message).toBe(
      [
        'Invalid knowledge base: 1 problem found.',
        `  - ${root}/claims/pressure.yaml, ${FIRST}: section "Sanctions" is not a section of source "pressure". Fix: use one of its sections, as \`npm run kb -- show pressure --knowledge ${root}\` prints them: "Introduction", "Sanctions And Their Types"`,
        `Run \`npm run kb -- check --knowledge ${root}\` to see every problem and the coverage report.`,
      ].join('\n'),
    )
  })

  it('names a broken YAML file in the error, with every other problem found', async () => {
    const layout = await damaged(withFirst({ section: 'Sanctions' }), (l) =>
      writeFileSync(l.topicsFile, 'topics:\n  - id: [\n'),
    )
    expect(() => loadKnowledge(layout.root)).toThrow(
      /^Invalid knowledge base: 2 problems found\.\n {2}- \/\S+\/knowledge\/topics\.yaml: is not valid YAML at line \d+: /,
    )
    expect(() => loadKnowledge(layout.root)).toThrow(
      'section "Sanctions" is not a section of source "pressure"',
    )
    // the topics the claims name are not each reported unknown: the list that would hold them is unreadable
    expect(() => loadKnowledge(layout.root)).not.toThrow('is not in knowledge/topics.yaml')
  })

  it('lists twenty problems and counts the rest', async () => {
    const layout = await damaged(
      PRESSURE_CLAIMS.map((claim) => ({ ...claim, topics: ['weather', 'climate', 'tides', 'rain', 'snow'] })),
    )
    const message = (() => {
      try {
        loadKnowledge(layout.root)
        return ''
      } catch (error) {
        return (error as Error).message
      }
    })()
    const listed = message.split('\n').filter((line) => line.startsWith('  - '))
    expect(message.split('\n')[0]).toBe('Invalid knowledge base: 25 problems found.')
    expect(listed).toHaveLength(20)
    expect(message).toContain('\n  … and 5 more\n')
  })

  it('loads the valid fixture', () => {
    const kb = loadKnowledge(pristine.root)
    expect(kb.claims.map((claim) => claim.id)).toHaveLength(8)
  })
})

describe('the coverage report', () => {
  it('lists a table row and a bullet no claim quotes', async () => {
    const layout = await damaged([strategies, embargoes, northKorea])
    expect(lines(layout)).toEqual([
      'knowledge/claims/pressure.yaml, section "Sanctions And Their Types": no claim quotes the list item "Asset Freezes: Target individuals linked directly to finance and military sectors.". Fix: add a claim that quotes it (every list item and table row of a curated source has one)',
      'knowledge/claims/pressure.yaml, section "Sanctions And Their Types": no claim quotes the table row "Iran | Oil and energy trade". Fix: add a claim that quotes it (every list item and table row of a curated source has one)',
    ])
  })

  it('counts covered and uncovered blocks of each kind', async () => {
    const layout = await damaged([strategies, embargoes, northKorea])
    const { coverage } = auditCoverage(readKnowledge(layout).data)
    const pressure = coverage.find((report) => report.source === 'pressure')
    expect(pressure?.counts).toEqual({
      bullet: { covered: 1, total: 2 },
      'table-row': { covered: 1, total: 2 },
      paragraph: { covered: 1, total: 2 },
    })
    expect(pressure?.uncovered.map((block) => block.kind)).toEqual(['paragraph', 'bullet', 'table-row'])
  })

  it('does not require coverage of a source that has no claims yet', async () => {
    const layout = await damaged(undefined, (l) => rmSync(join(l.claimsDir, 'engagement.yaml')))
    expect(lines(layout)).toEqual([])
  })
})

describe('the words of the example questions', () => {
  it('lists a word no dictionary and no claim knows, suggesting the word of the claims it is closest to', async () => {
    const questions = ['Who would asset freezes targte?', 'Who would the asset freezes target?']
    const layout = await damaged([strategies, { ...freezes, questions }, embargoes, iran, northKorea])
    // "freezes" is unknown to this dictionary too, but the claims use it: it is not listed
    const isEnglish = (word: string) => word !== 'targte' && word !== 'freezes'
    expect(auditQuestionWords(readKnowledge(layout).data, isEnglish)).toEqual([
      {
        word: 'targte',
        claim: 'pressure/asset-freezes',
        question: 'Who would asset freezes targte?',
        uses: 1,
        suggestion: 'target',
      },
    ])
  })
})
