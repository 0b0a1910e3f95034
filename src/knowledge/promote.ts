/** Promotes a curated draft into the knowledge base, holding it to every rule the shipped claims meet. */
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { load as parseYaml, YAMLException } from 'js-yaml'
import { toYaml } from './add-source.ts'
import { auditCoverage } from './audit.ts'
import type { KnowledgeIssue } from './issues.ts'
import { claimsFile, displayPath, draftFile, type KnowledgeLayout, kbCommand } from './layout.ts'
import { claimOf, type KnowledgeData, readKnowledge, subjectOf } from './read.ts'
import { claimsFileSchema } from './schema.ts'
import { validateKnowledge } from './validate.ts'

export type PromoteResult = { promoted: number; file: string } | { promoted: 0; issues: KnowledgeIssue[] }

/**
 * Check `drafts/<source>.yaml` together with the rest of the knowledge base; when it passes, append its
 * claims to `claims/<source>.yaml` and remove the draft. Nothing is written when anything fails.
 */
export function promoteDraft(layout: KnowledgeLayout, sourceId: string): PromoteResult {
  const draftPath = draftFile(layout, sourceId)
  const file = displayPath(layout, draftPath)
  const fail = (issues: KnowledgeIssue[]): PromoteResult => ({ promoted: 0, issues })
  const { data, issues } = readKnowledge(layout)
  if (!data.sources.some((source) => source.meta.id === sourceId)) {
    return fail([
      {
        code: 'unknown-source',
        file,
        message: `source "${sourceId}" has no file in ${displayPath(layout, layout.sourcesDir)}/`,
        fix: `add the document first with \`${kbCommand(layout, 'add <file>')}\``,
      },
    ])
  }
  if (!existsSync(draftPath)) {
    return fail([
      { code: 'missing-file', file, message: 'there is no draft to promote', fix: 'add the document first' },
    ])
  }
  let value: unknown
  try {
    value = parseYaml(readFileSync(draftPath, 'utf8'))
  } catch (error) {
    const where = error instanceof YAMLException && error.mark ? ` at line ${error.mark.line + 1}` : ''
    const reason = error instanceof YAMLException ? error.reason : String(error)
    return fail([
      {
        code: 'yaml-syntax',
        file,
        message: `is not valid YAML${where}: ${reason}`,
        fix: 'correct the YAML syntax there',
      },
    ])
  }
  const parsed = claimsFileSchema.safeParse(value)
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((problem) => {
        const subject = subjectOf(value, problem.path)
        return {
          code: 'schema' as const,
          file,
          ...(subject ? { subject } : {}),
          message: `${problem.path.join('.')}: ${problem.message}`,
          fix: 'complete the draft as its header comment says',
        }
      }),
    )
  }
  const targetPath = claimsFile(layout, sourceId)
  const target = displayPath(layout, targetPath)
  const existing = data.claimSets.find((set) => set.source === sourceId)
  const drafted = parsed.data.claims.map((claim) => claimOf(claim, sourceId))
  const merged = { file: target, source: sourceId, claims: [...(existing?.claims ?? []), ...drafted] }
  const candidate: KnowledgeData = {
    ...data,
    claimSets: [...data.claimSets.filter((set) => set.source !== sourceId), merged],
  }
  const problems = [...issues, ...validateKnowledge(candidate), ...auditCoverage(candidate).issues]
  if (problems.length > 0)
    return fail(problems.map((issue) => (issue.file === target ? { ...issue, file } : issue)))
  mkdirSync(layout.claimsDir, { recursive: true })
  writeFileSync(
    targetPath,
    toYaml({ source: sourceId, claims: merged.claims.map(({ source: _, ...claim }) => claim) }),
  )
  unlinkSync(draftPath)
  return { promoted: drafted.length, file: target }
}
