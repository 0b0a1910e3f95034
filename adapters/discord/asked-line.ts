/**
 * Discord: the line above an answer that names its question ("You asked: …", "<@1> asked: …"), and the
 * question read back from it. The buttons under an answer keep no state, so this line is where their
 * question lives: written whole (a question is at most 500 characters, well inside a message's 2,000), and
 * read back only as candidates, which the caller checks against the digest its button carries. Pure.
 */
import { escapeDiscord, mentionOf, unescapeDiscord } from './escape.ts'

/** Who sees the answer: the asker alone, the channel a mention was answered in, or the channel it was shared to. */
export type Audience = 'private' | 'channel' | 'shared'

export interface AskedLineOptions {
  audience: Audience
  /** the user id of who asked, named in a shared answer */
  askedBy?: string
  /** the user id of who shared, named in a shared answer unless they asked it */
  sharedBy?: string
  /** how many matches earlier pages showed */
  offset?: number
}

const YOU_ASKED = 'You asked: '
/** Discord's subtext: the question is already quoted just above, in the reply's preview */
const ASKED_HERE = '-# Asked: '
const MORE_RESULTS = ' · more results'

/** every way the line begins, as `askedLine` writes it; the ids in it are Discord's, checked when written */
const BEGINNING =
  /^(?:You asked: |-# Asked: |Someone asked: |<@\d{15,25}> (?:asked: |shared: |shared <@\d{15,25}>'s question: ))/

/** Discord refuses longer content, so longer is not a line the bot wrote */
const MAX_CONTENT = 2000

/** The line naming `question` for `options.audience`. */
export function askedLine(question: string, options: AskedLineOptions): string {
  const asked = escapeDiscord(question)
  switch (options.audience) {
    case 'shared': {
      const asker = mentionOf(options.askedBy)
      const sharer = mentionOf(options.sharedBy)
      if (sharer && asker && sharer !== asker) return `${sharer} shared ${asker}'s question: ${asked}`
      if (!asker && sharer) return `${sharer} shared: ${asked}`
      return `${asker ?? 'Someone'} asked: ${asked}`
    }
    case 'private':
      return (options.offset ?? 0) > 0 ? `${YOU_ASKED}${asked}${MORE_RESULTS}` : `${YOU_ASKED}${asked}`
    case 'channel':
      return `${ASKED_HERE}${asked}`
  }
}

/**
 * The questions `content` may name, if it is a line `askedLine` wrote: more than one where the question
 * itself could end like the line does ("… · more results"). Anything else, none; never throws.
 */
export function questionsIn(content: unknown): string[] {
  if (typeof content !== 'string' || content.length > MAX_CONTENT) return []
  const beginning = BEGINNING.exec(content)?.[0]
  if (beginning === undefined) return []
  const rest = content.slice(beginning.length)
  const shown = rest.endsWith(MORE_RESULTS) ? [rest, rest.slice(0, -MORE_RESULTS.length)] : [rest]
  return shown.filter((text) => text.length > 0).map(unescapeDiscord)
}
