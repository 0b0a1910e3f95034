/**
 * Socket Mode's start, with a deadline: the socket client keeps reconnecting for ever when the socket
 * closes at once or Slack never says hello, so without one the bot would hang at start-up, saying nothing.
 */
import type { SocketModeReceiver } from '@slack/bolt'
import { CitedAnswersError } from '../../src/errors.ts'

/** as src/config.ts defaults START_TIMEOUT_SECONDS, for a config made without it */
export const DEFAULT_START_TIMEOUT_MS = 30_000

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`

/**
 * Run `start` (the app's, which connects `receiver`) and wait up to `timeoutMs` for Slack's hello. Past it,
 * disconnect the socket client, so that nothing keeps the process alive, and reject saying what failed.
 */
export async function startWithin(
  receiver: SocketModeReceiver,
  start: () => Promise<unknown>,
  timeoutMs: number,
): Promise<void> {
  const { client } = receiver
  let urlGiven = false
  let closes = 0
  const onAuthenticated = () => {
    urlGiven = true
  }
  const onClose = () => {
    closes += 1
  }
  client.on('authenticated', onAuthenticated)
  client.on('close', onClose)
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs)
  })
  // once disconnected below, the abandoned start rejects; that says nothing new
  const started = start().then(
    () => 'connected' as const,
    (error: unknown) => ({ error }),
  )
  let outcome: Awaited<typeof started> | 'late'
  try {
    outcome = await Promise.race([started, deadline])
  } finally {
    clearTimeout(timer)
    client.off('authenticated', onAuthenticated)
    client.off('close', onClose)
  }
  if (outcome === 'connected') return
  if (outcome !== 'late') throw outcome.error
  if (!urlGiven) {
    // apps.connections.open may still answer, and the client then connects all the same: hang up once it
    // has (closing the socket while it connects leaves the library a 30-second timer)
    client.once('connected', () => void client.disconnect())
  }
  await client.disconnect()
  const what = !urlGiven
    ? 'apps.connections.open gave no WebSocket address in time'
    : closes > 0
      ? `the WebSocket closed ${closes === 1 ? 'once' : `${closes} times`} before Slack said hello`
      : 'Slack never said hello on the WebSocket'
  throw new CitedAnswersError(
    'invalid-config',
    `Slack Socket Mode did not connect within ${seconds(timeoutMs)}: ${what}. Check SLACK_APP_TOKEN (an app-level token with the connections:write scope) and the network (wss-primary.slack.com must be reachable), or raise START_TIMEOUT_SECONDS`,
  )
}
