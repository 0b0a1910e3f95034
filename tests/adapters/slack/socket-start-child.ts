/**
 * Run by lifecycle.test.ts as a process of its own: a Slack adapter in Socket Mode with a short start-up
 * deadline, against the stand-in at the API URL given. It prints how start() ended and must then exit by
 * itself, with nothing left running.
 */
import { createSlackAdapter } from '../../../adapters/slack/index.ts'
import { assembleKnowledgeBase } from '../../../src/knowledge/knowledge-base.ts'
import { silentLogger } from '../../../src/logger.ts'

const [apiUrl = '', timeout = '300'] = process.argv.slice(2)
const adapter = createSlackAdapter({
  kb: assembleKnowledgeBase({ sources: [], claims: [], topics: [], entities: [], terms: [] }),
  slack: { botToken: 'xoxb-test', appToken: 'xapp-test', port: 0, apiUrl, startTimeoutMs: Number(timeout) },
  feedback: { record: async () => ({ kind: 'recorded' }) },
  logger: silentLogger,
})
try {
  await adapter.start()
  process.stdout.write(`${JSON.stringify({ started: true })}\n`)
} catch (error) {
  const { name, message } = error instanceof Error ? error : new Error(String(error))
  process.stdout.write(`${JSON.stringify({ name, message })}\n`)
}
