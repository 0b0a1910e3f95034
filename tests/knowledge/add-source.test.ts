import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { load as parseYaml } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAliasTable } from '../../src/answer/aliases.ts'
import { ask } from '../../src/answer/ask.ts'
import { CitedAnswersError } from '../../src/errors.ts'
import {
  type AddSourceOptions,
  type DraftClaim,
  prepareSource,
  slugify,
  toYaml,
  writeSource,
} from '../../src/knowledge/add-source.ts'
import { checkKnowledge, sha256 } from '../../src/knowledge/audit.ts'
import { loadDictionary } from '../../src/knowledge/clean/dictionary.ts'
import { parseCleanMarkdown } from '../../src/knowledge/clean-markdown.ts'
import { splitSentences } from '../../src/knowledge/formats/sentences.ts'
import { formatIssue } from '../../src/knowledge/issues.ts'
import { draftFile, type KnowledgeLayout, sourceFiles } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { promoteDraft } from '../../src/knowledge/promote.ts'
import { readKnowledge } from '../../src/knowledge/read.ts'
import {
  copyKnowledgeFixture,
  removeKnowledgeFixture,
  writeKnowledgeFixture,
} from '../helpers/knowledge-fixture.ts'

const ID = 'energy-ties'
const TITLE = 'Energy Ties Between Moscow And Tehran'
const DRAFT = `knowledge/drafts/${ID}.yaml`

/** the article, with damage of the kinds the real sources have (mojibake, HTML residue, a glued sentence) */
const ARTICLE = `Energy Ties Between Moscow And Tehran
Russia and Iran have expanded â˘energy cooperation over the past year.Both governments describe the partnership as strategic.
Key Areas

- < strong >Oil Swaps : strong >Iran receives Russian oil products in exchange for its own crude. li >
- Gas Projects: Russian firms invest in Iranian gas fields.
Sector | Role |
---|---|
Oil | Swap arrangements |
Gas | Field investment |
`
/** the file as received: the article between a newsletter's header and footer (lines 4–13) */
const HEADER = 'From: a newsletter\r\nSubject: weekly digest\r\n\r\n'
const RECEIVED = `${HEADER}${ARTICLE}--\nUnsubscribe here.\n`
const LINES = [4, 13] as const

const CLEANED = `<!-- Cleaned from ${ID}.raw.txt by \`npm run kb -- clean\`. Generated: edit the cleaner, not this file. -->

# ${TITLE}

## Introduction <!-- the source has no heading here -->

Russia and Iran have expanded energy cooperation over the past year. Both governments describe the partnership as strategic.

## Key Areas

- Oil Swaps: Iran receives Russian oil products in exchange for its own crude.

- Gas Projects: Russian firms invest in Iranian gas fields.

| Sector | Role |
| --- | --- |
| Oil | Swap arrangements |
| Gas | Field investment |
`

/** what a curator writes for each candidate, by the end of its id */
const CURATED: Record<string, Pick<DraftClaim, 'statement' | 'questions'>> = {
  'russia-and-iran-have-expanded': {
    statement: 'Russia and Iran have expanded their energy cooperation over the past year.',
    questions: [
      'Have Russia and Iran expanded energy cooperation?',
      'How has Russian Iranian energy cooperation changed?',
    ],
  },
  'both-governments-describe-the-partnership': {
    statement: 'The Russian and Iranian governments both describe their partnership as strategic.',
    questions: [
      'How do Moscow and Tehran describe their partnership?',
      'Is the Russia Iran partnership strategic?',
    ],
  },
  'oil-swaps-iran-receives-russian': {
    statement: 'Under oil swaps, Iran receives Russian oil products in exchange for its own crude.',
    questions: [
      'How do the oil swaps between Russia and Iran work?',
      'What does Iran receive for its crude?',
    ],
  },
  'gas-projects-russian-firms-invest': {
    statement: 'Russian firms invest in Iranian gas fields.',
    questions: ['Do Russian firms invest in Iranian gas fields?', 'Who invests in the gas fields of Iran?'],
  },
  'oil-swap-arrangements': {
    statement: 'In the oil sector, Russia and Iran cooperate through swap arrangements.',
    questions: ['What role do swap arrangements play in oil?', 'How do Russia and Iran cooperate on oil?'],
  },
  'gas-field-investment': {
    statement: 'In the gas sector, Russia and Iran cooperate through field investment.',
    questions: [
      'What is the role of field investment in gas?',
      'How do Russia and Iran cooperate in the gas sector?',
    ],
  },
}

let dictionary: ReadonlySet<string>
let added: KnowledgeLayout
let originFile: string
const copies: KnowledgeLayout[] = []

const aliasesOf = (layout: KnowledgeLayout) => {
  const { data } = readKnowledge(layout)
  return buildAliasTable(data.entities, data.terms)
}
const options = (extra: Partial<AddSourceOptions> = {}): AddSourceOptions => ({
  title: TITLE,
  id: ID,
  lines: LINES,
  ...extra,
})

beforeAll(async () => {
  dictionary = await loadDictionary()
  added = await writeKnowledgeFixture()
  originFile = join(dirname(added.root), 'newsletter.txt')
  writeFileSync(originFile, RECEIVED)
  const prepared = prepareSource(readFileSync(originFile), originFile, options(), dictionary)
  writeSource(added, prepared, aliasesOf(added))
})
afterAll(() => {
  for (const layout of [added, ...copies]) removeKnowledgeFixture(layout)
})

const readDraft = (layout: KnowledgeLayout) =>
  parseYaml(readFileSync(draftFile(layout, ID), 'utf8')) as { source: string; claims: DraftClaim[] }
const writeDraft = (layout: KnowledgeLayout, claims: DraftClaim[]) =>
  writeFileSync(draftFile(layout, ID), toYaml({ source: ID, claims }))
const curate = (claim: DraftClaim): DraftClaim => {
  const curated = CURATED[claim.id.slice(ID.length + 1)]
  if (!curated) throw new Error(`no curation for ${claim.id}`)
  return { ...claim, ...curated, topics: ['economic-cooperation'] }
}
/** a copy of the knowledge directory with the document added and its draft not yet promoted */
const copy = () => {
  const layout = copyKnowledgeFixture(added)
  copies.push(layout)
  return layout
}
const checkAll = (layout: KnowledgeLayout) => checkKnowledge(layout, dictionary).issues.map(formatIssue)

describe('adding a document', () => {
  it('keeps the article’s raw text byte for byte, CR, mojibake and residue included', () => {
    const received = readFileSync(originFile)
    const start = received.indexOf('Energy Ties')
    const end = received.indexOf('--\n')
    const raw = readFileSync(sourceFiles(added, ID).raw)
    expect(raw.equals(received.subarray(start, end))).toBe(true)
    expect(raw.toString('utf8')).toBe(ARTICLE)
  })

  it('records the id, title, format, origin file, lines and bytes, and the raw text’s sha256', () => {
    const meta = parseYaml(readFileSync(sourceFiles(added, ID).meta, 'utf8'))
    expect(meta).toEqual({
      id: ID,
      title: TITLE,
      titleSupplied: false,
      format: 'text',
      origin: {
        file: 'newsletter.txt',
        startLine: 4,
        endLine: 13,
        startByte: HEADER.length,
        endByte: HEADER.length + Buffer.byteLength(ARTICLE),
      },
      sha256: sha256(Buffer.from(ARTICLE)),
    })
  })

  it('writes the cleaned text, repaired and without the repeated title', () => {
    expect(readFileSync(sourceFiles(added, ID).clean, 'utf8')).toBe(CLEANED)
  })

  it('drafts one candidate per paragraph, list item and table row, with its quote already verbatim', () => {
    const draft = readDraft(added)
    expect(draft.source).toBe(ID)
    expect(draft.claims.map((claim) => [claim.id, claim.section, claim.quote])).toEqual([
      [
        `${ID}/russia-and-iran-have-expanded`,
        'Introduction',
        'Russia and Iran have expanded energy cooperation over the past year. Both governments describe the partnership as strategic.',
      ],
      [
        `${ID}/oil-swaps-iran-receives-russian`,
        'Key Areas',
        'Oil Swaps: Iran receives Russian oil products in exchange for its own crude.',
      ],
      [
        `${ID}/gas-projects-russian-firms-invest`,
        'Key Areas',
        'Gas Projects: Russian firms invest in Iranian gas fields.',
      ],
      [`${ID}/oil-swap-arrangements`, 'Key Areas', 'Oil | Swap arrangements'],
      [`${ID}/gas-field-investment`, 'Key Areas', 'Gas | Field investment'],
    ])
    const { blocks } = parseCleanMarkdown(CLEANED)
    for (const claim of draft.claims) {
      expect(
        blocks.some((block) => block.section === claim.section && block.text.includes(claim.quote)),
      ).toBe(true)
      expect(claim.statement).toBe(claim.quote)
    }
    expect(draft.claims.map((claim) => claim.entities)).toEqual([
      ['russia', 'iran'],
      ['iran'],
      ['iran'],
      [],
      [],
    ])
  })

  it('opens the draft with instructions that name the promote command', () => {
    expect(readFileSync(draftFile(added, ID), 'utf8').split('\n')[0]).toBe(
      `# Draft claims of "${ID}", one per list item, table row and sentence.`,
    )
    expect(readFileSync(draftFile(added, ID), 'utf8')).toContain(
      `# Then run: npm run kb -- promote ${ID} --knowledge knowledge\n`,
    )
  })

  it('leaves the knowledge base valid while the draft waits (drafts are not claims)', () => {
    expect(checkAll(added)).toEqual([])
  })

  it('refuses a second document with the same id', () => {
    const prepared = prepareSource(readFileSync(originFile), originFile, options(), dictionary)
    expect(() => writeSource(added, prepared, aliasesOf(added))).toThrow(
      new CitedAnswersError(
        'invalid-input',
        `a source with id "${ID}" already exists; choose another with --id`,
      ),
    )
  })

  it('makes the id from the title when none is given', () => {
    const { id: _, ...rest } = options()
    const prepared = prepareSource(readFileSync(originFile), originFile, rest, dictionary)
    expect(prepared.meta.id).toBe('energy-ties-between-moscow-and-tehran')
    expect(slugify('Café  Diplomacy: Ça Va? ')).toBe('cafe-diplomacy-ca-va')
    expect(slugify('!!!')).toBe('document')
  })

  it('marks a title the curators supplied', () => {
    const prepared = prepareSource(
      Buffer.from(ARTICLE),
      originFile,
      options({ titleSupplied: true, lines: [2, 10] }),
      dictionary,
    )
    expect(prepared.meta.titleSupplied).toBe(true)
    expect(prepared.meta.origin).toEqual({
      file: 'newsletter.txt',
      startLine: 2,
      endLine: 10,
      startByte: `${TITLE}\n`.length,
      endByte: Buffer.byteLength(ARTICLE),
    })
  })

  it.each([
    ['an empty file', Buffer.alloc(0), options(), 'newsletter.txt is empty; there is nothing to add'],
    [
      'a binary file',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]),
      options(),
      'newsletter.txt is a binary file; add a plain-text (UTF-8) document',
    ],
    [
      'text that is not UTF-8',
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      options(),
      'newsletter.txt is not UTF-8 text; convert it to UTF-8 first (for example with iconv)',
    ],
    ['an empty title', Buffer.from(ARTICLE), options({ title: '  ' }), '--title must not be empty'],
    [
      'lines outside the file',
      Buffer.from(ARTICLE),
      options({ lines: [4, 40] }),
      '--lines 4-40 is outside newsletter.txt, which has 10 lines',
    ],
    [
      'an id that is not a slug',
      Buffer.from(ARTICLE),
      options({ id: 'Energy_Ties', lines: [1, 10] }),
      '--id "Energy_Ties" must be lower-case letters, digits and single hyphens',
    ],
    [
      'a document with nothing left after cleaning',
      Buffer.from('< strong > li >\n'),
      options({ lines: [1, 1] }),
      'newsletter.txt has no text left after cleaning; is it the right file?',
    ],
  ])('refuses %s', (_, bytes, given, message) => {
    expect(() => prepareSource(bytes, originFile, given, dictionary)).toThrow(
      new CitedAnswersError('invalid-input', message),
    )
  })

  it('splits paragraphs into sentences only where a new one starts', () => {
    expect(
      splitSentences('U.S. policy changed. It moved on (slowly). “Then” it ended! 2024 saw more.'),
    ).toEqual(['U.S. policy changed.', 'It moved on (slowly).', '“Then” it ended!', '2024 saw more.'])
  })
})

describe('promoting a draft', () => {
  it('moves the curated claims into claims/, removes the draft, and the checker then accepts them', () => {
    const layout = copy()
    writeDraft(layout, readDraft(layout).claims.map(curate))
    expect(promoteDraft(layout, ID)).toEqual({ promoted: 5, file: `knowledge/claims/${ID}.yaml` })
    expect(existsSync(draftFile(layout, ID))).toBe(false)
    const promoted = parseYaml(readFileSync(join(layout.claimsDir, `${ID}.yaml`), 'utf8')) as {
      source: string
      claims: DraftClaim[]
    }
    expect(promoted.source).toBe(ID)
    expect(promoted.claims).toEqual(readDraft(added).claims.map(curate))
    expect(checkAll(layout)).toEqual([])
    const kb = loadKnowledge(layout.root)
    expect(kb.claims).toHaveLength(8 + 5)
    const answer = ask('What does Iran receive for its crude?', kb)
    expect(answer.kind === 'answered' && answer.matches[0]?.claim.id).toBe(
      `${ID}/oil-swaps-iran-receives-russian`,
    )
    expect(answer.kind === 'answered' && answer.matches[0]?.citation).toEqual({
      source: ID,
      title: TITLE,
      section: 'Key Areas',
      quote: 'Oil Swaps: Iran receives Russian oil products in exchange for its own crude.',
    })
  })

  it('rejects a draft left with its placeholders, naming each claim, and writes nothing', () => {
    const layout = copy()
    const before = readFileSync(draftFile(layout, ID), 'utf8')
    const result = promoteDraft(layout, ID)
    expect(result.promoted).toBe(0)
    const issues = 'issues' in result ? result.issues.map(formatIssue) : []
    expect(issues).toHaveLength(10)
    expect(issues.slice(0, 2)).toEqual([
      `${DRAFT}, claim "${ID}/russia-and-iran-have-expanded": claims.0.topics: list at least one topic. Fix: complete the draft as its header comment says`,
      `${DRAFT}, claim "${ID}/russia-and-iran-have-expanded": claims.0.questions: list at least two questions a user might ask that this claim answers. Fix: complete the draft as its header comment says`,
    ])
    expect(existsSync(join(layout.claimsDir, `${ID}.yaml`))).toBe(false)
    expect(readFileSync(draftFile(layout, ID), 'utf8')).toBe(before)
  })

  it('rejects a draft whose table rows were left as statements', () => {
    const layout = copy()
    const claims = readDraft(layout).claims.map((claim) =>
      claim.id.endsWith('/gas-field-investment')
        ? { ...curate(claim), statement: claim.quote }
        : curate(claim),
    )
    writeDraft(layout, claims)
    const result = promoteDraft(layout, ID)
    expect('issues' in result ? result.issues.map(formatIssue) : []).toEqual([
      `${DRAFT}, claim "${ID}/gas-field-investment": statement must be a whole sentence that names its actors (no leading "they", "it", "this"). Fix: start with the actor by name ("Russia and North Korea …") and end with a full stop`,
    ])
    expect(existsSync(draftFile(layout, ID))).toBe(true)
  })

  it('rejects a draft that drops a table row, so every row stays quoted', () => {
    const layout = copy()
    writeDraft(
      layout,
      readDraft(layout)
        .claims.filter((claim) => !claim.id.endsWith('/oil-swap-arrangements'))
        .map(curate),
    )
    const result = promoteDraft(layout, ID)
    expect('issues' in result ? result.issues.map(formatIssue) : []).toEqual([
      `${DRAFT}, section "Key Areas": no claim quotes the table row "Oil | Swap arrangements". Fix: add a claim that quotes it (every list item and table row of a curated source has one)`,
    ])
  })

  it('rejects a quote a curator changed so that it is no longer verbatim', () => {
    const layout = copy()
    writeDraft(
      layout,
      readDraft(layout).claims.map((claim) =>
        claim.id.endsWith('/gas-projects-russian-firms-invest')
          ? { ...curate(claim), quote: 'Gas Projects: Russian companies invest in Iranian gas fields.' }
          : curate(claim),
      ),
    )
    const result = promoteDraft(layout, ID)
    const issues = 'issues' in result ? result.issues.map(formatIssue) : []
    expect(issues[0]).toBe(
      `${DRAFT}, claim "${ID}/gas-projects-russian-firms-invest": quote not found verbatim in source "${ID}". Fix: copy the passage exactly from the cleaned text (\`npm run kb -- show ${ID} --knowledge knowledge\`); the closest passage is in section "Key Areas": "Gas Projects: Russian firms invest in Iranian gas fields."`,
    )
  })

  it('rejects a draft that is not valid YAML, naming the file and line', () => {
    const layout = copy()
    writeFileSync(draftFile(layout, ID), `source: ${ID}\nclaims:\n  - id: [\n`)
    const result = promoteDraft(layout, ID)
    expect('issues' in result ? result.issues.map(formatIssue) : []).toEqual([
      `${DRAFT}: is not valid YAML at line 4: deficient indentation. Fix: correct the YAML syntax there`,
    ])
  })

  it('says there is nothing to promote for a source without a draft, or no such source', () => {
    expect(promoteDraft(added, 'pressure')).toEqual({
      promoted: 0,
      issues: [
        {
          code: 'missing-file',
          file: 'knowledge/drafts/pressure.yaml',
          message: 'there is no draft to promote',
          fix: 'add the document first',
        },
      ],
    })
    const result = promoteDraft(added, 'nowhere')
    expect('issues' in result ? result.issues.map(formatIssue) : []).toEqual([
      'knowledge/drafts/nowhere.yaml: source "nowhere" has no file in knowledge/sources/. Fix: add the document first with `npm run kb -- add <file> --knowledge knowledge`',
    ])
  })
})
