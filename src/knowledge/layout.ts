/** Where each kind of knowledge file lives under a knowledge directory. */
import { existsSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
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
  /** the folder paths are shown relative to in messages: where the user runs the command from */
  shownFrom: string
  aliasesFile: string
  topicsFile: string
  sourcesDir: string
  claimsDir: string
  draftsDir: string
}

/**
 * The files of the knowledge directory `root` (the shipped one by default). A relative `root` is taken from
 * `shownFrom`, the folder the user works in, which paths in messages are then relative to as well.
 */
export function knowledgeLayout(
  root: string = DEFAULT_KNOWLEDGE_DIR,
  shownFrom: string = process.cwd(),
): KnowledgeLayout {
  root = resolve(shownFrom, root)
  return {
    root,
    shownFrom,
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

/**
 * A path as messages show it, so that it can be opened as shown: relative to the folder the user works in
 * when it lies inside it, else absolute.
 */
export function displayPath(layout: KnowledgeLayout, path: string): string {
  const shown = relative(layout.shownFrom, path)
  if (shown === '') return '.'
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown
}

const shellWord = (word: string) =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`

/**
 * A `kb` command exactly as the user must type it to work on this knowledge directory: with `--knowledge`
 * naming it, unless it is the shipped one.
 */
export function kbCommand(layout: KnowledgeLayout, args: string): string {
  const shipped = resolve(layout.root) === resolve(DEFAULT_KNOWLEDGE_DIR)
  const where = shipped ? '' : ` --knowledge ${shellWord(displayPath(layout, layout.root))}`
  return `npm run kb -- ${args}${where}`
}
