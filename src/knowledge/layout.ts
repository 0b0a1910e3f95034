/** Where each kind of knowledge file lives under a knowledge directory. */
import { existsSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The knowledge directory shipped with the project: the nearest `knowledge/` above this code, built or not. */
function findShippedKnowledge(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'knowledge', 'aliases.yaml'))) return join(dir, 'knowledge')
    const parent = dirname(dir)
    if (parent === dir) return join(process.cwd(), 'knowledge')
    dir = parent
  }
}

export const DEFAULT_KNOWLEDGE_DIR = findShippedKnowledge()

export interface KnowledgeLayout {
  root: string
  aliasesFile: string
  topicsFile: string
  sourcesDir: string
  claimsDir: string
  draftsDir: string
}

export function knowledgeLayout(root: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeLayout {
  return {
    root,
    aliasesFile: join(root, 'aliases.yaml'),
    topicsFile: join(root, 'topics.yaml'),
    sourcesDir: join(root, 'sources'),
    claimsDir: join(root, 'claims'),
    draftsDir: join(root, 'drafts'),
  }
}

/** The three files of one source: its metadata, its raw text as received, its cleaned text. */
export function sourceFiles(layout: KnowledgeLayout, id: string) {
  return {
    meta: join(layout.sourcesDir, `${id}.yaml`),
    raw: join(layout.sourcesDir, `${id}.raw.txt`),
    clean: join(layout.sourcesDir, `${id}.clean.md`),
  }
}

export const claimsFile = (layout: KnowledgeLayout, sourceId: string) =>
  join(layout.claimsDir, `${sourceId}.yaml`)
export const draftFile = (layout: KnowledgeLayout, sourceId: string) =>
  join(layout.draftsDir, `${sourceId}.yaml`)

/** A path as messages show it: relative to the directory above the knowledge directory. */
export function displayPath(layout: KnowledgeLayout, path: string): string {
  return relative(join(layout.root, '..'), path) || path
}
