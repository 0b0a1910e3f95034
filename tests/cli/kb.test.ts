/**
 * `npm run kb` as a team runs it on its own knowledge directory: it honours KNOWLEDGE_DIR as the bot does
 * (--knowledge wins), takes paths from where the command was typed, and names the directory in every hint.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const project = join(import.meta.dirname, '..', '..')
let folder: string

/** run `kb` with tsx as npm would: from the project's folder, INIT_CWD the folder the user is in */
function kb(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(project, 'src', 'cli', 'kb.ts'), ...args],
    {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, KNOWLEDGE_DIR: '', INIT_CWD: folder, ...env },
    },
  )
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'cited-answers-cli-'))
  writeFileSync(
    join(folder, 'leave.md'),
    '---\ntitle: Leave\n---\n\n## Annual leave\n\nYou earn 4 hours of annual leave per pay period.\n',
  )
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('npm run kb on a team’s own knowledge directory', () => {
  it('makes one with init, from where the command was typed, and says what to do next', () => {
    const { code, stdout } = kb(['init', 'team'])
    expect(code).toBe(0)
    expect(stdout).toContain(
      'Knowledge directory team: made team/sources/, team/drafts/, team/claims/, team/aliases.yaml, team/topics.yaml.',
    )
    expect(stdout).toContain('npm run kb -- add <file> --knowledge team')
  })

  it('adds a document named from where the command was typed, naming the directory in every next step', () => {
    const { code, stdout } = kb(['add', 'leave.md', '--knowledge', 'team'])
    expect(code).toBe(0)
    expect(stdout).toContain('Added "Leave" as source "leave" (markdown)')
    expect(stdout).toContain(
      'cleaned text: team/sources/leave.clean.md (npm run kb -- show leave --knowledge team)',
    )
    expect(stdout).toContain('  npm run kb -- promote leave --knowledge team')
  })

  it('works on KNOWLEDGE_DIR when no --knowledge is given, as the bot does', () => {
    const { code, stdout } = kb(['check'], { KNOWLEDGE_DIR: join(folder, 'team') })
    expect(code).toBe(0)
    expect(stdout).toContain('Knowledge base team: 1 sources, 0 claims, 1 drafted passages not yet reviewed')
    expect(stdout).toContain('leave (not curated yet; 1 drafted passages answer, marked as not yet reviewed)')
  })

  it('prefers --knowledge to KNOWLEDGE_DIR', () => {
    kb(['init', 'other'])
    const { stdout } = kb(['check', '--knowledge', 'other'], { KNOWLEDGE_DIR: join(folder, 'team') })
    expect(stdout).toContain('Knowledge base other: 0 sources')
  })

  it('names the directory when a source is not in it', () => {
    const { code, stderr } = kb(['show', 'travel', '--knowledge', 'team'])
    expect(code).toBe(2)
    expect(stderr.trim()).toBe('No source "travel" in team. Known sources: leave')
  })
})
