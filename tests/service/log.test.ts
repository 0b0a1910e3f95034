import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createServiceLog, scrubSecrets } from '../../src/service/log.ts'

const TOKEN = 'xoxb-1234567890-secret-token'

async function logged(
  level: 'debug' | 'info' | 'warn',
  write: (log: Awaited<ReturnType<typeof createServiceLog>>) => void,
) {
  const destination = new PassThrough()
  const chunks: string[] = []
  destination.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk))
  const log = await createServiceLog({ level, format: 'json', secrets: [TOKEN, 'short'], destination })
  write(log)
  log.flush()
  await new Promise((resolve) => setImmediate(resolve))
  return chunks
    .join('')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('the service log', () => {
  it('writes one JSON object per line, with the level by name and an ISO time', async () => {
    const lines = await logged('info', ({ logger }) => {
      logger.info('slack: connected')
      logger.warn('discord: rate limited')
      logger.debug?.('slack: a payload with user text')
    })
    expect(lines.map(({ level, msg }) => ({ level, msg }))).toEqual([
      { level: 'info', msg: 'slack: connected' },
      { level: 'warn', msg: 'discord: rate limited' },
    ])
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('keeps debug lines, which may carry user text, for LOG_LEVEL=debug', async () => {
    const lines = await logged('debug', ({ logger }) => logger.debug?.('slack: a payload'))
    expect(lines.map(({ level }) => level)).toEqual(['debug'])
  })

  it('scrubs secrets from messages and errors, and keeps only what an error says of itself', async () => {
    const error = Object.assign(new Error(`request failed with ${TOKEN}`), {
      code: 'E_FAILED',
      requestBody: { content: 'a question someone asked' },
      url: 'https://discord.com/api/v10/interactions/1/interaction-token/callback',
    })
    const [line] = await logged('info', ({ logger }) => logger.error(`sending with ${TOKEN} failed`, error))
    const text = JSON.stringify(line)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain('a question someone asked')
    expect(text).not.toContain('interaction-token')
    expect(line?.msg).toBe('sending with [redacted] failed')
    expect(line?.error).toMatchObject({
      type: 'Error',
      message: 'request failed with [redacted]',
      code: 'E_FAILED',
    })
  })

  it('leaves short values alone, which would garble every line rather than hide a secret', () => {
    expect(scrubSecrets('a short word', ['short'])).toBe('a short word')
    expect(scrubSecrets(`a ${TOKEN} b ${TOKEN}`, [TOKEN])).toBe('a [redacted] b [redacted]')
  })

  it('writes readable lines in the pretty format', async () => {
    const destination = new PassThrough()
    const chunks: string[] = []
    destination.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk))
    const log = await createServiceLog({ level: 'info', format: 'pretty', destination })
    log.logger.info('slack: connected')
    await new Promise((resolve) => setImmediate(resolve))
    expect(chunks.join('')).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: slack: connected\n$/)
  })
})
