/**
 * Opens the embedded store in a process of its own, as a second bot on one machine would: waits until
 * the given time, so that several such processes migrate one new file at once, then appends one event.
 *   node --import tsx tests/store/open-in-process.ts <file> <epoch ms to start at>
 */
import { createEmbeddedStore } from '../../src/store/embedded.ts'

const [file, startAt] = process.argv.slice(2)
if (!file || !startAt) throw new Error('usage: open-in-process.ts <file> <epoch ms to start at>')
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())))
const store = createEmbeddedStore(file)
await store.append({
  kind: 'declined',
  scope: { platform: 'terminal' },
  question: `from process ${process.pid}`,
})
await store.close()
