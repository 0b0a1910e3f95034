/**
 * The second domain, a team handbook curated with the documented workflow (tests/eval/tts-handbook): a
 * knowledge directory of a team's own, checked as `kb check` and `kb test` check any.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { checkKnowledge } from '../../src/knowledge/audit.ts'
import { loadDictionary } from '../../src/knowledge/clean/dictionary.ts'
import { formatIssue } from '../../src/knowledge/issues.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { knowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { selfTest } from '../../src/knowledge/self-test.ts'

const ROOT = new URL('../eval/tts-handbook/knowledge', import.meta.url).pathname

let kb: KnowledgeBase
beforeAll(() => {
  kb = loadKnowledge(ROOT)
})

describe('the curated team handbook', () => {
  it('passes every check, its Markdown cleaned as the cleaner cleans it today', async () => {
    const { issues } = checkKnowledge(knowledgeLayout(ROOT), await loadDictionary())
    expect(issues.map(formatIssue)).toEqual([])
  })

  it('answers each of its example questions with its own claim among the first three', () => {
    const { asked, failures } = selfTest(kb)
    expect(asked).toBeGreaterThan(1500)
    expect(failures).toEqual([])
  })
})
