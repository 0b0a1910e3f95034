/**
 * Slack: a reply as a Block Kit message. An answer shows its best match in full (the statement a section,
 * its quote a block quote, its citation, document title · section, a context line) and up to two more a
 * line each, sized to read in a meeting (src/first-reply.ts); buttons carry what the next step needs. Pure.
 */
import type { types } from '@slack/bolt'
import type { Reply, SourceSummary, TopicSummary } from '../../src/commands.ts'
import type { Vote } from '../../src/feedback.ts'
import {
  answerBudget,
  type Caps,
  cutAtWord,
  fitAnswer,
  SHOWN_MATCHES,
  titleWithin,
} from '../../src/first-reply.ts'
import { freshnessNote } from '../../src/knowledge/freshness.ts'
import { describeCounts, isUnreviewed, statementIsQuote, UNREVIEWED_NOTE } from '../../src/review.ts'
import { shorten } from '../../src/shorten.ts'
import type { Answer, Citation, Match, Stance } from '../../src/types.ts'
import {
  type Clipped,
  clip,
  context,
  escapeSlack,
  mentionOf,
  SLACK_LIMITS,
  type SlackBlock,
  section,
  seenText,
  truncateMarkup,
} from './mrkdwn.ts'
import { renderRecap, SHARE_RECAP_ACTION } from './render-recap.ts'

export { escapeSlack, SLACK_LIMITS, type SlackBlock, seenText } from './mrkdwn.ts'

type Button = types.Button

/** A message as Slack takes it: `text` is the fallback shown in notifications and to screen readers. */
export interface SlackMessage {
  text: string
  blocks: SlackBlock[]
  response_type?: 'ephemeral'
}

/** quotes longer than this are shortened for reading mid-meeting; the cited section holds the rest */
export const MAX_QUOTE_CHARS = 500

/** the action ids of the buttons under a message; parse.ts reads their values back */
export const ACTION = {
  ask: 'ask',
  share: 'share',
  more: 'more',
  voteUp: 'vote-up',
  voteDown: 'vote-down',
  why: 'why',
  shareRecap: SHARE_RECAP_ACTION,
} as const
export type ActionId = (typeof ACTION)[keyof typeof ACTION]

/**
 * What a button carries: the question, the page it showed (`o`), the claims it showed (`c`) and, for
 * Share, the channel the answer was given in (`ch`).
 */
export interface ButtonValue {
  q: string
  o?: number
  c?: string[]
  ch?: string
}

/** Turns a button's JSON value into the value to send, with a tag that shows the bot made it. */
export type SignButtonValue = (actionId: ActionId, value: string) => string

export interface SlackRenderOptions {
  /**
   * `private`: an ephemeral reply to the asker, which offers Share to channel; `channel`: a reply in a
   * thread or a direct message; `shared`: an answer someone shared to the channel
   */
  audience: 'private' | 'channel' | 'shared'
  /** the user id of who asked, named in a shared answer (for a recap: who asked for it and shared it) */
  askedBy?: string
  /** how many matches earlier pages showed: "More results" goes on from there */
  offset?: number
  /** the slash command's name as installed, for help */
  command?: string
  /** the channel the answer is given in, which Share may post to and no other */
  channel?: string
  /**
   * signs every button value, so a press can be trusted to carry a value this bot made; without it the
   * values go unsigned, and the adapter refuses them when pressed
   */
  sign?: SignButtonValue
  /** the asker's vote on this answer, shown in place of the vote buttons once it is counted */
  voted?: Vote
}

const NO_HISTORY =
  'No recap here: this bot keeps no history of the questions asked, so it cannot say what was asked in this channel.'

const VOTED_NOTE: Record<Vote, string> = {
  up: '👍 You marked this answer helpful. Thanks: the curators read every vote.',
  down: '👎 You marked this answer unhelpful. Thanks: the curators read every vote.',
}

const unsigned: SignButtonValue = (_actionId, value) => value

const STANCE_LABEL: Record<Stance, string> = {
  pressure: 'Pressure and sanctions',
  engagement: 'Engagement and dialogue',
}

/** the fallback text is for notifications: a few lines are plenty */
const FALLBACK_CHARS = 3000

const blockQuote = (escaped: string) =>
  escaped
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')

/**
 * Makes buttons whose values `sign` signs: each a button, or nothing when its signed value would pass
 * Slack's limit (questions are short, so never in practice).
 */
const buttonsSignedBy =
  (sign: SignButtonValue) =>
  (
    actionId: ActionId,
    label: string,
    value: ButtonValue,
    extra: Partial<Pick<Button, 'style' | 'accessibility_label'>> = {},
  ): Button[] => {
    const encoded = sign(actionId, JSON.stringify(value))
    if (encoded.length > SLACK_LIMITS.buttonValue) return []
    const text = shorten(label, SLACK_LIMITS.buttonLabel)
    return [
      {
        type: 'button',
        action_id: actionId,
        text: { type: 'plain_text', text, emoji: true },
        value: encoded,
        ...extra,
      },
    ]
  }

const actions = (blockId: string, elements: Button[]): SlackBlock[] =>
  elements.length > 0
    ? [{ type: 'actions', block_id: blockId, elements: elements.slice(0, SLACK_LIMITS.buttonsPerBlock) }]
    : []

/** Ask buttons for questions the knowledge base answers: one click asks them. */
const askButtons = (blockId: string, questions: readonly string[], sign: SignButtonValue) =>
  actions(
    blockId,
    questions.flatMap((question) => buttonsSignedBy(sign)(ACTION.ask, question, { q: question })),
  )

/** Pack lines into as few sections as their text limit allows. */
function packLines(lines: readonly string[]): SlackBlock[] {
  const blocks: SlackBlock[] = []
  let current = ''
  for (const line of lines) {
    if (current && current.length + 1 + line.length > SLACK_LIMITS.sectionText) {
      blocks.push(section(current))
      current = ''
    }
    current = current ? `${current}\n${line}` : line
  }
  if (current) blocks.push(section(current))
  return blocks.slice(0, SLACK_LIMITS.blocks)
}

/** Where the quote is (document title · section), then where else the same point is made. */
function citationLine(match: Match, quoteShortened: boolean, caps: Caps): string {
  const title = (text: string) => clip(titleWithin(text, caps.title), caps.title, 300).text
  const part = (text: string) => clipWords(text, caps.section, 300).text
  const where = ({ title: name, section }: Citation) => `${title(name)} · ${part(section)}`
  // the document's own title links to it (to the section in Markdown), and says how old it is
  const own = ({ title: name, section, url }: Citation) =>
    url ? `<${slackLinkTarget(url)}|${title(name)}> · ${part(section)}` : where(match.citation)
  const age = freshnessNote(match.citation)
  const unreviewed = isUnreviewed(match.claim) ? ` · _${UNREVIEWED_NOTE}_` : ''
  const line = `${own(match.citation)}${age ? ` · ${age}` : ''}${quoteShortened ? ' · quote shortened' : ''}${unreviewed}`
  const also = match.corroborations.map(({ citation }) => where(citation))
  // a context element holds as much as a section; a long list of other documents is cut, never the block
  return truncateMarkup(
    also.length > 0 ? `${line}\nAlso in ${also.join('; ')}` : line,
    SLACK_LIMITS.sectionText,
  )
}

/** A link target as Slack's `<url|text>` takes it: the characters that would end the link percent-encoded. */
const slackLinkTarget = (url: string) => url.replace(/[|<>\s]/g, (character) => encodeURIComponent(character))

/** `clip`, cut at a word: an answer's parts are read as words, not as letters cut off mid-word */
function clipWords(text: string, max: number, maxEscaped: number): Clipped {
  const words = cutAtWord(text, max)
  const clipped = clip(words, max, maxEscaped)
  return { text: clipped.text, shortened: clipped.shortened || words !== text }
}

const stanceLabel = (match: Match, labelled: boolean) =>
  labelled && match.claim.stance ? `*${STANCE_LABEL[match.claim.stance]}:* ` : ''

/** The best match in full, as three blocks: the statement, the quote it rests on, where the quote is. */
function bestBlocks(match: Match, labelled: boolean, caps: Caps): SlackBlock[] {
  const label = stanceLabel(match, labelled)
  const statement = clipWords(match.claim.statement, caps.statement, SLACK_LIMITS.sectionText - label.length)
  const quote = clipWords(match.citation.quote, Math.min(caps.quote, MAX_QUOTE_CHARS), 2500)
  // a passage not yet curated into a statement is shown once, as the quote it is
  const said = statementIsQuote(match.claim)
    ? [section(`${label}${blockQuote(quote.text)}`)]
    : [section(`${label}${statement.text}`), section(blockQuote(quote.text))]
  return [{ type: 'divider' }, ...said, context(citationLine(match, quote.shortened, caps))]
}

/** Another match in one line: its statement and its document's title, labelled by stance where they differ. */
function oneLiner(match: Match, labelled: boolean, caps: Caps): string {
  const statement = clipWords(match.claim.statement, caps.line, 1000).text
  const title = clip(titleWithin(match.citation.title, caps.lineTitle), caps.lineTitle, 300).text
  const unreviewed = isUnreviewed(match.claim) ? ` · _${UNREVIEWED_NOTE}_` : ''
  return `• ${stanceLabel(match, labelled)}${statement} — _${title}_${unreviewed}`
}

/** said before the first statement labelled by stance, where the documents argue different strategies */
const PERSPECTIVES = '*The documents argue different strategies:*'

/**
 * The answer a reply shows, sized by `caps`: the best match in full, the others a line each. Where the
 * documents argue different strategies, each statement is labelled by its stance, the first so labelled
 * preceded by a line that says so.
 */
function answerBlocks(matches: readonly Match[], perspectives: boolean, caps: Caps): SlackBlock[] {
  const [best, ...others] = matches
  if (!best) return []
  const lines = others.map((match) => oneLiner(match, perspectives, caps))
  const bestFirst = perspectives && best.claim.stance !== undefined
  const linesFirst = perspectives && !bestFirst && others.some((match) => match.claim.stance)
  return [
    ...(bestFirst ? [section(PERSPECTIVES)] : []),
    ...bestBlocks(best, perspectives, caps),
    ...(lines.length > 0 ? [section([...(linesFirst ? [PERSPECTIVES] : []), ...lines].join('\n'))] : []),
  ]
}

function askedLine(question: string, options: SlackRenderOptions): string | undefined {
  const asked = clip(question, 500, 2500).text
  if (options.audience === 'shared') {
    // a user id from Slack's own payload; anything else is shown as text, never as a mention
    const mention = mentionOf(options.askedBy) ?? 'Someone'
    return `${mention} asked: ${asked}`
  }
  if (options.audience === 'private') return `You asked: ${asked}`
  return undefined
}

function renderAnswered(answer: Extract<Answer, { kind: 'answered' }>, options: SlackRenderOptions) {
  const offset = options.offset ?? 0
  const asked = askedLine(answer.question, options)
  const head: SlackBlock[] = asked ? [context(offset > 0 ? `${asked} · more results` : asked)] : []
  // fitted alike for every audience (the budget counts no audience's lines): a shared answer is as seen
  const shownMatches = answer.matches.slice(0, SHOWN_MATCHES)
  const body = fitAnswer(
    shownMatches,
    (caps) => answerBlocks(shownMatches, answer.perspectives, caps),
    (blocks) => seenText(blocks).length,
    answerBudget(answer.question),
  )

  const question = answer.question
  // the one-liners count as shown: their statements are read, so votes and Share carry them, and More
  // results goes on after them
  const shown = shownMatches.map((match) => match.claim.id)
  const button = buttonsSignedBy(options.sign ?? unsigned)
  // Share carries the claims shown, so that the channel sees this answer even if the ranking changes
  const share: ButtonValue = {
    q: question,
    o: offset,
    c: shown,
    ...(options.channel ? { ch: options.channel } : {}),
  }
  // the page (`o`) lets a vote re-render the answer it was cast on, with the vote shown
  const vote: ButtonValue = { q: question, o: offset, c: shown }
  const tail = actions('answer-actions', [
    ...(options.audience === 'private'
      ? button(ACTION.share, 'Share to channel', share, { style: 'primary' })
      : []),
    ...(answer.hasMore || answer.matches.length > shown.length
      ? button(ACTION.more, 'More results', { q: question, o: offset + shown.length })
      : []),
    ...(options.voted
      ? []
      : [
          ...button(ACTION.voteUp, '👍', vote, { accessibility_label: 'Helpful answer' }),
          ...button(ACTION.voteDown, '👎', vote, { accessibility_label: 'Unhelpful answer' }),
        ]),
    // the best match's claim, explained from the question again when pressed: the button keeps no state
    ...(shown[0] ? button(ACTION.why, 'Why this answer?', { q: question, c: [shown[0]] }) : []),
  ])
  if (options.voted) tail.push(context(VOTED_NOTE[options.voted]))
  const statements = shownMatches.map((match) => `• ${escapeSlack(match.claim.statement)}`)
  return {
    text: truncateMarkup([...(asked ? [asked] : []), ...statements].join('\n'), FALLBACK_CHARS),
    blocks: [...head, ...body, ...tail],
  }
}

function renderNoAnswer(answer: Extract<Answer, { kind: 'no-answer' }>, options: SlackRenderOptions) {
  const asked = clip(answer.question, 500, 2500).text
  const [lead, rest] =
    (options.offset ?? 0) > 0
      ? ['', `No further results for “${asked}”.`]
      : answer.reason === 'no-question'
        ? ['', 'Ask a question in words, for example: what does Iran contribute?']
        : ['Not in the knowledge base:', `nothing in the documents answers “${asked}”.`]
  const topics = answer.suggestions.map((topic) => escapeSlack(topic.name)).join(' · ')
  const blocks: SlackBlock[] = [section(lead ? `*${lead}* ${rest}` : rest)]
  if (topics) blocks.push(section(`*Nearby topics:* ${topics}`))
  if (answer.related.length > 0) {
    blocks.push(
      section('*Questions it can answer:*'),
      ...askButtons('related-questions', answer.related, options.sign ?? unsigned),
    )
  }
  const text = [
    lead ? `${lead} ${rest}` : rest,
    ...(topics ? [`Nearby topics: ${topics}`] : []),
    ...answer.related.map((question) => `• ${escapeSlack(question)}`),
  ].join('\n')
  return { text: truncateMarkup(text, FALLBACK_CHARS), blocks }
}

function renderHelp(examples: readonly string[], command: string, sign: SignButtonValue) {
  const name = escapeSlack(command)
  const usage = [
    `\`${name} &lt;question&gt;\` ask in plain words, for example \`${name} what does Iran contribute?\``,
    `\`${name} help\` · \`${name} sources\` (the documents) · \`${name} topics\` (what they cover)`,
    `\`${name} recap\` the questions asked in this channel in the last hour, and their answers (\`${name} recap 30\`: the last 30 minutes)`,
    'Or mention me in a channel (I answer in a thread), or send me a direct message.',
  ].join('\n')
  const blocks: SlackBlock[] = [
    section('*Ask the knowledge base.* Short answers, each cited to the passage it rests on.'),
    section(usage),
  ]
  if (examples.length > 0) blocks.push(section('*Try:*'), ...askButtons('examples', examples, sign))
  return {
    text: `Ask with ${name} &lt;question&gt;, or ${name} help, ${name} sources, ${name} topics, ${name} recap.`,
    blocks,
  }
}

function renderSources(sources: readonly SourceSummary[]) {
  const lines = sources.map((source) => {
    const supplied = source.titleSupplied ? ' (title supplied by the curators)' : ''
    return `• *${clip(source.title, 300, 1000).text}*${supplied} — ${describeCounts(source)}`
  })
  const intro = `${sources.length} ${sources.length === 1 ? 'document' : 'documents'} in the knowledge base:`
  return { text: intro, blocks: packLines([`*${intro}*`, ...lines]) }
}

function renderTopics(topics: readonly TopicSummary[]) {
  const lines = topics.map((topic) => `• ${clip(topic.name, 300, 1000).text} (${topic.claims})`)
  const intro = 'Topics the documents cover, with how many claims each:'
  return { text: intro, blocks: packLines([`*${intro}*`, ...lines]) }
}

/** Render a reply as a Slack message for the given audience. */
export function renderSlack(reply: Reply, options: SlackRenderOptions): SlackMessage {
  const visibility = options.audience === 'private' ? { response_type: 'ephemeral' as const } : {}
  switch (reply.kind) {
    case 'answer':
      return {
        ...(reply.answer.kind === 'answered'
          ? renderAnswered(reply.answer, options)
          : renderNoAnswer(reply.answer, options)),
        ...visibility,
      }
    case 'help':
      return {
        ...renderHelp(reply.examples, options.command ?? '/ask', options.sign ?? unsigned),
        ...visibility,
      }
    case 'sources':
      return { ...renderSources(reply.sources), ...visibility }
    case 'topics':
      return { ...renderTopics(reply.topics), ...visibility }
    case 'recap':
      return {
        ...renderRecap(reply.recap, {
          audience: options.audience,
          sign: options.sign ?? unsigned,
          ...(options.askedBy ? { askedBy: options.askedBy } : {}),
          ...(options.channel ? { channel: options.channel } : {}),
        }),
        ...visibility,
      }
    case 'no-history':
      return { text: NO_HISTORY, blocks: [section(NO_HISTORY)], ...visibility }
    case 'invalid': {
      const message = clip(reply.message, 2000, SLACK_LIMITS.sectionText).text
      return { text: message, blocks: [section(message)], ...visibility }
    }
  }
}

/** A short message with no buttons: thanks, apologies, problems with a button. */
export function renderNotice(text: string): SlackMessage {
  const message = clip(text, 2000, SLACK_LIMITS.sectionText).text
  return { text: message, blocks: [section(message)], response_type: 'ephemeral' }
}

/**
 * Said instead of sharing when none of the claims an answer showed is in the knowledge base any more,
 * with a button to ask the question again.
 */
export function renderAnswerChanged(question: string, sign: SignButtonValue): SlackMessage {
  const asked = clip(question, 500, 2500).text
  const message = `The answer to “${asked}” has changed since you asked, so it was not shared. Ask again to see the current answer.`
  return {
    text: message,
    blocks: [
      section(message),
      ...actions('ask-again', buttonsSignedBy(sign)(ACTION.ask, 'Ask again', { q: question })),
    ],
    response_type: 'ephemeral',
  }
}
