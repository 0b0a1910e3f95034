import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.ts'
import { CitedAnswersError } from '../../src/errors.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import type { KnowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { fingerprintKnowledge, loadKnowledgeWithSnapshot } from '../../src/knowledge/snapshot.ts'
import {
  copyKnowledgeFixture,
  removeKnowledgeFixture,
  writeKnowledgeFixture,
} from '../helpers/knowledge-fixture.ts'

const QUESTIONS = [
  'What does Iran contribute?',
  'what does the DPRK contribute',
  'what does Iran contirbute',
  'What should be done about North Korea?',
  'Can talks reduce the risk of escalation?',
  'How do I bake sourdough bread?',
  '',
]

let pristine: KnowledgeLayout
let reference: KnowledgeBase
let layout: KnowledgeLayout
let dir: string
const made: KnowledgeLayout[] = []
const dirs: string[] = []

let seedDir: string
const cacheDir = () => {
  const made = join(mkdtempSync(join(tmpdir(), 'cited-answers-snapshot-')), 'cache')
  dirs.push(made)
  return made
}

beforeAll(async () => {
  pristine = await writeKnowledgeFixture()
  reference = loadKnowledge(pristine.root)
  // one snapshot of the fixture, copied into the tests that start from an existing snapshot
  seedDir = cacheDir()
  await loadKnowledgeWithSnapshot(pristine.root, { dirs: [seedDir], codeId: 'build-1' })
})
beforeEach(() => {
  layout = copyKnowledgeFixture(pristine)
  made.push(layout)
  dir = cacheDir()
})
afterAll(() => {
  for (const each of [pristine, ...made]) removeKnowledgeFixture(each)
  for (const each of dirs) rmSync(join(each, '..'), { recursive: true, force: true })
})

const load = (codeId = 'build-1') => loadKnowledgeWithSnapshot(layout.root, { dirs: [dir], codeId })
const snapshots = () => readdirSync(dir).sort()
/** start from the snapshot an earlier load of the same knowledge files wrote */
const seed = () => cpSync(seedDir, dir, { recursive: true })
const answers = (kb: KnowledgeBase) =>
  QUESTIONS.flatMap((question) => [ask(question, kb), ask(question, kb, { limit: 1, offset: 1 })])

describe('loading through a snapshot', () => {
  it('writes a snapshot on the first load, and answers exactly as a full load does', async () => {
    const first = await load()
    expect(first.fromSnapshot).toBe(false)
    expect(snapshots()).toEqual([`kb-${fingerprintKnowledge(layout, 'build-1').slice(0, 32)}.json`])
    // the same files in another folder make the same snapshot
    expect(snapshots()).toEqual(readdirSync(seedDir))
    expect(answers(first.kb)).toEqual(answers(reference))
    expect((await load()).fromSnapshot).toBe(true)
  })

  it('uses the snapshot on the second load, with the same claims, sources and answers', async () => {
    seed()
    const second = await load()
    expect(second.fromSnapshot).toBe(true)
    expect(second.kb.claims).toEqual(reference.claims)
    expect([...second.kb.sources.values()]).toEqual([...reference.sources.values()])
    expect(second.kb.topics).toEqual(reference.topics)
    expect(second.kb.entities).toEqual(reference.entities)
    expect(answers(second.kb)).toEqual(answers(reference))
  })

  it('misses the snapshot when a knowledge file changes, and keeps only the new one', async () => {
    seed()
    const before = snapshots()
    writeFileSync(
      layout.topicsFile,
      readFileSync(layout.topicsFile, 'utf8').replace('name: Sanctions', 'name: Penalties'),
    )
    const changed = await load()
    expect(changed.fromSnapshot).toBe(false)
    expect(changed.kb.topics.find((topic) => topic.id === 'sanctions')?.name).toBe('Penalties')
    expect(snapshots()).toHaveLength(1)
    expect(snapshots()).not.toEqual(before)
    expect((await load()).fromSnapshot).toBe(true)
  })

  it('misses the snapshot when the cleaned text of a source is edited, and refuses it as kb check does', async () => {
    seed()
    const clean = join(layout.sourcesDir, 'pressure.clean.md')
    writeFileSync(clean, `${readFileSync(clean, 'utf8')}\nAn added closing paragraph.\n`)
    await expect(load()).rejects.toThrow(
      'pressure.clean.md: the stored cleaned text is not what the cleaner makes of the raw text',
    )
  })

  it('refuses a document as received edited by a single byte, though its claims still quote the cleaned text', async () => {
    seed()
    const raw = join(layout.sourcesDir, 'pressure.raw.txt')
    writeFileSync(raw, readFileSync(raw, 'utf8').replace('W', 'w'))
    await expect(load()).rejects.toThrow('pressure.raw.txt: the raw text differs from the text as received')
  })

  it('refuses a cleaned text and a quote edited together to say what the document never said', async () => {
    seed()
    const clean = join(layout.sourcesDir, 'pressure.clean.md')
    const claims = join(layout.claimsDir, 'pressure.yaml')
    const [original = '', forged] = ['Options include', 'A welcome shift is occurring; options include']
    writeFileSync(clean, readFileSync(clean, 'utf8').replace(original, forged))
    writeFileSync(claims, readFileSync(claims, 'utf8').replaceAll(original, forged))
    await expect(load()).rejects.toThrow(
      'the stored cleaned text is not what the cleaner makes of the raw text',
    )
  })

  it('does not serve a snapshot edited by hand: its hash no longer matches, and it is rebuilt and checked', async () => {
    seed()
    const [name = ''] = snapshots()
    const file = join(dir, name)
    const quote = reference.claims[0]?.quote ?? ''
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replaceAll(JSON.stringify(quote).slice(1, -1), 'A forged quote.'),
    )
    const rebuilt = await load()
    expect(rebuilt.fromSnapshot).toBe(false)
    expect(rebuilt.kb.claims[0]?.quote).toBe(quote)
  })

  it('misses the snapshot when the code changes', async () => {
    seed()
    const rebuilt = await load('build-2')
    expect(rebuilt.fromSnapshot).toBe(false)
    expect(answers(rebuilt.kb)).toEqual(answers(reference))
  })

  it.each([
    ['truncated', (text: string) => text.slice(0, text.length / 2)],
    ['of another format', (text: string) => text.replace('{"format":4', '{"format":3')],
    ['of the right format but no content', () => '{"format":4}'],
    [
      'of the right format with a damaged index',
      (text: string) => {
        const snapshot = JSON.parse(text) as { index: unknown }
        snapshot.index = {}
        return JSON.stringify(snapshot)
      },
    ],
    [
      "of the right format with its claims' subjects missing",
      (text: string) => {
        const snapshot = JSON.parse(text) as { index: { subjects?: unknown } }
        delete snapshot.index.subjects
        return JSON.stringify(snapshot)
      },
    ],
  ])(
    'ignores a snapshot that is %s, even sealed with a matching hash, and rebuilds it, never crashing',
    async (_, damage) => {
      seed()
      const [name = ''] = snapshots()
      const file = join(dir, name)
      const json = readFileSync(file, 'utf8').split('\n').slice(1).join('\n')
      const damaged = damage(json)
      writeFileSync(file, `${createHash('sha256').update(damaged).digest('hex')}\n${damaged}`)
      const rebuilt = await load()
      expect(rebuilt.fromSnapshot).toBe(false)
      expect(answers(rebuilt.kb)).toEqual(answers(reference))
      expect(snapshots()).toEqual([name])
      expect((await load()).fromSnapshot).toBe(true)
    },
  )

  it('still refuses an invalid knowledge base when a snapshot of the valid one is present', async () => {
    seed()
    const stale = snapshots()
    const claims = join(layout.claimsDir, 'pressure.yaml')
    writeFileSync(
      claims,
      readFileSync(claims, 'utf8').replace('section: Sanctions And Their Types', 'section: Sanctions'),
    )
    const refusal = await load().then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(refusal).toBeInstanceOf(CitedAnswersError)
    expect((refusal as CitedAnswersError).code).toBe('invalid-knowledge')
    expect((refusal as Error).message).toContain(
      'knowledge/claims/pressure.yaml, claim "pressure/comprehensive-strategies": section "Sanctions" is not a section of source "pressure"',
    )
    // nothing was written for the invalid knowledge base
    expect(snapshots()).toEqual(stale)
  })

  it('works, only slower, when the snapshot folder cannot be written', async () => {
    const file = join(dir, '..', 'a-file')
    writeFileSync(file, '')
    const blocked = await loadKnowledgeWithSnapshot(layout.root, {
      dirs: [join(file, 'cache')],
      codeId: 'build-1',
    })
    expect(blocked.fromSnapshot).toBe(false)
    expect(answers(blocked.kb)).toEqual(answers(reference))
  })

  it('keeps the snapshot in the next folder when the first cannot be written, and starts from it', async () => {
    const file = join(dir, '..', 'a-file')
    writeFileSync(file, '')
    const dirs = [join(file, 'cache'), dir]
    const first = await loadKnowledgeWithSnapshot(layout.root, { dirs, codeId: 'build-1' })
    expect(first.fromSnapshot).toBe(false)
    expect(snapshots()).toEqual([`kb-${fingerprintKnowledge(layout, 'build-1').slice(0, 32)}.json`])
    const second = await loadKnowledgeWithSnapshot(layout.root, { dirs, codeId: 'build-1' })
    expect(second.fromSnapshot).toBe(true)
    expect(answers(second.kb)).toEqual(answers(reference))
  })

  it('reads a snapshot from a later folder without writing another to the first', async () => {
    seed()
    const first = cacheDir()
    const loaded = await loadKnowledgeWithSnapshot(layout.root, { dirs: [first, dir], codeId: 'build-1' })
    expect(loaded.fromSnapshot).toBe(true)
    expect(answers(loaded.kb)).toEqual(answers(reference))
    expect(() => readdirSync(first)).toThrow()
  })
})
