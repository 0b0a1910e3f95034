/**
 * The interactive terminal's history of questions, kept across runs in a file in the user's cache folder,
 * one entry a line, oldest first. History is a convenience: a file that cannot be read or written turns it
 * off for the session with one note, and never ends the session.
 */
import {
  appendFileSync,
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { dirname } from 'node:path'
import { MAX_QUESTION_CHARS } from '../../src/commands.ts'

/** the most entries loaded, and the most the file keeps once it is tidied */
export const HISTORY_SIZE = 500

/** enough of the file's end for HISTORY_SIZE of the longest questions; a larger file is not read whole */
const MOST_BYTES_READ = HISTORY_SIZE * MAX_QUESTION_CHARS * 4

/** control characters, and the Unicode ones that break or reorder a line when it is shown again */
const UNSAFE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\uFFFD]+/gu

/** A line as the history keeps it: without control characters, or nothing when it is not worth keeping. */
export function historyEntryOf(line: string): string | undefined {
  const entry = line.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim()
  return entry && entry.length <= MAX_QUESTION_CHARS ? entry : undefined
}

export interface History {
  /** newest first, as readline takes them */
  entries: readonly string[]
  /** why the history is off for this session, to tell the user once */
  note?: string
  /** Keep a line the user typed; returns a note the first time it cannot be written. */
  add(line: string): string | undefined
}

const reasonOf = (error: unknown) =>
  (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))

function readEnd(file: string): string {
  // non-blocking, so that a named pipe at that path cannot hang the start; it is refused below
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'not a file' })
    const length = Math.min(stat.size, MOST_BYTES_READ)
    const buffer = Buffer.alloc(length)
    let read = 0
    while (read < length) {
      const count = readSync(fd, buffer, read, length - read, stat.size - length + read)
      if (count === 0) break
      read += count
    }
    const text = buffer.subarray(0, read).toString('utf8')
    // read from the middle, the first line is the end of an older entry
    return stat.size > length ? text.slice(text.indexOf('\n') + 1) : text
  } finally {
    closeSync(fd)
  }
}

function newestFirst(lines: readonly string[]): string[] {
  const entries = new Set<string>()
  for (let at = lines.length - 1; at >= 0 && entries.size < HISTORY_SIZE; at--) {
    const entry = historyEntryOf(lines[at] ?? '')
    if (entry && !entries.has(entry)) entries.add(entry)
  }
  return [...entries]
}

/** Replace the file by its kept entries, so that appending does not grow it for ever. */
function tidy(file: string, entries: readonly string[]): void {
  const temporary = `${file}.${process.pid}.tmp`
  try {
    writeFileSync(
      temporary,
      entries
        .toReversed()
        .map((entry) => `${entry}\n`)
        .join(''),
      { mode: 0o600 },
    )
    renameSync(temporary, file)
  } catch {
    // an untidy file still loads; writing problems are reported when a line is added
    rmSync(temporary, { force: true })
  }
}

/** Load the history kept in `file` (a missing file is an empty history) and keep adding to it. */
export function openHistory(file: string): History {
  let lines: string[]
  try {
    lines = readEnd(file).split('\n')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      return {
        entries: [],
        note: `History is off: cannot read ${file} (${reasonOf(error)}).`,
        add: () => undefined,
      }
    }
    lines = []
  }
  const entries = newestFirst(lines)
  // appends from every session grow the file; it is cut back only now and then, to spare writes
  if (lines.length > 2 * HISTORY_SIZE) tidy(file, entries)
  let last = entries[0]
  let folderMade = false
  let off = false
  return {
    entries,
    add(line) {
      const entry = historyEntryOf(line)
      if (off || !entry || entry === last) return undefined
      try {
        if (!folderMade) mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
        folderMade = true
        appendFileSync(file, `${entry}\n`, { mode: 0o600 })
        last = entry
        return undefined
      } catch (error) {
        off = true
        return `History is off: cannot write ${file} (${reasonOf(error)}).`
      }
    },
  }
}
