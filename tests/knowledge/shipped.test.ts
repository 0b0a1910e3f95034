import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditCoverage, checkKnowledge } from '../../src/knowledge/audit.ts'
import { loadDictionary } from '../../src/knowledge/clean/dictionary.ts'
import { formatIssue } from '../../src/knowledge/issues.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { knowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { type KnowledgeData, readKnowledge } from '../../src/knowledge/read.ts'

const SOURCE_IDS = ['new-coalition', 'reimagining-us-strategy', 'russia-north-korea-us-china']

/** shapes only damaged text has, checked here independently of the checker's own list */
const RESIDUE: ReadonlyArray<readonly [string, RegExp]> = [
  ['mojibake', /[âÃÂ][\u0080-\u02FF€]|\uFFFD/],
  ['a mangled invisible character', /[\u2820\u2860\u28A0\u28E0\u2920\u200B-\u200D\u2060-\u2064\uFEFF]/],
  [
    'an HTML tag',
    /<\s*\/?\s*(?:strong|li|ul|p|td|th|tr|h\d|br|table)\b|\b(?:strong|li|ul|td|th|tr|p)\s*\/?>/i,
  ],
  ['a lost character reference', /&\s*;/],
  ['a doubled space', / {2}/],
  ['a space before punctuation', / [,.;:!?](?!\.)/],
  ['a control character', /\p{Cc}/u],
]

let kb: KnowledgeBase
let data: KnowledgeData
let dictionary: ReadonlySet<string>

beforeAll(async () => {
  kb = loadKnowledge()
  data = readKnowledge(knowledgeLayout()).data
  dictionary = await loadDictionary()
})

describe('the shipped knowledge base', () => {
  it('loads and passes every check, including raw hashes and up-to-date cleaned text', () => {
    const { issues } = checkKnowledge(knowledgeLayout(), dictionary)
    expect(issues.map(formatIssue)).toEqual([])
  })

  it('holds at least 150 claims with unique ids', () => {
    expect(kb.claims.length).toBeGreaterThanOrEqual(150)
    expect(new Set(kb.claims.map((claim) => claim.id)).size).toBe(kb.claims.length)
  })

  it('has the three expected sources, each with claims', () => {
    expect([...kb.sources.keys()].sort()).toEqual(SOURCE_IDS)
    for (const id of SOURCE_IDS)
      expect(kb.claims.filter((claim) => claim.source === id).length).toBeGreaterThan(20)
  })

  it('marks the untitled source as titled by the curators, and only that one', () => {
    const supplied = [...kb.sources.values()]
      .filter((source) => source.titleSupplied)
      .map((source) => source.id)
    expect(supplied).toEqual(['russia-north-korea-us-china'])
  })

  it('quotes every list item and table row of every source', () => {
    const { coverage } = auditCoverage(data)
    expect(coverage.map((report) => report.source).sort()).toEqual(SOURCE_IDS)
    for (const report of coverage) {
      const { bullet, 'table-row': row } = report.counts
      expect({ source: report.source, bullet: bullet.covered, row: row.covered }).toEqual({
        source: report.source,
        bullet: bullet.total,
        row: row.total,
      })
      expect(report.uncovered.filter((block) => block.kind !== 'paragraph')).toEqual([])
    }
    const rows = coverage.reduce((sum, report) => sum + report.counts['table-row'].total, 0)
    const bullets = coverage.reduce((sum, report) => sum + report.counts.bullet.total, 0)
    expect(rows).toBeGreaterThan(0)
    expect(bullets).toBeGreaterThan(0)
  })

  it('has every quote verbatim in its source’s cleaned text, in the section it names', () => {
    const missing: string[] = []
    for (const source of data.sources) {
      const markdown = readFileSync(source.files.clean, 'utf8')
      for (const claim of kb.claims.filter((candidate) => candidate.source === source.meta.id)) {
        const inSection = source.document.blocks.some(
          (block) => block.section === claim.section && block.text.includes(claim.quote),
        )
        if (!markdown.includes(claim.quote) || !inSection) missing.push(`${claim.id}: ${claim.quote}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('has statements free of damage residue', () => {
    const damaged = kb.claims.flatMap((claim) =>
      RESIDUE.filter(([, pattern]) => pattern.test(claim.statement)).map(
        ([what]) => `${claim.id}: ${what} in "${claim.statement}"`,
      ),
    )
    expect(damaged).toEqual([])
  })

  it('cites each claim with the title of its source', () => {
    for (const claim of kb.claims) expect(kb.sources.get(claim.source)?.title).toBeTruthy()
    expect(kb.sources.get('new-coalition')?.title).toBe(
      'The Shifting Dynamics of Global Alliances: A New Coalition Emerges',
    )
  })

  it('lists at least two example questions for every claim', () => {
    expect(kb.claims.filter((claim) => claim.questions.length < 2).map((claim) => claim.id)).toEqual([])
  })
})
