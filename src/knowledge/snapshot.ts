/**
 * A snapshot of the checked and indexed knowledge base, so the bot starts in a fraction of the time.
 * It is keyed by a hash of every knowledge file's bytes and of the running code: any edit to the knowledge,
 * or a new build, misses the snapshot and goes through every check again. An invalid knowledge base is
 * never in a snapshot, because only a knowledge base that passed its checks is written to one.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { IndexData } from '../answer/answer-index.ts'
import { encodeCommonness } from '../answer/english.ts'
import { assembleKnowledgeBase, type KnowledgeBase, type KnowledgeParts } from './knowledge-base.ts'
import { type KnowledgeLayout, knowledgeLayout } from './layout.ts'

const FORMAT = 4

export interface SnapshotOptions {
  /**
   * where snapshots may be kept, in order of preference: one is read from the first folder that holds it,
   * and written to the first folder that can be written (an install may be read-only, a container's say)
   */
  dirs: readonly string[]
  /** identifies the running code: a hash of the built bundle */
  codeId: string
}

interface Snapshot {
  format: number
  parts: KnowledgeParts
  index: IndexData
}

/** the files a knowledge base is read from, in a stable order */
function knowledgeFiles(layout: KnowledgeLayout): string[] {
  const list = (dir: string, suffixes: string[]) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => suffixes.some((suffix) => name.endsWith(suffix)))
          .sort()
          .map((name) => join(dir, name))
      : []
  return [
    layout.aliasesFile,
    layout.topicsFile,
    // the documents as received too: one edited by hand must miss the snapshot and meet the checks
    ...list(layout.sourcesDir, ['.yaml', '.clean.md', '.raw.txt']),
    ...list(layout.claimsDir, ['.yaml']),
    // drafted passages answer too, until promoted
    ...list(layout.draftsDir, ['.yaml']),
  ].filter((file) => existsSync(file))
}

/** A hash of the running code and of every knowledge file's name and bytes. */
export function fingerprintKnowledge(layout: KnowledgeLayout, codeId: string): string {
  const hash = createHash('sha256').update(`${FORMAT}\0${codeId}\0`)
  for (const file of knowledgeFiles(layout)) {
    hash
      .update(`${relative(layout.root, file)}\0`)
      .update(readFileSync(file))
      .update('\0')
  }
  return hash.digest('hex')
}

/**
 * A snapshot is stored as the sha256 of its JSON on the first line, then the JSON: one edited by hand, or
 * damaged on disk, no longer matches its hash and is rebuilt from the knowledge files and checked.
 */
const sealed = (json: string) => `${createHash('sha256').update(json).digest('hex')}\n${json}`

function readSnapshot(file: string): Snapshot | undefined {
  try {
    const text = readFileSync(file, 'utf8')
    const newline = text.indexOf('\n')
    const json = text.slice(newline + 1)
    if (newline !== 64 || createHash('sha256').update(json).digest('hex') !== text.slice(0, newline))
      return undefined
    const snapshot = JSON.parse(json) as Snapshot
    return snapshot.format === FORMAT ? snapshot : undefined
  } catch {
    return undefined
  }
}

/**
 * Write a snapshot atomically and drop older ones. False when the folder cannot be written: a snapshot
 * that cannot be written anywhere is only a slower start.
 */
function writeSnapshot(dir: string, file: string, snapshot: Snapshot): boolean {
  try {
    mkdirSync(dir, { recursive: true })
    for (const name of readdirSync(dir))
      if (name.startsWith('kb-') && join(dir, name) !== file) rmSync(join(dir, name), { force: true })
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, sealed(JSON.stringify(snapshot)))
    renameSync(temporary, file)
    return true
  } catch {
    // a read-only or full disk costs start-up time, never correctness
    return false
  }
}

/** Load the knowledge base from a snapshot when one matches, else load and check it fully and keep a snapshot. */
export async function loadKnowledgeWithSnapshot(
  root: string | undefined,
  options: SnapshotOptions,
): Promise<{ kb: KnowledgeBase; fromSnapshot: boolean }> {
  const layout = knowledgeLayout(root)
  const name = `kb-${fingerprintKnowledge(layout, options.codeId).slice(0, 32)}.json`
  for (const dir of options.dirs) {
    const snapshot = readSnapshot(join(dir, name))
    if (!snapshot) continue
    try {
      return { kb: assembleKnowledgeBase(snapshot.parts, snapshot.index), fromSnapshot: true }
    } catch {
      // a snapshot damaged on disk is only a slower start: load and check afresh, and write a new one
    }
  }
  // the checks (and the schema library) load only when there is something to check
  const { loadVerifiedKnowledge } = await import('./load.ts')
  const kb = await loadVerifiedKnowledge(root)
  const parts: KnowledgeParts = {
    sources: [...kb.sources.values()],
    claims: kb.claims,
    topics: kb.topics,
    entities: kb.entities,
    terms: kb.terms,
  }
  const postings: IndexData['postings'] = {}
  for (const [term, entry] of kb.index.postings) postings[term] = [[...entry.claims], [...entry.fields]]
  const snapshot: Snapshot = {
    format: FORMAT,
    parts,
    index: {
      postings,
      vocabulary: [...kb.index.vocabulary],
      commonness: encodeCommonness(kb.index.commonness),
      subjects: [...kb.index.subjects],
    },
  }
  for (const dir of options.dirs) if (writeSnapshot(dir, join(dir, name), snapshot)) break
  return { kb, fromSnapshot: false }
}
