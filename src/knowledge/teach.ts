/**
 * Teaches the knowledge base a question: adds it to the example questions of the claim that answers it.
 * The claims file gets one new line and is otherwise left exactly as the curators wrote it, so the change
 * reviews as a one-line diff.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { dump, load as parseYaml } from 'js-yaml'
import { normalizeText } from '../answer/text.ts'
import { parseCommand } from '../commands.ts'
import { formatIssue, type KnowledgeIssue } from './issues.ts'
import { claimsFile, displayPath, type KnowledgeLayout, kbCommand } from './layout.ts'
import { type KnowledgeData, readKnowledge } from './read.ts'
import { validateKnowledge } from './validate.ts'

export type TeachResult = { file: string; question: string } | { issues: KnowledgeIssue[] }

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const indentOf = (line: string) => line.length - line.trimStart().length

/**
 * The lines of `text` with `item` appended to the `questions:` list of the claim `id`, or undefined when
 * the claim is not written in the block style the tools write (a flow list, say): then a person adds it.
 */
function withQuestion(text: string, id: string, item: string): string | undefined {
  const lines = text.split('\n')
  const idLine = new RegExp(`^(\\s*)- id:\\s*(['"]?)${escapeRegExp(id)}\\2\\s*$`)
  const start = lines.findIndex((line) => idLine.test(line))
  if (start < 0) return undefined
  const claimIndent = indentOf(lines[start] ?? '')
  let end = start + 1
  while (end < lines.length) {
    const line = lines[end] ?? ''
    if (line.trim() !== '' && indentOf(line) <= claimIndent) break
    end++
  }
  const key = lines.slice(start, end).findIndex((line, at) => at > 0 && /^\s+questions:\s*$/.test(line))
  if (key < 0) return undefined
  const keyAt = start + key
  const keyIndent = indentOf(lines[keyAt] ?? '')
  let last = -1
  let itemIndent = -1
  for (let at = keyAt + 1; at < end; at++) {
    const line = lines[at] ?? ''
    if (line.trim() === '') continue
    const indent = indentOf(line)
    // a block list may sit at its key's indentation or deeper; anything else ends it
    if (indent < keyIndent || (indent === keyIndent && !line.trimStart().startsWith('- '))) break
    if (itemIndent < 0) itemIndent = indent
    last = at
  }
  if (last < 0) return undefined
  lines.splice(last + 1, 0, `${' '.repeat(itemIndent)}- ${item}`)
  return lines.join('\n')
}

/** The knowledge data with `question` added to claim `id`'s example questions. */
function withTaught(data: KnowledgeData, id: string, question: string): KnowledgeData {
  return {
    ...data,
    claimSets: data.claimSets.map((set) => ({
      ...set,
      claims: set.claims.map((claim) =>
        claim.id === id ? { ...claim, questions: [...claim.questions, question] } : claim,
      ),
    })),
  }
}

/**
 * Add `question` to the example questions of claim `id`, after checking it as every example question is
 * checked. Nothing is written unless the knowledge base is valid before and after, and the file reads back
 * as exactly the claims it held plus the one question.
 */
export function teachQuestion(layout: KnowledgeLayout, id: string, typed: string): TeachResult {
  const { data, issues } = readKnowledge(layout)
  if (issues.length > 0) return { issues }
  const set = data.claimSets.find((candidate) => candidate.claims.some((claim) => claim.id === id))
  if (!set) {
    return {
      issues: [
        {
          code: 'unknown-claim',
          file: displayPath(layout, layout.claimsDir),
          subject: `claim "${id}"`,
          message: 'there is no such claim',
          fix: `use a claim id as \`${kbCommand(layout, 'feedback')}\` lists them, like <source-id>/<claim-name>`,
        },
      ],
    }
  }
  const path = claimsFile(layout, set.source)
  const file = displayPath(layout, path)
  const subject = `claim "${id}"`
  const command = parseCommand(typed)
  if (command.kind !== 'ask') {
    const message =
      command.kind === 'invalid'
        ? command.message
        : `"${typed.trim()}" is one of the bot's commands, not a question`
    return {
      issues: [{ code: 'trivial-question', file, subject, message, fix: 'give the question in words' }],
    }
  }
  const { question } = command
  const claim = set.claims.find((candidate) => candidate.id === id)
  if (claim?.questions.some((existing) => normalizeText(existing) === normalizeText(question))) {
    const message = `question "${question}" is already one of its example questions`
    return { issues: [{ code: 'duplicate-question', file, subject, message, fix: 'nothing to add' }] }
  }
  // held to every rule the example questions already there meet, and only the problems it brings are its own
  const known = new Set(validateKnowledge(data).map(formatIssue))
  const problems = validateKnowledge(withTaught(data, id, question)).filter(
    (issue) => !known.has(formatIssue(issue)),
  )
  if (problems.length > 0) return { issues: problems }

  const before = readFileSync(path, 'utf8')
  // the question as YAML writes a scalar: plain where that reads back the same, quoted where it would not
  const item = dump(question, { lineWidth: -1 }).trimEnd()
  const after = withQuestion(before, id, item)
  const expected = parseYaml(before) as { claims: Array<{ id: string; questions: string[] }> }
  for (const claim of expected.claims) if (claim.id === id) claim.questions.push(question)
  if (after === undefined || !isDeepStrictEqual(parseYaml(after), expected)) {
    return {
      issues: [
        {
          code: 'schema',
          file,
          subject,
          message: 'its questions are not a block list the tool can add to without rewriting the file',
          fix: `add the question under its \`questions:\` by hand, then run \`${kbCommand(layout, 'check')}\``,
        },
      ],
    }
  }
  const temporary = `${path}.tmp`
  writeFileSync(temporary, after)
  renameSync(temporary, path)
  return { file, question }
}
