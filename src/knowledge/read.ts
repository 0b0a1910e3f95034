/** Reads the knowledge files from disk and checks each against its schema. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import { load as parseYaml, YAMLException } from 'js-yaml'
import type { z } from 'zod'
import type { Claim, CleanDocument, Entity, TermGroup, Topic } from '../types.ts'
import { parseCleanMarkdown } from './clean-markdown.ts'
import type { KnowledgeIssue } from './issues.ts'
import { displayPath, type KnowledgeLayout, kbCommand, sourceFiles } from './layout.ts'
import {
  aliasesFileSchema,
  claimsFileSchema,
  draftFileSchema,
  type SourceMeta,
  sourceMetaSchema,
  topicsFileSchema,
} from './schema.ts'

export interface SourceData {
  meta: SourceMeta
  document: CleanDocument
  files: ReturnType<typeof sourceFiles>
}

/** The claims of one claims file. */
export interface ClaimSet {
  file: string
  source: string
  claims: Claim[]
}

/** Everything in a knowledge directory, parsed but not yet cross-checked. */
export interface KnowledgeData {
  layout: KnowledgeLayout
  sources: SourceData[]
  claimSets: ClaimSet[]
  /** the passages of draft files, not yet reviewed, each as a claim marked `reviewed: false` */
  draftSets: ClaimSet[]
  /**
   * what keeps a draft file, or a passage of one, from answering: reported by `kb check`, never a reason
   * to refuse the knowledge base, since a draft is work in progress
   */
  draftIssues: KnowledgeIssue[]
  entities: Entity[]
  terms: TermGroup[]
  topics: Topic[]
  /**
   * the shared files that could not be read: their problem is reported once, and the claims' references
   * to the entities or topics they would list are not each reported as unknown on top of it
   */
  unreadable?: { aliases?: true; topics?: true }
}

type Reader = { issues: KnowledgeIssue[]; layout: KnowledgeLayout }

/**
 * the largest knowledge file read: the shipped claims files are about 100 KiB, a long handbook's cleaned
 * text a few hundred; one larger is a mistake, and parsing and indexing it would stall start-up
 */
export const MAX_KNOWLEDGE_FILE_BYTES = 8 * 1024 * 1024

/** What a file-system error means for a knowledge file, and what to do about it. */
export function fileProblem(error: unknown): { message: string; fix: string } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  if (code === 'EISDIR') return { message: 'is a folder, not a file', fix: 'put the file there in its place' }
  if (code === 'EACCES' || code === 'EPERM')
    return { message: 'cannot be read: permission denied', fix: 'let the user running the bot read it' }
  if (code === 'ENOTDIR')
    return { message: 'is a file where a folder belongs', fix: 'move the file away and make the folder' }
  return {
    message: `cannot be read (${code || (error instanceof Error ? error.message : String(error))})`,
    fix: 'check the file and the disk',
  }
}

function readText(reader: Reader, path: string, what: string, fix: string): string | undefined {
  const file = displayPath(reader.layout, path)
  if (!existsSync(path)) {
    reader.issues.push({ code: 'missing-file', file, message: `${what} is missing`, fix })
    return undefined
  }
  try {
    const size = statSync(path).size
    if (size > MAX_KNOWLEDGE_FILE_BYTES) {
      reader.issues.push({
        code: 'file-too-large',
        file,
        message: `is ${size} bytes; a knowledge file may hold up to ${MAX_KNOWLEDGE_FILE_BYTES}`,
        fix: 'split the document with `kb add --lines`, or the claims over several sources',
      })
      return undefined
    }
    return readFileSync(path, 'utf8')
  } catch (error) {
    reader.issues.push({ code: 'unreadable-file', file, ...fileProblem(error) })
    return undefined
  }
}

/** the id of the list item a schema error points into, to name it in the message */
export function subjectOf(value: unknown, path: readonly PropertyKey[]): string | undefined {
  const [list, index] = path
  if (typeof list !== 'string' || typeof index !== 'number' || typeof value !== 'object' || value === null) {
    return undefined
  }
  const item = (value as Record<string, unknown[]>)[list]?.[index] as { id?: unknown } | undefined
  const kind = list === 'claims' ? 'claim' : list.replace(/s$/, '')
  return typeof item?.id === 'string' ? `${kind} "${item.id}"` : `${kind} #${index + 1}`
}

function readYaml<T>(
  reader: Reader,
  path: string,
  schema: z.ZodType<T>,
  what: string,
  fix: string,
): T | undefined {
  const text = readText(reader, path, what, fix)
  if (text === undefined) return undefined
  const file = displayPath(reader.layout, path)
  let value: unknown
  try {
    value = parseYaml(text)
  } catch (error) {
    const where = error instanceof YAMLException && error.mark ? ` at line ${error.mark.line + 1}` : ''
    const reason = error instanceof YAMLException ? error.reason : String(error)
    reader.issues.push({
      code: 'yaml-syntax',
      file,
      message: `is not valid YAML${where}: ${reason}`,
      fix: 'correct the YAML syntax (indentation, quoting, colons) at that line',
    })
    return undefined
  }
  const result = schema.safeParse(value)
  if (result.success) return result.data
  for (const problem of result.error.issues) {
    const subject = subjectOf(value, problem.path)
    const field = problem.path.map(String).join('.') || 'the file'
    reader.issues.push({
      code: 'schema',
      file,
      ...(subject ? { subject } : {}),
      message: `${field}: ${problem.message}`,
      fix: 'make the field match the schema in src/knowledge/schema.ts (see "Knowledge files" in the README)',
    })
  }
  return undefined
}

function yamlFiles(reader: Reader, dir: string): string[] {
  if (!existsSync(dir)) return []
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
  } catch (error) {
    reader.issues.push({
      code: 'unreadable-file',
      file: displayPath(reader.layout, dir),
      ...fileProblem(error),
    })
    return []
  }
}

/** A claim as read from a claims file, with its source; optional fields left out when absent. */
export function claimOf(
  { stance, sameAs, ...claim }: z.infer<typeof claimsFileSchema>['claims'][number],
  source: string,
): Claim {
  return { ...claim, source, ...(stance ? { stance } : {}), ...(sameAs ? { sameAs } : {}) }
}

/** Read every knowledge file under `layout`, collecting what cannot be read or does not fit its schema. */
export function readKnowledge(layout: KnowledgeLayout): { data: KnowledgeData; issues: KnowledgeIssue[] } {
  const reader: Reader = { issues: [], layout }
  const data: KnowledgeData = {
    layout,
    sources: [],
    claimSets: [],
    draftSets: [],
    draftIssues: [],
    entities: [],
    terms: [],
    topics: [],
  }

  const aliases = readYaml(
    reader,
    layout.aliasesFile,
    aliasesFileSchema,
    'the alias table',
    `restore ${displayPath(layout, layout.aliasesFile)} from version control, or make a new one with \`${kbCommand(layout, 'init')}\``,
  )
  if (aliases) {
    data.entities = aliases.entities
    data.terms = aliases.terms
  } else data.unreadable = { ...data.unreadable, aliases: true }
  const topics = readYaml(
    reader,
    layout.topicsFile,
    topicsFileSchema,
    'the topic list',
    `restore ${displayPath(layout, layout.topicsFile)} from version control, or make a new one with \`${kbCommand(layout, 'init')}\``,
  )
  if (topics) data.topics = topics.topics
  else data.unreadable = { ...data.unreadable, topics: true }

  for (const name of yamlFiles(reader, layout.sourcesDir)) {
    const id = basename(name, '.yaml')
    const files = sourceFiles(layout, id)
    const meta = readYaml(reader, files.meta, sourceMetaSchema, 'source metadata', 'add the source again')
    if (!meta) continue
    if (meta.id !== id) {
      reader.issues.push({
        code: 'schema',
        file: displayPath(layout, files.meta),
        message: `id "${meta.id}" does not match the file name "${name}"`,
        fix: `rename the file to ${meta.id}.yaml or set id: ${id}`,
      })
      continue
    }
    const cleanFix = `run \`${kbCommand(layout, `clean ${id}`)}\` to regenerate it from the raw text`
    const cleaned = readText(reader, files.clean, 'the cleaned text of the source', cleanFix)
    if (cleaned === undefined) continue
    data.sources.push({ meta, document: parseCleanMarkdown(cleaned), files })
  }

  for (const name of yamlFiles(reader, layout.claimsDir)) {
    const path = `${layout.claimsDir}/${name}`
    const set = readYaml(reader, path, claimsFileSchema, 'a claims file', 'restore it from version control')
    if (!set) continue
    const claims = set.claims.map((claim) => claimOf(claim, set.source))
    data.claimSets.push({ file: displayPath(layout, path), source: set.source, claims })
  }

  const draftReader: Reader = { issues: data.draftIssues, layout }
  for (const name of yamlFiles(draftReader, layout.draftsDir)) {
    const path = `${layout.draftsDir}/${name}`
    const set = readYaml(
      draftReader,
      path,
      draftFileSchema,
      'a draft claims file',
      'correct it, or delete it',
    )
    if (!set) continue
    const claims = set.claims.map(
      (draft): Claim => ({
        id: draft.id,
        statement: draft.statement,
        quote: draft.quote,
        section: draft.section,
        source: set.source,
        topics: draft.topics ?? [],
        entities: draft.entities ?? [],
        questions: draft.questions ?? [],
        reviewed: false,
      }),
    )
    data.draftSets.push({ file: displayPath(layout, path), source: set.source, claims })
  }
  return { data, issues: reader.issues }
}
