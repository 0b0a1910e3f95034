/**
 * A team's own documents: a new knowledge directory (`kb init`), a Markdown page added to it, and its drafted
 * passages answering at once, marked as not yet reviewed, until curated claims replace them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dump, load as parseYaml } from 'js-yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { buildAliasTable } from '../../src/answer/aliases.ts'
import { ask } from '../../src/answer/ask.ts'
import { answerToJson } from '../../src/answer/json.ts'
import { prepareSource, writeSource } from '../../src/knowledge/add-source.ts'
import { checkKnowledge } from '../../src/knowledge/audit.ts'
import { loadDictionary } from '../../src/knowledge/clean/dictionary.ts'
import { initKnowledge } from '../../src/knowledge/init.ts'
import { formatIssue } from '../../src/knowledge/issues.ts'
import { claimsFile, draftFile, type KnowledgeLayout, knowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { promoteDraft } from '../../src/knowledge/promote.ts'
import { selfTest } from '../../src/knowledge/self-test.ts'

const PAGE = `---
title: Equipment
---

GSA issues every TTS employee a badge, laptop, and phone.

## Phones

Your phone will be shipped to your home address. It will arrive within your first few weeks.

## Lost equipment

* Report a lost laptop to the IT Service Desk within one hour.
* Inform your supervisor.
`

const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

/** a new knowledge directory, as `kb init` makes it, with the page added as `kb add` adds it */
async function withPage(): Promise<KnowledgeLayout> {
  const folder = mkdtempSync(join(tmpdir(), 'cited-answers-own-'))
  folders.push(folder)
  const layout = knowledgeLayout(join(folder, 'knowledge'), folder)
  initKnowledge(layout)
  const file = join(folder, 'equipment.md')
  writeFileSync(file, PAGE)
  const prepared = prepareSource(Buffer.from(PAGE), file, {}, await loadDictionary())
  writeSource(layout, prepared, buildAliasTable([], []))
  return layout
}

interface Draft {
  id: string
  statement: string
  quote: string
  section: string
  topics: string[]
  entities: string[]
  questions: string[]
}
const readDraft = (layout: KnowledgeLayout) =>
  parseYaml(readFileSync(draftFile(layout, 'equipment'), 'utf8')) as { source: string; claims: Draft[] }
const writeDraft = (layout: KnowledgeLayout, claims: Draft[]) =>
  writeFileSync(draftFile(layout, 'equipment'), dump({ source: 'equipment', claims }))

describe('a new knowledge directory', () => {
  it('is valid and loads, empty, with its alias table and topic list explained', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cited-answers-init-'))
    folders.push(folder)
    const layout = knowledgeLayout(join(folder, 'team'), folder)
    expect(initKnowledge(layout)).toEqual({
      created: ['team/sources/', 'team/drafts/', 'team/claims/', 'team/aliases.yaml', 'team/topics.yaml'],
      kept: [],
    })
    expect(checkKnowledge(layout, new Set()).issues).toEqual([])
    expect(loadKnowledge(layout.root).claims).toEqual([])
    expect(readFileSync(layout.aliasesFile, 'utf8')).toContain('aliases: [PTO, vacation, holiday, time off]')
  })

  it('is completed, never overwritten, by a second init', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cited-answers-init-'))
    folders.push(folder)
    const layout = knowledgeLayout(join(folder, 'team'), folder)
    initKnowledge(layout)
    writeFileSync(layout.topicsFile, 'topics:\n  - { id: leave, name: Leave }\n')
    rmSync(layout.aliasesFile)
    expect(initKnowledge(layout).created).toEqual(['team/aliases.yaml'])
    expect(readFileSync(layout.topicsFile, 'utf8')).toContain('id: leave')
  })
})

describe('a document just added', () => {
  it('takes the title it gives itself and records its format', async () => {
    const layout = await withPage()
    const meta = parseYaml(readFileSync(join(layout.sourcesDir, 'equipment.yaml'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(meta).toMatchObject({ id: 'equipment', title: 'Equipment', format: 'markdown' })
  })

  it('answers at once from its passages, cited to document and section, marked as not yet reviewed', async () => {
    const kb = loadKnowledge((await withPage()).root)
    const answer = ask('when will my phone arrive', kb)
    expect(answer.kind).toBe('answered')
    const [first] = answer.kind === 'answered' ? answer.matches : []
    expect(first?.citation).toEqual({
      source: 'equipment',
      title: 'Equipment',
      section: 'Phones',
      quote: 'Your phone will be shipped to your home address. It will arrive within your first few weeks.',
    })
    expect(first?.claim.reviewed).toBe(false)
    expect(answerToJson(answer).answers[0]?.reviewed).toBe(false)
  })

  it('still declines what the page does not say', async () => {
    expect(ask('what is the per diem rate in Denver', loadKnowledge((await withPage()).root)).kind).toBe(
      'no-answer',
    )
  })

  it('leaves out a passage whose quote a curator broke, saying why, and answers from the rest', async () => {
    const layout = await withPage()
    const claims = readDraft(layout).claims
    writeDraft(
      layout,
      claims.map((claim) =>
        claim.section === 'Phones' ? { ...claim, quote: 'Your phone ships by boat.' } : claim,
      ),
    )
    const { issues, draftIssues, drafts } = checkKnowledge(layout, new Set())
    expect(issues).toEqual([])
    expect(draftIssues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /^knowledge\/drafts\/equipment\.yaml, claim "equipment\/your-phone-will-be-shipped": quote not found verbatim in source "equipment"; it does not answer until this is fixed\. Fix: /,
      ),
    ])
    expect(drafts).toHaveLength(claims.length - 1)
    const kb = loadKnowledge(layout.root)
    expect(kb.claims.some((claim) => claim.section === 'Phones')).toBe(false)
    expect(ask('report a lost laptop', kb).kind).toBe('answered')
  })

  it('yields to a curated claim that matches as well, and is replaced by the claims promoted from it', async () => {
    const layout = await withPage()
    const curated = readDraft(layout).claims.map((claim) => ({
      ...claim,
      statement: `TTS employees: ${claim.quote}`,
      topics: ['equipment'],
      questions: [
        `what does the handbook say about ${claim.id.split('/')[1]?.replace(/-/g, ' ')}`,
        `more on ${claim.quote.slice(0, 30)}`,
      ],
    }))
    writeFileSync(layout.topicsFile, 'topics:\n  - { id: equipment, name: Equipment }\n')
    // a curated claim beside the drafts, quoting the same passage as one of them
    const phone = curated.find((claim) => claim.section === 'Phones')
    writeFileSync(
      claimsFile(layout, 'equipment'),
      dump({ source: 'equipment', claims: [{ ...phone, id: 'equipment/phone-arrival' }] }),
    )
    const both = loadKnowledge(layout.root)
    const answer = ask('when will my phone arrive', both)
    expect(answer.kind === 'answered' && answer.matches[0]?.claim.id).toBe('equipment/phone-arrival')

    rmSync(claimsFile(layout, 'equipment'))
    writeDraft(layout, curated)
    expect(promoteDraft(layout, 'equipment')).toMatchObject({ promoted: curated.length })
    expect(existsSync(draftFile(layout, 'equipment'))).toBe(false)
    const promoted = loadKnowledge(layout.root)
    expect(promoted.claims.every((claim) => claim.reviewed !== false)).toBe(true)
    expect(selfTest(promoted).failures).toEqual([])
  })
})

describe('the self-test of a knowledge base', () => {
  it('lists an example question whose own claim is not among the first answers', async () => {
    const layout = await withPage()
    const claims = readDraft(layout).claims.map((claim, at) => ({
      ...claim,
      statement: `TTS employees: ${claim.quote}`,
      topics: ['equipment'],
      // the last claim is given a question that another claim answers
      questions:
        at === 3
          ? ['when will my phone arrive at home', 'inform your supervisor']
          : [`${claim.quote.slice(0, 40)} details`, `${claim.id} question`],
    }))
    writeFileSync(layout.topicsFile, 'topics:\n  - { id: equipment, name: Equipment }\n')
    writeDraft(layout, claims)
    expect(promoteDraft(layout, 'equipment')).toMatchObject({ promoted: claims.length })
    const { failures } = selfTest(loadKnowledge(layout.root))
    expect(failures.map((failure) => [failure.claim, failure.question])).toEqual([
      [claims[3]?.id, 'when will my phone arrive at home'],
    ])
  })
})
