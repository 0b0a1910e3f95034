import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanSource } from '../../src/knowledge/clean/clean-source.ts'
import { loadDictionary } from '../../src/knowledge/clean/dictionary.ts'
import { parseCleanMarkdown, renderCleanMarkdown } from '../../src/knowledge/clean-markdown.ts'
import { DEFAULT_KNOWLEDGE_DIR, type KnowledgeLayout } from '../../src/knowledge/layout.ts'
import type { Block, CleanDocument } from '../../src/types.ts'
import {
  ENGAGEMENT_DOC,
  PRESSURE_DOC,
  removeKnowledgeFixture,
  writeKnowledgeFixture,
} from '../helpers/knowledge-fixture.ts'

const paragraph = (text: string, section: string): Block => ({ kind: 'paragraph', text, section })
const bullet = (text: string, section: string): Block => ({ kind: 'bullet', text, section })
const heading = (text: string): Block => ({ kind: 'heading', text, section: text })
const header = (cells: string[], section: string): Block => ({
  kind: 'table-header',
  text: cells.join(' | '),
  section,
  cells,
})
const row = (cells: string[], section: string): Block => ({
  kind: 'table-row',
  text: cells.join(' | '),
  section,
  cells,
})

const roundTrip = (document: CleanDocument) =>
  parseCleanMarkdown(renderCleanMarkdown(document, 'doc.raw.txt'))

describe('rendering a cleaned document as Markdown', () => {
  const document: CleanDocument = {
    title: 'A Small Document',
    blocks: [
      paragraph('Text before any heading.', 'Introduction'),
      heading('Sanctions And Their Types'),
      paragraph('Options include:', 'Sanctions And Their Types'),
      bullet('Asset Freezes: Target individuals.', 'Sanctions And Their Types'),
      bullet('Trade Embargoes: Limit trade.', 'Sanctions And Their Types'),
      header(['Country', 'Main Contribution'], 'Sanctions And Their Types'),
      row(['Iran', 'Oil and energy trade'], 'Sanctions And Their Types'),
      row(['North Korea', 'Arms'], 'Sanctions And Their Types'),
    ],
  }

  it('writes the note, the title, sections, paragraphs, bullets and a table, in that exact form', () => {
    expect(renderCleanMarkdown(document, 'doc.raw.txt')).toBe(
      [
        '<!-- Cleaned from doc.raw.txt by `npm run kb -- clean`. Generated: edit the cleaner, not this file. -->',
        '',
        '# A Small Document',
        '',
        '## Introduction <!-- the source has no heading here -->',
        '',
        'Text before any heading.',
        '',
        '## Sanctions And Their Types',
        '',
        'Options include:',
        '',
        '- Asset Freezes: Target individuals.',
        '',
        '- Trade Embargoes: Limit trade.',
        '',
        '| Country | Main Contribution |',
        '| --- | --- |',
        '| Iran | Oil and energy trade |',
        '| North Korea | Arms |',
        '',
      ].join('\n'),
    )
  })

  it('reads back the same title, headings, sections, bullets and table rows', () => {
    expect(roundTrip(document)).toEqual(document)
  })

  it('gives a table without a header an empty header line and reads back only its rows', () => {
    const rows: CleanDocument = {
      title: 'Rows',
      blocks: [heading('Data'), row(['A', 'B', 'C'], 'Data'), row(['D', 'E'], 'Data')],
    }
    const markdown = renderCleanMarkdown(rows, 'rows.raw.txt')
    expect(markdown.split('\n').slice(6)).toEqual([
      '|  |  |  |',
      '| --- | --- | --- |',
      '| A | B | C |',
      '| D | E |',
      '',
    ])
    expect(parseCleanMarkdown(markdown)).toEqual(rows)
  })

  it('keeps two tables that follow each other apart, each with its own header', () => {
    const tables: CleanDocument = {
      title: 'Tables',
      blocks: [
        header(['Country', 'Contribution'], 'Introduction'),
        row(['Iran', 'Oil'], 'Introduction'),
        header(['Weapon', 'Range'], 'Introduction'),
        row(['Missile', 'Long'], 'Introduction'),
      ],
    }
    expect(roundTrip(tables)).toEqual(tables)
  })

  it.each([
    ['a heading mark', '# not a heading'],
    ['a list mark', '- not a bullet'],
    ['a table pipe', '| not a table |'],
    ['a numbered-list mark', '1. not a list'],
    ['a comment opener', '<!-- not a comment -->'],
    ['a backslash', '\\ a backslash first'],
  ])('escapes a paragraph that starts with %s, and reads it back unchanged', (_, text) => {
    const document: CleanDocument = { title: 'Escapes', blocks: [paragraph(text, 'Introduction')] }
    const markdown = renderCleanMarkdown(document, 'escapes.raw.txt')
    expect(markdown).toContain(`\n\\${text}\n`)
    expect(parseCleanMarkdown(markdown)).toEqual(document)
  })

  it('escapes pipes and backslashes inside table cells', () => {
    const document: CleanDocument = {
      title: 'Cells',
      blocks: [header(['Name', 'Note'], 'Introduction'), row(['a|b', 'c\\d'], 'Introduction')],
    }
    const markdown = renderCleanMarkdown(document, 'cells.raw.txt')
    expect(markdown).toContain('| a\\|b | c\\\\d |')
    expect(parseCleanMarkdown(markdown)).toEqual(document)
  })

  it('marks a section the source does not name when text moves into it without a heading', () => {
    const document: CleanDocument = {
      title: 'Sections',
      blocks: [heading('First'), paragraph('In the first section.', 'First'), bullet('Elsewhere.', 'Second')],
    }
    const markdown = renderCleanMarkdown(document, 'sections.raw.txt')
    expect(markdown).toContain('\n## Second <!-- the source has no heading here -->\n\n- Elsewhere.\n')
    expect(parseCleanMarkdown(markdown)).toEqual(document)
  })
})

describe('round trips of real documents', () => {
  let dictionary: ReadonlySet<string>
  let fixture: KnowledgeLayout
  beforeAll(async () => {
    dictionary = await loadDictionary()
    fixture = await writeKnowledgeFixture()
  })
  afterAll(() => removeKnowledgeFixture(fixture))

  it.each([
    ['pressure', PRESSURE_DOC, 'Pressure On The Partnership'],
    ['engagement', ENGAGEMENT_DOC, 'The Case For Engagement'],
  ])('reads the cleaned "%s" fixture document back into the blocks the cleaner made', (_, raw, title) => {
    const document = cleanSource(raw, { title, dictionary })
    expect(document.blocks.map((block) => block.kind)).toContain('bullet')
    expect(roundTrip(document)).toEqual(document)
  })

  it('reads the cleaned fixture file written by `kb add` back into headings, bullets and table rows', () => {
    const document = parseCleanMarkdown(readFileSync(join(fixture.sourcesDir, 'pressure.clean.md'), 'utf8'))
    expect(document.title).toBe('Pressure On The Partnership')
    expect(document.blocks.map((block) => `${block.kind} [${block.section}]: ${block.text}`)).toEqual([
      'paragraph [Introduction]: The partnership between Russia and North Korea worries Washington. This article looks at sanctions.',
      'heading [Sanctions And Their Types]: Sanctions And Their Types',
      'paragraph [Sanctions And Their Types]: Washington must adopt comprehensive strategies directed at both regimes. Options include:',
      'bullet [Sanctions And Their Types]: Asset Freezes: Target individuals linked directly to finance and military sectors.',
      'bullet [Sanctions And Their Types]: Trade Embargoes: Limit beneficial trades impacting defense industries.',
      'table-header [Sanctions And Their Types]: Country | Main Contribution',
      'table-row [Sanctions And Their Types]: Iran | Oil and energy trade',
      'table-row [Sanctions And Their Types]: North Korea | Arms and technology transfer',
    ])
  })

  it.each(['new-coalition', 'reimagining-us-strategy', 'russia-north-korea-us-china'])(
    'rewrites the shipped cleaned text of "%s" byte for byte from the blocks it parses to',
    (id) => {
      const markdown = readFileSync(join(DEFAULT_KNOWLEDGE_DIR, 'sources', `${id}.clean.md`), 'utf8')
      const document = parseCleanMarkdown(markdown)
      expect(document.blocks.length).toBeGreaterThan(20)
      expect(renderCleanMarkdown(document, `${id}.raw.txt`)).toBe(markdown)
    },
  )
})
