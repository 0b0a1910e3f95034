/**
 * Slack's HTTP mode as two identical replicas behind one URL, as docs/deployment.md describes them: two
 * real bot processes with the same signing secret and token, one PostgreSQL and one Redis, against the
 * Slack stand-in. Whichever replica a request reaches, a question is answered once, a vote counted once,
 * a button works, and a user's allowance is one allowance.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handle } from '../../src/commands.ts'
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts'
import { loadKnowledge } from '../../src/knowledge/load.ts'
import { createPostgresStore } from '../../src/store/postgres.ts'
import {
  formBody,
  type RecordedCall,
  type SlackStandIn,
  sendToApp,
  startSlackStandIn,
} from '../adapters/slack/stand-in.ts'
import { type BotProcess, startBotFromSource } from '../helpers/bot-process.ts'
import {
  type PostgresServer,
  postgresInstalled,
  startPostgresServer,
  warnIfPostgresMissing,
} from '../helpers/postgres-server.ts'
import {
  freePort,
  type RedisServer,
  redisServerInstalled,
  startRedisServer,
  warnIfRedisServerMissing,
} from '../helpers/redis-server.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const SECRET = 'replicas-test-signing-secret'
const BOT_TOKEN = 'xoxb-replicas-test-token-0123456789'
const IRAN = 'what does iran contribute?'
/** a question with more than one page of answers, so its answer has a More results button */
const BROAD = 'how does iran help russia?'

type Json = Record<string, unknown>

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(ROOT, 'tests', 'adapters', 'slack', 'fixtures', `${name}.json`), 'utf8'),
  ) as Json

const TESTS = 'the replicas tests (tests/service/replicas.test.ts)'
warnIfRedisServerMissing(TESTS)
warnIfPostgresMissing(TESTS)

/** one replica: its process and the port its /slack/events listens on */
interface Replica {
  name: string
  port: number
  bot: BotProcess
}

/** every request its own body, so that none is taken for a replay of another */
let sent = 0
const unique = () => `${Date.now()}.${++sent}`

/** a slash command as Slack signs it, to send to one replica or, replayed, to both */
function slashCommand(user: string, text: string, timestamp = Math.floor(Date.now() / 1000)) {
  return {
    body: formBody({
      ...(fixture('slash-command') as Record<string, string>),
      trigger_id: unique(),
      user_id: user,
      text,
    }),
    contentType: 'application/x-www-form-urlencoded' as const,
    secret: SECRET,
    timestamp,
  }
}

/** Ask with /ask on a replica; resolves with the acknowledgement's body, where Slack shows the answer. */
async function ask(replica: Replica, user: string, text: string): Promise<Json> {
  const response = await sendToApp(replica.port, slashCommand(user, text))
  expect(response.status).toBe(200)
  return JSON.parse(response.text) as Json
}

/** an app mention as Slack delivers it, signed at `timestamp` */
function mention(ts: string, timestamp: number, headers: Record<string, string> = {}) {
  const base = fixture('app-mention')
  return {
    body: JSON.stringify({
      ...base,
      event_id: `Ev${ts.replace('.', '')}`,
      event: { ...(base.event as Json), ts, event_ts: ts, user: 'U0MENTION' },
    }),
    contentType: 'application/json' as const,
    secret: SECRET,
    timestamp,
    headers,
  }
}

/** the sealed value of a button of an answer, as the replica that rendered it sent it */
function buttonValue(message: Json, actionId: string): string {
  for (const block of (message.blocks ?? []) as Json[]) {
    if (block.type !== 'actions') continue
    for (const element of block.elements as Json[]) {
      if (element.action_id === actionId && typeof element.value === 'string') return element.value
    }
  }
  throw new Error(`no ${actionId} button in ${JSON.stringify(message).slice(0, 300)}`)
}

/** Press a button of a private answer in C1234 on a replica, its response URL named `responseName`. */
async function press(replica: Replica, user: string, actionId: string, value: string, responseName: string) {
  const payload = fixture('block-actions')
  const [action] = payload.actions as Json[]
  const body = {
    ...payload,
    user: { ...(payload.user as Json), id: user },
    trigger_id: unique(),
    response_url: standIn.responseUrl(responseName),
    actions: [{ ...action, action_id: actionId, value, action_ts: unique() }],
  }
  const response = await sendToApp(replica.port, {
    body: formBody({ payload: JSON.stringify(body) }),
    contentType: 'application/x-www-form-urlencoded',
    secret: SECRET,
  })
  expect(response.status).toBe(200)
}

const responded = (name: string) => (call: RecordedCall) => call.method === 'respond' && call.target === name
const postedIn = (threadTs: string) => (call: RecordedCall) =>
  call.method === 'chat.postMessage' && call.body.thread_ts === threadTs

/** the statements of a page of answers, as Slack's text escapes them */
function statementsOf(kb: KnowledgeBase, question: string, offset: number): string[] {
  const reply = handle({ kind: 'ask', question }, kb, { limit: 3, offset })
  if (reply.kind !== 'answer' || reply.answer.kind !== 'answered') throw new Error(`no answer to ${question}`)
  return reply.answer.matches.map((match) => match.claim.statement.replace(/&/g, '&amp;'))
}

let standIn: SlackStandIn

describe.skipIf(!redisServerInstalled || !postgresInstalled)(
  'two replicas in Slack HTTP mode, sharing one PostgreSQL and one Redis',
  () => {
    let redis: RedisServer | undefined
    let postgres: PostgresServer | undefined
    let databaseUrl: string
    let a: Replica
    let b: Replica
    let kb: KnowledgeBase

    beforeAll(async () => {
      let database: string
      ;[standIn, redis, [postgres, database]] = await Promise.all([
        startSlackStandIn(),
        startRedisServer(),
        startPostgresServer().then(async (server) => [server, await server.createDatabase()] as const),
      ])
      databaseUrl = database
      const start = async (name: string): Promise<Replica> => {
        const port = await freePort()
        const bot = startBotFromSource({
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: standIn.apiUrl,
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          REDIS_URL: redis?.url ?? '',
          RATE_LIMIT_PER_MINUTE: '3',
          SHUTDOWN_TIMEOUT_SECONDS: '5',
        })
        return { name, port, bot }
      }
      // both at once, as a rollout starts them: they migrate the one database together
      ;[a, b] = await Promise.all([start('A'), start('B')])
      kb = loadKnowledge()
      await Promise.all([a, b].map((replica) => replica.bot.waitForLog(/^answering from \d+ claims/)))
    }, 90_000)

    afterAll(async () => {
      await Promise.all([a, b].map((replica) => replica?.bot.stop()))
      await standIn?.close()
      await Promise.all([redis?.stop(), postgres?.stop()])
    })

    describe('no question answered twice', () => {
      it('answers a slash command sent to both replicas at once (a replay) on one of them only', async () => {
        const command = slashCommand('U0REPLAY', IRAN)
        const responses = await Promise.all([sendToApp(a.port, command), sendToApp(b.port, command)])
        expect(responses.map((response) => response.status)).toEqual([200, 200])
        const answers = responses.filter((response) => response.text.includes('Iran'))
        expect(answers).toHaveLength(1)
        // the other is acknowledged, with nothing in it for Slack to show
        expect(responses.filter((response) => response.text === '')).toHaveLength(1)
      })

      it('posts one reply to an event sent to both replicas at once (a replay)', async () => {
        const ts = '1700000600.000100'
        const event = mention(ts, Math.floor(Date.now() / 1000))
        const responses = await Promise.all([sendToApp(a.port, event), sendToApp(b.port, event)])
        expect(responses.map((response) => response.status)).toEqual([200, 200])
        await standIn.waitFor(postedIn(ts))
        // the replica that lost judged it a replay before acknowledging it, so nothing follows there
        await Promise.any([a, b].map((replica) => replica.bot.waitForLog(/acknowledged a replayed request/)))
        expect(standIn.calls.filter(postedIn(ts))).toHaveLength(1)
      })

      it("posts one reply when Slack retries an event's delivery on the other replica", async () => {
        const ts = '1700000700.000100'
        const now = Math.floor(Date.now() / 1000)
        // the first delivery, a minute ago; Slack heard nothing back in time and sends it again, signed anew
        expect((await sendToApp(a.port, mention(ts, now - 60))).status).toBe(200)
        await standIn.waitFor(postedIn(ts))
        const retry = mention(ts, now, { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' })
        expect((await sendToApp(b.port, retry)).status).toBe(200)
        await b.bot.waitForLog(new RegExp(`ignored a repeated delivery of message ${ts} \\(retry 1\\)`))
        expect(standIn.calls.filter(postedIn(ts))).toHaveLength(1)
      })
    })

    it('counts a vote once whichever replica takes it, and each user’s vote on its own', async () => {
      const answer = await ask(a, 'U0VOTER1', IRAN)
      const up = buttonValue(answer, 'vote-up')
      // one user presses 👍 on A, then again on B
      await press(a, 'U0VOTER1', 'vote-up', up, 'vote-1-a')
      await standIn.waitFor(responded('vote-1-a'))
      await press(b, 'U0VOTER1', 'vote-up', up, 'vote-1-b')
      // another user presses 👍 on both at the same moment (a double click a load balancer split)
      await Promise.all([
        press(a, 'U0VOTER2', 'vote-up', up, 'vote-2-a'),
        press(b, 'U0VOTER2', 'vote-up', up, 'vote-2-b'),
      ])
      // each press is answered once its vote is saved
      for (const name of ['vote-1-a', 'vote-1-b', 'vote-2-a', 'vote-2-b']) {
        const reply = await standIn.waitFor(responded(name))
        expect(JSON.stringify(reply.body)).toContain('You marked this answer helpful')
      }

      const store = createPostgresStore(databaseUrl)
      try {
        const history = await store.feedback()
        const votes = history.entries.filter((entry) => 'vote' in entry)
        expect(votes).toEqual([
          expect.objectContaining({ platform: 'slack', question: IRAN, vote: 'up' }),
          expect.objectContaining({ platform: 'slack', question: IRAN, vote: 'up' }),
        ])
        expect(new Set(votes.map((vote) => ('voter' in vote ? vote.voter : undefined))).size).toBe(2)
        expect(history.replaced).toBe(2)
      } finally {
        await store.close()
      }
    })

    it('takes More results and Share rendered by one replica on the other', async () => {
      const answer = await ask(a, 'U0SHARER', BROAD)
      expect(JSON.stringify(answer)).toContain(statementsOf(kb, BROAD, 0)[0])

      await press(b, 'U0SHARER', 'more', buttonValue(answer, 'more'), 'more-on-b')
      const more = JSON.stringify((await standIn.waitFor(responded('more-on-b'))).body)
      for (const statement of statementsOf(kb, BROAD, 3)) expect(more).toContain(statement)

      await press(b, 'U0SHARER', 'share', buttonValue(answer, 'share'), 'share-on-b')
      const deleted = await standIn.waitFor(responded('share-on-b'))
      expect(deleted.body).toEqual({ delete_original: true })
      const shared = standIn.calls.find(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.body.channel === 'C1234' &&
          String(call.body.text).startsWith('<@U0SHARER> asked:'),
      )
      expect(JSON.stringify(shared?.body)).toContain(statementsOf(kb, BROAD, 0)[0])
    })

    it('refuses the fourth question in a minute of a user asking on A and B in turn', async () => {
      const texts: string[] = []
      for (const replica of [a, b, a, b]) texts.push(String((await ask(replica, 'U0LIMITED', IRAN)).text))
      expect(texts.slice(0, 3).every((text) => text.includes('iran'))).toBe(true)
      expect(texts[3]).toMatch(/^You're asking faster than I can keep up with\. Try again in \d+ seconds?\.$/)
    })
  },
)
