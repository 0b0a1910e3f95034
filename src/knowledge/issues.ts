/** Problems found in knowledge files, each saying where, what is wrong, and how to fix it. */
import { CitedAnswersError } from '../errors.ts'
import { type KnowledgeLayout, kbCommand } from './layout.ts'

export type IssueCode =
  | 'missing-file'
  | 'unreadable-file'
  | 'file-too-large'
  | 'too-long'
  | 'yaml-syntax'
  | 'schema'
  | 'duplicate-id'
  | 'unknown-source'
  | 'wrong-claim-file'
  | 'unknown-section'
  | 'quote-not-found'
  | 'quote-in-other-section'
  | 'quote-spans-blocks'
  | 'quote-length'
  | 'damaged-statement'
  | 'vague-statement'
  | 'unknown-entity'
  | 'unknown-topic'
  | 'unknown-claim'
  | 'alias-conflict'
  | 'trivial-question'
  | 'duplicate-question'
  | 'raw-modified'
  | 'raw-origin-mismatch'
  | 'clean-stale'
  | 'uncovered'

export interface KnowledgeIssue {
  code: IssueCode
  /** the file, as shown to people (relative to the project) */
  file: string
  /** the claim, entity, term or topic the issue is about */
  subject?: string
  message: string
  fix: string
}

/** One line per issue: `file, claim "id": what is wrong. Fix: what to do.` */
export function formatIssue(issue: KnowledgeIssue): string {
  const subject = issue.subject ? `, ${issue.subject}` : ''
  return `${issue.file}${subject}: ${issue.message}. Fix: ${issue.fix}`
}

/** how many issues an error message lists before it summarises the rest */
const LISTED_ISSUES = 20

/** The error that refuses an invalid knowledge base, listing its issues. */
export function invalidKnowledgeError(
  issues: readonly KnowledgeIssue[],
  layout: KnowledgeLayout,
): CitedAnswersError {
  const listed = issues.slice(0, LISTED_ISSUES).map((issue) => `  - ${formatIssue(issue)}`)
  const more = issues.length > LISTED_ISSUES ? [`  … and ${issues.length - LISTED_ISSUES} more`] : []
  return new CitedAnswersError(
    'invalid-knowledge',
    [
      `Invalid knowledge base: ${issues.length} problem${issues.length === 1 ? '' : 's'} found.`,
      ...listed,
      ...more,
      `Run \`${kbCommand(layout, 'check')}\` to see every problem and the coverage report.`,
    ].join('\n'),
  )
}
