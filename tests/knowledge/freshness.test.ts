/**
 * Document freshness: where a document is published and when it last changed (from its front matter or
 * `kb add --url/--updated`), a citation that links to the section and says how old the document is, and
 * `kb review` / `kb check` telling which documents no curator has confirmed within an interval.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { citationOf } from '../../src/answer/ask.ts'
import { publishedDetails } from '../../src/knowledge/formats/markdown.ts'
import { ageOf, DEFAULT_REVIEW_DAYS, reviewDays, reviewsDue } from '../../src/knowledge/freshness.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { Claim, SourceInfo } from '../../src/types.ts'

const TODAY = new Date('2026-12-05T12:00:00Z')

describe('publishedDetails', () => {
  it('takes an absolute address and a date from the names static sites use', () => {
    expect(
      publishedDetails(
        '---\ntitle: Leave\nurl: https://handbook.example.org/leave/\nlast_modified_at: 2026-06-01\n---\n\nBody',
      ),
    ).toEqual({ url: 'https://handbook.example.org/leave/', updated: '2026-06-01' })
    expect(
      publishedDetails('---\ncanonical_url: "http://x.example/a"\ndate: 2025-01-31T10:00:00Z\n---\n'),
    ).toEqual({
      url: 'http://x.example/a',
      updated: '2025-01-31',
    })
  })

  it('leaves out a relative address, a date that is no date, and front matter that is not YAML', () => {
    expect(publishedDetails('---\nurl: /leave/\nupdated: soon\n---\n')).toEqual({})
    expect(publishedDetails('---\n: [unclosed\n---\n')).toEqual({})
    expect(publishedDetails('No front matter at all')).toEqual({})
  })
})

describe('a citation of a published document', () => {
  const source = (fields: Partial<SourceInfo>): SourceInfo => ({
    id: 'leave',
    title: 'Leave',
    titleSupplied: false,
    format: 'markdown',
    origin: { file: 'leave.md', startLine: 1, endLine: 9, startByte: 0, endByte: 100 },
    sha256: '0'.repeat(64),
    ...fields,
  })
  const claim = (section: string) => ({ id: 'leave/x', source: 'leave', section, quote: 'Q' }) as Claim
  const kbWith = (info: SourceInfo) => ({ sources: new Map([[info.id, info]]) }) as unknown as KnowledgeBase

  it("links to the section's heading in a Markdown document and says when it changed", () => {
    const kb = kbWith(source({ url: 'https://handbook.example.org/leave/', updated: '2026-06-01' }))
    expect(citationOf(claim('Annual leave: how it accrues'), kb)).toEqual({
      source: 'leave',
      title: 'Leave',
      section: 'Annual leave: how it accrues',
      quote: 'Q',
      url: 'https://handbook.example.org/leave/#annual-leave-how-it-accrues',
      updated: '2026-06-01',
    })
  })

  it('links to the document itself where the section has no anchor of its own', () => {
    const kb = kbWith(source({ url: 'https://handbook.example.org/leave/' }))
    for (const section of ['Introduction', 'Sick leave › How to request']) {
      expect(citationOf(claim(section), kb).url).toBe('https://handbook.example.org/leave/')
    }
    const html = kbWith(source({ format: 'html', url: 'https://intranet.example/leave.html' }))
    expect(citationOf(claim('Annual leave'), html).url).toBe('https://intranet.example/leave.html')
  })

  it('carries nothing new for a document without an address or a date, as citations always were', () => {
    expect(Object.keys(citationOf(claim('Annual leave'), kbWith(source({}))))).toEqual([
      'source',
      'title',
      'section',
      'quote',
    ])
  })
})

describe('reviews due', () => {
  const sources = [
    { id: 'fresh', title: 'Fresh', reviewed: '2026-11-01' },
    { id: 'old', title: 'Old', reviewed: '2026-01-10' },
    { id: 'older', title: 'Older', reviewed: '2025-02-01' },
    { id: 'never', title: 'Never' },
  ]

  it('lists the never reviewed, then the longest unreviewed, past the interval', () => {
    expect(reviewsDue(sources, TODAY, 180)).toEqual([
      { id: 'never', title: 'Never' },
      { id: 'older', title: 'Older', reviewed: '2025-02-01', days: 672 },
      { id: 'old', title: 'Old', reviewed: '2026-01-10', days: 329 },
    ])
    expect(reviewsDue(sources, TODAY, 400).map((due) => due.id)).toEqual(['never', 'older'])
  })

  it('reads the interval, refusing what is not a number of days', () => {
    expect(reviewDays(undefined, 'REVIEW_INTERVAL_DAYS')).toBe(DEFAULT_REVIEW_DAYS)
    expect(reviewDays('90', '--review-days')).toBe(90)
    for (const bad of ['0', '-3', 'soon', '1.5']) {
      expect(() => reviewDays(bad, '--review-days')).toThrow(
        `--review-days must be a whole number of days from 1 to 36500; got "${bad}"`,
      )
    }
  })

  it('says how old a date is in words', () => {
    expect(ageOf('2026-12-05', TODAY)).toBe('today')
    expect(ageOf('2026-12-04', TODAY)).toBe('yesterday')
    expect(ageOf('2026-11-20', TODAY)).toBe('15 days ago')
    expect(ageOf('2026-06-01', TODAY)).toBe('6 months ago')
    expect(ageOf('2024-11-01', TODAY)).toBe('2 years ago')
    expect(ageOf('2027-01-01', TODAY)).toBeUndefined()
  })
})

describe('kb add --url/--updated, kb review and kb check', () => {
  const project = join(import.meta.dirname, '..', '..')
  let folder: string
  const kb = (args: string[]) => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(project, 'src', 'cli', 'kb.ts'), ...args],
      {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, KNOWLEDGE_DIR: '', REVIEW_INTERVAL_DAYS: '', INIT_CWD: folder },
      },
    )
    return { code: result.status, stdout: result.stdout, stderr: result.stderr }
  }

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'cited-answers-freshness-'))
    writeFileSync(
      join(folder, 'leave.md'),
      '---\ntitle: Leave\n---\n\n## Annual leave\n\nYou earn 4 hours per pay period.\n',
    )
    expect(kb(['init', 'team']).code).toBe(0)
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('refuses an address or a date it cannot use, and keeps the ones it can', () => {
    const bad = kb(['add', 'leave.md', '--knowledge', 'team', '--url', 'handbook/leave'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(
      '--url must be a web address starting with http:// or https://; got "handbook/leave"',
    )
    const added = kb([
      'add',
      'leave.md',
      '--knowledge',
      'team',
      '--url',
      'https://handbook.example.org/leave/',
      '--updated',
      '2026-06-01',
    ])
    expect(added.code).toBe(0)
  })

  it('warns of documents never reviewed, then of reviews past the interval, without failing the check', () => {
    const before = kb(['check', '--knowledge', 'team'])
    expect(before.code).toBe(0)
    expect(before.stdout).toContain('Never reviewed (1): leave;')
    expect(kb(['review', 'leave', '--knowledge', 'team', '--date', '2026-01-10']).code).toBe(0)
    const stale = kb(['check', '--knowledge', 'team', '--review-days', '30'])
    expect(stale.code).toBe(0)
    expect(stale.stdout).toMatch(
      /⚠ Review due: "Leave" \[leave\] was last reviewed 2026-01-10, \d+ days ago \(more than 30\)/,
    )
    expect(kb(['review', 'leave', '--knowledge', 'team']).code).toBe(0)
    expect(kb(['check', '--knowledge', 'team', '--review-days', '30']).stdout).not.toContain('Review due')
  })

  it('refuses to review a document it does not have, or a date in the future', () => {
    expect(kb(['review', 'nothing', '--knowledge', 'team']).stderr).toContain('No document "nothing"')
    expect(kb(['review', 'leave', '--knowledge', 'team', '--date', '2999-01-01']).stderr).toContain(
      '--date must be a past date written YYYY-MM-DD',
    )
  })
})
