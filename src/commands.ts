/**
 * The one command language of every platform: a question, or `help`, `sources`, `topics`. Parsing is
 * pure; `handle` turns a command into a platform-neutral reply each adapter renders in its own idiom.
 */
import { type AskOptions, ask } from './answer/ask.ts'
import { CONTROL_CHARACTERS as CONTROL } from './answer/text.ts'
import type { KnowledgeBase } from './knowledge/knowledge-base.ts'
import type { Answer } from './types.ts'

/** the longest question taken; longer text is almost always a paste, not a question */
export const MAX_QUESTION_CHARS = 500

export type InputProblem = 'too-long' | 'binary'

export type Command =
  | { kind: 'ask'; question: string }
  | { kind: 'help' }
  | { kind: 'sources' }
  | { kind: 'topics' }
  | { kind: 'invalid'; problem: InputProblem; message: string }

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

/** Carry out a command against the knowledge base. */
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
    case 'invalid':
      return { kind: 'invalid', message: command.message }
  }
}
