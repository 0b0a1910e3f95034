import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.ts'
import { formatIssue } from '../../src/knowledge/issues.ts'
import type { KnowledgeLayout } from '../../src/knowledge/layout.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { teachQuestion } from '../../src/knowledge/teach.ts'
import {
  copyKnowledgeFixture,
  removeKnowledgeFixture,
  writeKnowledgeFixture,
} from '../helpers/knowledge-fixture.ts'

const CLAIM = 'pressure/asset-freezes'
const QUESTION = 'whose bank accounts would get locked under the plan'

let fixture: KnowledgeLayout
beforeAll(async () => {
  fixture = await writeKnowledgeFixture()
})
afterAll(() => removeKnowledgeFixture(fixture))

interface FixtureCopy {
  layout: KnowledgeLayout
  /** its pressure claims file, and that file's text before the test */
  file: string
  before: string
}

/** run `test` on a fresh copy of the fixture, removed afterwards whatever the test does */
function onCopy(test: (copy: FixtureCopy) => void): void {
  const layout = copyKnowledgeFixture(fixture)
  try {
    const file = join(layout.claimsDir, 'pressure.yaml')
    test({ layout, file, before: readFileSync(file, 'utf8') })
  } finally {
    removeKnowledgeFixture(layout)
  }
}

const firstAnswer = (layout: KnowledgeLayout, question: string) => {
  const answer = ask(question, loadKnowledge(layout.root))
  return answer.kind === 'answered' ? answer.matches[0]?.claim.id : undefined
}

const problemsOf = (result: ReturnType<typeof teachQuestion>) =>
  'issues' in result ? result.issues.map(formatIssue).join('\n') : 'added'

describe('teaching a question', () => {
  it('adds one line to the claim and leaves the rest of the file as it was, and the bot then answers it', () => {
    onCopy(({ layout, file, before }) => {
      expect(firstAnswer(layout, QUESTION)).not.toBe(CLAIM)
      expect(teachQuestion(layout, CLAIM, `  ${QUESTION}\n`)).toEqual({
        file: expect.stringMatching(/claims\/pressure\.yaml$/),
        question: QUESTION,
      })
      const after = readFileSync(file, 'utf8').split('\n')
      const added = after.findIndex((line) => line.endsWith(QUESTION))
      expect(after[added]).toBe(`      - ${QUESTION}`)
      expect([...after.slice(0, added), ...after.slice(added + 1)].join('\n')).toBe(before)
      expect(firstAnswer(layout, QUESTION)).toBe(CLAIM)
    })
  })

  it('quotes a question that YAML would otherwise misread, and it reads back as typed', () => {
    onCopy(({ layout }) => {
      const tricky = 'asset freezes: who is #1 on the list?'
      expect(teachQuestion(layout, CLAIM, tricky)).toMatchObject({ question: tricky })
      const claim = loadKnowledge(layout.root).claims.find((candidate) => candidate.id === CLAIM)
      expect(claim?.questions.at(-1)).toBe(tricky)
    })
  })

  it.each([
    ['a claim that does not exist', 'pressure/no-such-claim', QUESTION, 'there is no such claim'],
    ['a question too short to tell claims apart', CLAIM, 'freezes', 'is too short or vague'],
    ['a command rather than a question', CLAIM, 'help', "is one of the bot's commands"],
    ['binary data', CLAIM, '\u0000\u0001\u0002 data', 'looks like binary data'],
    [
      'a question it already has',
      CLAIM,
      'who would ASSET freezes target',
      'is already one of its example questions',
    ],
  ])('refuses %s and writes nothing', (_, claim, question, problem) => {
    onCopy(({ layout, file, before }) => {
      expect(problemsOf(teachQuestion(layout, claim, question))).toContain(problem)
      expect(readFileSync(file, 'utf8')).toBe(before)
    })
  })

  it('refuses a question another claim already has, naming it', () => {
    onCopy(({ layout, file, before }) => {
      const other = loadKnowledge(layout.root).claims.find(
        (claim) => claim.id !== CLAIM && claim.source === 'pressure',
      )
      const taken = other?.questions[0] ?? ''
      expect(problemsOf(teachQuestion(layout, CLAIM, taken))).toContain(
        `also listed under claim "${other?.id}"`,
      )
      expect(readFileSync(file, 'utf8')).toBe(before)
    })
  })

  it('leaves a claim whose questions are written as a flow list for a person to edit', () => {
    onCopy(({ layout, file, before }) => {
      const lines = before.split('\n')
      const start = lines.findIndex((line) => line.includes(`id: ${CLAIM}`))
      const key = lines.findIndex((line, at) => at > start && line.trim() === 'questions:')
      const items: string[] = []
      while (lines[key + 1]?.trimStart().startsWith('- '))
        items.push(
          lines
            .splice(key + 1, 1)[0]
            ?.trim()
            .slice(2) ?? '',
        )
      lines[key] = `    questions: [${items.map((item) => JSON.stringify(item)).join(', ')}]`
      const flow = lines.join('\n')
      writeFileSync(file, flow)
      expect(loadKnowledge(layout.root).claims.length).toBeGreaterThan(0)
      expect(problemsOf(teachQuestion(layout, CLAIM, QUESTION))).toContain(
        'add the question under its `questions:` by hand',
      )
      expect(readFileSync(file, 'utf8')).toBe(flow)
    })
  })
})
