/**
 * Builds dist/ from src/ and adapters/ with esbuild. Runs once at install (npm's `prepare`), so starting
 * the bot never builds. The new build is written beside the old one and swapped in, so a bot or a command
 * running from dist/ while someone rebuilds never finds it half deleted.
 */
import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const dist = join(root, 'dist')
const fresh = join(root, `.dist-${process.pid}`)
const stale = join(root, `.dist-old-${process.pid}`)

// loaded at run time, not bundled: platform libraries load only when a platform is configured, and these
// read files of their own at run time (pino's worker, the word lists)
const external = [
  '@slack/bolt',
  'discord.js',
  'dotenv',
  'an-array-of-english-words',
  'pino',
  'pino-pretty',
  'prom-client',
  'ioredis',
  'rate-limiter-flexible',
  'better-sqlite3',
  'pg',
]

try {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts', 'src/cli/kb.ts', 'src/cli/eval.ts', 'src/cli/bench.ts'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: fresh,
    outbase: 'src',
    chunkNames: 'chunks/[name]-[hash]',
    packages: 'bundle',
    external,
    logLevel: 'warning',
  })
  // the package's `bin`: runnable as `npx cited-answers` (the hashbang comes from src/main.ts)
  chmodSync(join(fresh, 'main.js'), 0o755)
  if (existsSync(dist)) renameSync(dist, stale)
  renameSync(fresh, dist)
} finally {
  rmSync(fresh, { recursive: true, force: true })
  rmSync(stale, { recursive: true, force: true })
}
