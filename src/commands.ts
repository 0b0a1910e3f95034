/**
 * The one command language of every platform: a question, or `help`, `sources`, `topics`, `recap`. Parsing
 * is pure; `handle` turns a command into a platform-neutral reply each adapter renders in its own idiom
 * (a recap reads the channel's history, so recap.ts carries it out where a history is kept).
 */
import { type AskOptions, ask } from './answer/ask.ts'
import { CONTROL_CHARACTERS as CONTROL } from './answer/text.ts'
import type { KnowledgeBase } from './knowledge/knowledge-base.ts'
import type { Recap } from './recap.ts'
import type { Answer } from './types.ts'

/** the longest question taken; longer text is almost always a paste, not a question */
export const MAX_QUESTION_CHARS = 500

export type InputProblem = 'too-long' | 'binary' | 'recap-minutes'

export type Command =
  | { kind: 'ask'; question: string }
  | { kind: 'help' }
  | { kind: 'sources' }
  | { kind: 'topics' }
  /** the questions asked in this channel in the last `minutes` */
  | { kind: 'recap'; minutes: number }
  | { kind: 'invalid'; problem: InputProblem; message: string }

/**
 * `recap` alone covers an hour, a meeting's usual length; a day at most, which keeps the read (and the
 * window a Share button carries) small
 */
export const RECAP_MINUTES = { default: 60, min: 1, max: 1440 } as const

export const RECAP_USAGE = `Recap takes a number of minutes from ${RECAP_MINUTES.min} to ${RECAP_MINUTES.max.toLocaleString('en-US')} (a day), for example "recap 30" or "recap 2h"; "recap" alone covers the last ${RECAP_MINUTES.default} minutes.`

/** "30", "30m", "45 minutes", "2h", "2 hours": a number, then minutes (the default) or hours */
const SPAN = /^(\d{1,5})\s*(m|mins?|minutes?|h|hrs?|hours?)?$/i

/**
 * The minutes in what follows the word `recap`: the default for nothing, else a span within the bounds;
 * undefined for anything else.
 */
export function parseRecapMinutes(text: string): number | undefined {
  const words = text.trim().replace(/[.!?]+$/, '')
  if (!words) return RECAP_MINUTES.default
  const span = SPAN.exec(words)
  if (!span) return undefined
  const minutes = Number(span[1]) * (span[2]?.toLowerCase().startsWith('h') ? 60 : 1)
  return minutes >= RECAP_MINUTES.min && minutes <= RECAP_MINUTES.max ? minutes : undefined
}

/** `recap`, then anything: the word begins the command, and what follows must be its span */
const RECAP = /^recap\b(.*)$/i

const KEYWORDS: Record<string, Command['kind']> = {
  help: 'help',
  '?': 'help',
  usage: 'help',
  sources: 'sources',
  documents: 'sources',
  docs: 'sources',
  topics: 'topics',
}

/**
 * `@everyone`, `@here` and `@channel` as typed, glued to each other or doubled too ("@everyone@here",
 * "@@channel"): they address the channel, and say nothing of the question
 */
const MASS_MENTION = /(^|[^\w])@+(?:everyone|here|channel)\b/gi

/** The text without typed mass mentions, which may also come from a paste into the terminal. */
export function withoutMassMentions(text: string): string {
  // one glued after another ("@everyone@here") is seen once the first is gone: repeat until none is left;
  // an address ("me@here.com") is not one, a word character standing before its @
  let previous: string
  let current = text
  do {
    previous = current
    current = current.replace(MASS_MENTION, '$1 ')
  } while (current !== previous)
  return current
}

/** Read what a user typed after the command name (or sent to the bot) as a command. */
export function parseCommand(text: string): Command {
  const controls = text.match(CONTROL)?.length ?? 0
  if (controls > 0 && (text.includes('\u0000') || controls / text.length > 0.1)) {
    return {
      kind: 'invalid',
      problem: 'binary',
      message:
        'That looks like binary data rather than a question. Ask in plain words, for example: what does Iran contribute?',
    }
  }
  const cleaned = withoutMassMentions(text.replace(CONTROL, ' ')).replace(/\s+/g, ' ').trim()
  if (cleaned.length > MAX_QUESTION_CHARS) {
    return {
      kind: 'invalid',
      problem: 'too-long',
      message: `That question is ${cleaned.length.toLocaleString('en-US')} characters long; please ask in under ${MAX_QUESTION_CHARS} characters.`,
    }
  }
  const recap = RECAP.exec(cleaned)
  if (recap) {
    const minutes = parseRecapMinutes(recap[1] ?? '')
    return minutes === undefined
      ? { kind: 'invalid', problem: 'recap-minutes', message: RECAP_USAGE }
      : { kind: 'recap', minutes }
  }
  const key = cleaned.toLowerCase()
  // "help?" and "topics!" are the commands; "?" alone is a keyword of its own
  const keyword = KEYWORDS[key] ?? KEYWORDS[key.replace(/\s*[.!?]+$/, '')]
  if (!cleaned || keyword === 'help') return { kind: 'help' }
  if (keyword === 'sources' || keyword === 'topics') return { kind: keyword }
  return { kind: 'ask', question: cleaned }
}

export interface SourceSummary {
  id: string
  title: string
  titleSupplied: boolean
  /** curated claims */
  claims: number
  /** passages drafted from it that answer, not yet reviewed */
  unreviewed: number
}

export interface TopicSummary {
  id: string
  name: string
  claims: number
}

/** What the bot says back, before any platform dresses it. */
export type Reply =
  | { kind: 'answer'; answer: Answer }
  | { kind: 'help'; examples: string[] }
  | { kind: 'sources'; sources: SourceSummary[] }
  | { kind: 'topics'; topics: TopicSummary[] }
  | { kind: 'recap'; recap: Recap }
  /** a recap asked for where no history of questions is kept */
  | { kind: 'no-history' }
  | { kind: 'invalid'; message: string }

/** The sources of the knowledge base with how many claims each holds. */
export function summarizeSources(kb: KnowledgeBase): SourceSummary[] {
  return [...kb.sources.values()].map((source) => ({
    id: source.id,
    title: source.title,
    titleSupplied: source.titleSupplied,
    claims: kb.claims.filter((claim) => claim.source === source.id && claim.reviewed !== false).length,
    unreviewed: kb.claims.filter((claim) => claim.source === source.id && claim.reviewed === false).length,
  }))
}

/** The topics that have claims, most claims first. */
export function summarizeTopics(kb: KnowledgeBase): TopicSummary[] {
  const counts = new Map<string, number>()
  for (const claim of kb.claims)
    for (const topic of claim.topics) counts.set(topic, (counts.get(topic) ?? 0) + 1)
  return kb.topics
    .map((topic) => ({ id: topic.id, name: topic.name, claims: counts.get(topic.id) ?? 0 }))
    .filter((topic) => topic.claims > 0)
    .sort((a, b) => b.claims - a.claims || a.name.localeCompare(b.name))
}

/** A few questions the knowledge base answers, one per topic, to show in help. */
export function exampleQuestions(kb: KnowledgeBase, count = 3): string[] {
  const examples: string[] = []
  const seenTopics = new Set<string>()
  for (const topic of summarizeTopics(kb)) {
    const claim = kb.claims.find((candidate) => candidate.topics[0] === topic.id && !seenTopics.has(topic.id))
    const question = claim?.questions[0]
    if (question) examples.push(question)
    seenTopics.add(topic.id)
    if (examples.length >= count) break
  }
  return examples
}

/** Carry out a command against the knowledge base alone. */
export function handle(command: Command, kb: KnowledgeBase, options: AskOptions = {}): Reply {
  switch (command.kind) {
    case 'ask':
      return { kind: 'answer', answer: ask(command.question, kb, options) }
    case 'help':
      return { kind: 'help', examples: exampleQuestions(kb) }
    case 'sources':
      return { kind: 'sources', sources: summarizeSources(kb) }
    case 'topics':
      return { kind: 'topics', topics: summarizeTopics(kb) }
    case 'recap':
      // no history here: handleWithHistory (recap.ts) reads it where one is kept
      return { kind: 'no-history' }
    case 'invalid':
      return { kind: 'invalid', message: command.message }
  }
}
