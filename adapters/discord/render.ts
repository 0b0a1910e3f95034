/**
 * Discord: a reply as a message with embeds. An answer's best match is an embed: the statement, the quote
 * it rests on as a block quote, and the citation (document title · section) in the footer; up to two more
 * follow a line each in a second embed, all sized to read in a meeting (src/first-reply.ts). The line
 * above names the question, and buttons under it carry what the next step needs (buttons.ts). Everything
 * from users or documents is made inert (Markdown escaped, mention syntax broken), and every limit Discord
 * sets is kept. Pure.
 */
import {
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord.js'
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
import { type Audience, askedLine } from './asked-line.ts'
import { askButtonId, BUTTON, claimsDigestOf, digestOf, MAX_ASK_BUTTONS, pageButtonId } from './buttons.ts'
import { ACCENT, cutToLimit, DISCORD_LIMITS, MUTED, packLines, seenText } from './embeds.ts'
import { escapeDiscord, mentionOf, neutralizeMentions } from './escape.ts'
import { renderRecap } from './render-recap.ts'

export { DISCORD_LIMITS, seenText } from './embeds.ts'

/** quotes longer than this are trimmed for reading mid-meeting; the cited section holds the rest */
export const MAX_QUOTE_CHARS = 500

type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>

/** A message as discord.js takes it for an interaction reply, a follow-up or a message reply. */
export interface DiscordMessage {
  content?: string
  embeds: APIEmbed[]
  components: ButtonRow[]
  /** nothing in a reply may ping anyone: no @everyone, @here, role or user mention */
  allowedMentions: { parse: [] }
  /** set for `private`: only the person who asked sees the message */
  flags?: MessageFlags.Ephemeral
}

export interface DiscordRenderOptions {
  /**
   * `private`: an ephemeral reply to the asker, which offers Share to channel; `channel`: a reply to a
   * mention or a direct message; `shared`: an answer someone shared to the channel
   */
  audience: Audience
  /** the user id of who asked, named (never pinged) in a shared answer */
  askedBy?: string
  /** the user id of who pressed Share, named (never pinged) in a shared answer or recap unless they asked it */
  sharedBy?: string
  /** how many matches earlier pages showed */
  offset?: number
  /** whether the reply has its buttons (share, more, votes, questions to ask); without, none */
  buttons?: boolean
  /** the vote its asker gave this private answer, shown on its button */
  voted?: Vote
  /** the message prefix, for help, when the operator enabled it */
  prefix?: string
}

const NO_HISTORY =
  'No recap here: this bot keeps no history of the questions asked, so it cannot say what was asked in this channel.'

const STANCE_LABEL: Record<Stance, string> = {
  pressure: 'Pressure and sanctions',
  engagement: 'Engagement and dialogue',
}

interface Clipped {
  text: string
  shortened: boolean
}

/** Shorten to `max` characters, at a word where one ends near the limit, then escape. */
function clip(text: string, max: number): Clipped {
  const cut = cutAtWord(text, max)
  return { text: escapeDiscord(cut), shortened: cut !== text }
}

const blockQuote = (escaped: string) =>
  escaped
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')

/** Where a quote is: document title · section, each within its cap. */
const whereText = ({ title, section }: Citation, caps: Caps) =>
  `${titleWithin(title, caps.title)} · ${cutAtWord(section, caps.section)}`

/** The citation as plain text (footers show no Markdown): document title · section, then where else. */
function citationText(match: Match, quoteShortened: boolean, caps: Caps): string {
  const unreviewed = isUnreviewed(match.claim) ? ` · ${UNREVIEWED_NOTE}` : ''
  const age = freshnessNote(match.citation)
  const line = `${whereText(match.citation, caps)}${age ? ` · ${age}` : ''}${quoteShortened ? ' · quote trimmed' : ''}${unreviewed}`
  const also = match.corroborations.map(({ citation }) => whereText(citation, caps))
  return neutralizeMentions(also.length > 0 ? `${line}\nAlso in ${also.join('; ')}` : line)
}

const stanceLabel = (match: Match, labelled: boolean) =>
  labelled && match.claim.stance ? `**${STANCE_LABEL[match.claim.stance]}:** ` : ''

/** said above the first statement labelled by stance, where the documents argue different strategies */
const PERSPECTIVES = 'The documents argue different strategies'

/** The best match in full: the statement, the quote as a block quote, the citation in the footer. */
function bestEmbed(match: Match, labelled: boolean, caps: Caps): APIEmbed {
  const label = stanceLabel(match, labelled)
  const statement = clip(match.claim.statement, caps.statement)
  const quote = clip(match.citation.quote, Math.min(caps.quote, MAX_QUOTE_CHARS))
  return {
    color: ACCENT,
    ...(label ? { title: PERSPECTIVES } : {}),
    // a passage not yet curated into a statement is shown once, as the quote it is
    description: cutToLimit(
      statementIsQuote(match.claim)
        ? `${label}${blockQuote(quote.text)}`
        : `${label}${statement.text}\n${blockQuote(quote.text)}`,
      DISCORD_LIMITS.description,
    ),
    footer: { text: cutToLimit(citationText(match, quote.shortened, caps), DISCORD_LIMITS.footer) },
    // a footer cannot link: the document's title above the answer does, to the section in Markdown
    ...(match.citation.url
      ? {
          author: {
            name: cutToLimit(titleWithin(match.citation.title, caps.title), DISCORD_LIMITS.title),
            url: match.citation.url,
          },
        }
      : {}),
  }
}

/** Another match in one line: its statement and its document's title, labelled by stance where they differ. */
function oneLiner(match: Match, labelled: boolean, caps: Caps): string {
  const statement = clip(match.claim.statement, caps.line).text
  const title = escapeDiscord(titleWithin(match.citation.title, caps.lineTitle))
  const unreviewed = isUnreviewed(match.claim) ? ` · ${UNREVIEWED_NOTE}` : ''
  return `• ${stanceLabel(match, labelled)}${statement} — *${title}*${unreviewed}`
}

/**
 * The answer a reply shows, sized by `caps`: the best match in full, the others a line each in an embed
 * of their own. Where the documents argue different strategies, each statement is labelled by its stance,
 * and the first embed with such a label is titled to say so.
 */
function answerEmbeds(matches: readonly Match[], perspectives: boolean, caps: Caps): APIEmbed[] {
  const [best, ...others] = matches
  if (!best) return []
  const titled = perspectives && best.claim.stance === undefined && others.some((match) => match.claim.stance)
  const lines: APIEmbed = {
    color: ACCENT,
    ...(titled ? { title: PERSPECTIVES } : {}),
    description: cutToLimit(
      others.map((match) => oneLiner(match, perspectives, caps)).join('\n'),
      DISCORD_LIMITS.description,
    ),
  }
  return [bestEmbed(best, perspectives, caps), ...(others.length > 0 ? [lines] : [])]
}

type Look = { label: string } | { emoji: string } | { label: string; emoji: string }

function button(
  customId: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success,
  look: Look,
): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style,
    custom_id: customId,
    ...('label' in look ? { label: shorten(look.label, DISCORD_LIMITS.buttonLabel) } : {}),
    ...('emoji' in look ? { emoji: { name: look.emoji } } : {}),
  }
}

const row = (buttons: APIButtonComponentWithCustomId[]): ButtonRow[] =>
  buttons.length > 0
    ? [{ type: ComponentType.ActionRow, components: buttons.slice(0, DISCORD_LIMITS.buttonsPerRow) }]
    : []

/** One button per question; pressing one asks it. */
const askRow = (options: DiscordRenderOptions, questions: readonly string[]): ButtonRow[] =>
  options.buttons
    ? row(
        questions
          .slice(0, MAX_ASK_BUTTONS)
          .map((question, index) =>
            button(askButtonId(index, digestOf(question)), ButtonStyle.Secondary, { label: question }),
          ),
      )
    : []

const VOTE_EMOJI: Record<Vote, string> = { up: '👍', down: '👎' }
/** what a vote's button says once its asker gave it */
const VOTED_LABEL: Record<Vote, string> = { up: 'Helpful — thanks', down: 'Not helpful — thanks' }

/**
 * A vote button; once given, highlighted, labelled and disabled, while the other stays pressable, since a
 * voter's latest vote on an answer is the one that counts.
 */
function voteButton(customId: string, vote: Vote, voted: Vote | undefined): APIButtonComponentWithCustomId {
  if (voted !== vote) return button(customId, ButtonStyle.Secondary, { emoji: VOTE_EMOJI[vote] })
  return {
    ...button(customId, ButtonStyle.Success, { label: VOTED_LABEL[vote], emoji: VOTE_EMOJI[vote] }),
    disabled: true,
  }
}

type Rendered = Pick<DiscordMessage, 'content' | 'embeds' | 'components'>

function renderAnswered(
  answer: Extract<Answer, { kind: 'answered' }>,
  options: DiscordRenderOptions,
): Rendered {
  // fitted alike for every audience (the budget counts no audience's lines): a shared answer is as seen
  const shown = answer.matches.slice(0, SHOWN_MATCHES)
  const embeds = fitAnswer(
    shown,
    (caps) => answerEmbeds(shown, answer.perspectives, caps),
    (fitted) => seenText({ embeds: fitted, components: [] }).length,
    answerBudget(answer.question),
  )
  // the one-liners count as shown: their statements are read, so the votes and Share carry them, and More
  // results goes on after them (the adapter works the claims out again from the page it asks for)
  const page = {
    offset: options.offset ?? 0,
    question: digestOf(answer.question),
    claims: claimsDigestOf(shown.map((match) => match.claim.id)),
  }
  const components = options.buttons
    ? row([
        ...(options.audience === 'private'
          ? [button(pageButtonId(BUTTON.share, page), ButtonStyle.Primary, { label: 'Share to channel' })]
          : []),
        ...(answer.hasMore || answer.matches.length > shown.length
          ? [button(pageButtonId(BUTTON.more, page), ButtonStyle.Secondary, { label: 'More results' })]
          : []),
        voteButton(pageButtonId(BUTTON.voteUp, page), 'up', options.voted),
        voteButton(pageButtonId(BUTTON.voteDown, page), 'down', options.voted),
        // the fifth and last a row holds: a private answer's row is full
        button(pageButtonId(BUTTON.why, page), ButtonStyle.Secondary, { label: 'Why this answer?' }),
      ])
    : []
  return { content: askedLine(answer.question, options), embeds, components }
}

function renderNoAnswer(
  answer: Extract<Answer, { kind: 'no-answer' }>,
  options: DiscordRenderOptions,
): Rendered {
  const asked = clip(answer.question, 500).text
  const embed: APIEmbed =
    (options.offset ?? 0) > 0
      ? { color: MUTED, description: `No further results for “${asked}”.` }
      : answer.reason === 'no-question'
        ? { color: MUTED, description: 'Ask a question in words, for example: what does Iran contribute?' }
        : {
            color: MUTED,
            title: 'Not in the knowledge base',
            description: `Nothing in the documents answers “${asked}”.`,
          }
  const fields: APIEmbedField[] = []
  if (answer.suggestions.length > 0) {
    const topics = answer.suggestions.map((topic) => escapeDiscord(topic.name)).join(' · ')
    fields.push({ name: 'Nearby topics', value: cutToLimit(topics, DISCORD_LIMITS.fieldValue) })
  }
  if (answer.related.length > 0) {
    const questions = answer.related.map((question) => `• ${clip(question, 300).text}`).join('\n')
    fields.push({ name: 'Questions it can answer', value: cutToLimit(questions, DISCORD_LIMITS.fieldValue) })
  }
  return {
    embeds: [fields.length > 0 ? { ...embed, fields } : embed],
    components: askRow(options, answer.related),
  }
}

/** Inline code, unless the text holds a backtick (which would end the code early): then escaped text. */
const code = (text: string) => (text.includes('`') ? escapeDiscord(text) : `\`${text}\``)

function renderHelp(examples: readonly string[], options: DiscordRenderOptions): Rendered {
  const prefix = options.prefix ? shorten(options.prefix, 20) : undefined
  const lines = [
    'Short answers, each cited to the passage it rests on.',
    '',
    '`/ask question: what does Iran contribute?` ask in plain words; suggestions appear as you type',
    '`/ask question: sources` the documents · `/ask question: topics` what they cover',
    '`/ask question: recap` the questions asked in this channel in the last hour, and their answers (`recap 30`: the last 30 minutes)',
    'Or mention me with your question in a channel, or send me a direct message.',
    ...(prefix ? [`Or start a message with ${code(prefix)}, for example ${code(`${prefix} topics`)}`] : []),
    ...(examples.length > 0 && options.buttons ? ['', 'Or try one of these:'] : []),
  ]
  return {
    embeds: [{ color: ACCENT, title: 'Ask the knowledge base', description: lines.join('\n') }],
    components: askRow(options, examples),
  }
}

function renderSources(sources: readonly SourceSummary[]): Rendered {
  const lines = sources.map((source) => {
    const supplied = source.titleSupplied ? ' (title supplied by the curators)' : ''
    return `• **${clip(source.title, 300).text}**${supplied} — ${describeCounts(source)}`
  })
  const title = `${sources.length} ${sources.length === 1 ? 'document' : 'documents'} in the knowledge base`
  return {
    embeds: [{ color: ACCENT, title, description: packLines(lines, DISCORD_LIMITS.description) }],
    components: [],
  }
}

function renderTopics(topics: readonly TopicSummary[]): Rendered {
  const lines = topics.map((topic) => `• ${clip(topic.name, 200).text} (${topic.claims})`)
  return {
    embeds: [
      {
        color: ACCENT,
        title: 'Topics the documents cover, with how many claims each',
        description: packLines(lines, DISCORD_LIMITS.description),
      },
    ],
    components: [],
  }
}

/** The characters an embed counts towards the 6,000 of a message, as Discord counts them. */
function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  )
}

/** Whole embeds, in order, while they fit in Discord's count and total. */
function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const kept: APIEmbed[] = []
  let total = 0
  for (const embed of embeds.slice(0, DISCORD_LIMITS.embeds)) {
    total += embedLength(embed)
    if (total > DISCORD_LIMITS.embedTotal) break
    kept.push(embed)
  }
  return kept
}

function finish(rendered: Rendered, audience: DiscordRenderOptions['audience']): DiscordMessage {
  return {
    ...(rendered.content ? { content: cutToLimit(rendered.content, DISCORD_LIMITS.content) } : {}),
    embeds: fitEmbeds(rendered.embeds),
    components: rendered.components.slice(0, DISCORD_LIMITS.actionRows),
    allowedMentions: { parse: [] },
    ...(audience === 'private' ? { flags: MessageFlags.Ephemeral } : {}),
  }
}

/** Render a reply as a Discord message for the given audience. */
export function renderDiscord(reply: Reply, options: DiscordRenderOptions): DiscordMessage {
  switch (reply.kind) {
    case 'answer':
      return finish(
        reply.answer.kind === 'answered'
          ? renderAnswered(reply.answer, options)
          : renderNoAnswer(reply.answer, options),
        options.audience,
      )
    case 'help':
      return finish(renderHelp(reply.examples, options), options.audience)
    case 'sources':
      return finish(renderSources(reply.sources), options.audience)
    case 'topics':
      return finish(renderTopics(reply.topics), options.audience)
    case 'recap':
      return finish(
        renderRecap(reply.recap, {
          audience: options.audience,
          ...(options.sharedBy ? { sharedBy: options.sharedBy } : {}),
          ...(options.buttons ? { buttons: true } : {}),
        }),
        options.audience,
      )
    case 'no-history':
      return renderNotice(NO_HISTORY, options.audience)
    case 'invalid':
      return renderNotice(reply.message, options.audience)
  }
}

/** A short message with no embed and no buttons: thanks, apologies, refusals, expired buttons. */
export function renderNotice(
  text: string,
  audience: DiscordRenderOptions['audience'] = 'private',
): DiscordMessage {
  return finish({ content: clip(text, 1000).text, embeds: [], components: [] }, audience)
}

/** The private refusal of someone pressing another user's buttons, naming (never pinging) whose they are. */
export function renderNotYours(owner: string): DiscordMessage {
  const mention = mentionOf(owner)
  const whose = mention ? `${mention}'s` : "someone else's"
  return finish(
    {
      content: `These buttons belong to ${whose} answer; ask your own with /ask and your question.`,
      embeds: [],
      components: [],
    },
    'private',
  )
}

/** the command words, offered while typing so they can be found without reading help */
const KEYWORD_CHOICES: APIApplicationCommandOptionChoice<string>[] = [
  { name: 'help: how to ask', value: 'help' },
  { name: 'sources: the documents', value: 'sources' },
  { name: 'topics: what the documents cover', value: 'topics' },
  { name: 'recap: the questions asked here in the last hour', value: 'recap' },
]

/**
 * Autocomplete choices: the suggestions, each within Discord's 100 characters (name and value), at most 25,
 * no value twice. The command words come first while what was typed begins one of them (two letters at
 * least), and last when nothing is typed yet.
 */
export function renderChoices(
  typed: string,
  suggestions: readonly string[],
): APIApplicationCommandOptionChoice<string>[] {
  const word = typed.trim().toLowerCase()
  const keywords = word
    ? KEYWORD_CHOICES.filter((choice) => word.length >= 2 && choice.value.startsWith(word))
    : KEYWORD_CHOICES
  const questions = suggestions
    .filter((text) => text.trim().length > 0 && text.length <= DISCORD_LIMITS.choiceValue)
    .map((text) => ({ name: text, value: text }))
  const ordered = word
    ? [...keywords, ...questions]
    : [...questions.slice(0, DISCORD_LIMITS.choices - keywords.length), ...keywords]
  const seen = new Set<string>()
  return ordered
    .filter((choice) => {
      if (seen.has(choice.value)) return false
      seen.add(choice.value)
      return true
    })
    .slice(0, DISCORD_LIMITS.choices)
}
