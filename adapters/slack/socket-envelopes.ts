/**
 * Socket Mode envelopes the socket client cannot take. It reads `payload.event.type` of every events_api
 * envelope before anything else, and throws, ending the process, when there is no event. Such an envelope
 * is passed on under a type of its own, which the client hands to Bolt as it is, so that it is
 * acknowledged like any payload no listener takes (receiver.ts).
 */
import type { SocketModeReceiver } from '@slack/bolt'
import type { Logger } from '../../src/logger.ts'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/** The envelope as sent, or renamed when it is an events_api envelope without an event. */
function renameIfWithoutEvent(text: string): string {
  // most messages are not events at all: no need to read them twice
  if (!text.includes('events_api')) return text
  let envelope: unknown
  try {
    envelope = JSON.parse(text)
  } catch {
    return text
  }
  if (!isRecord(envelope) || envelope.type !== 'events_api') return text
  if (isRecord(envelope.payload) && isRecord(envelope.payload.event)) return text
  return JSON.stringify({ ...envelope, type: 'events_api_without_event' })
}

/** Put the renaming in front of the client's own handling of what arrives on the socket. */
export function guardSocketEnvelopes(client: SocketModeReceiver['client'], logger: Logger): void {
  const handlers = client.listeners('ws_message')
  client.removeAllListeners('ws_message')
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    const passed = typeof data === 'string' && !isBinary ? renameIfWithoutEvent(data) : data
    for (const handler of handlers) {
      // the client's handler is async: whatever else it throws on is logged, not left to end the process
      Promise.resolve(handler(passed, isBinary)).catch((error: unknown) => {
        logger.error(
          `slack: could not read a Socket Mode message (${error instanceof Error ? error.name : 'unknown error'})`,
        )
      })
    }
  })
}
