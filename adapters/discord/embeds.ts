/**
 * Discord: what every message of the bot shares: Discord's limits, the colours of its embeds, and text
 * fitted to the limits. Pure.
 */

/** Discord's limits (discord.com/developers/docs/resources/message): past one, Discord refuses the message. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  /** the sum of every embed's title, description, field names and values, footer and author name */
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const

/** Discord's blurple for answers; grey for "not in the knowledge base" */
export const ACCENT = 0x5865f2
export const MUTED = 0x99aab5

/**
 * The last guard on a limit, for text that is already escaped: never ends on half an escape or half a
 * surrogate pair.
 */
export function cutToLimit(text: string, max: number): string {
  if (text.length <= max) return text
  let cut = text.slice(0, max - 1)
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  const backslashes = /\\+$/.exec(cut)?.[0].length ?? 0
  if (backslashes % 2 === 1) cut = cut.slice(0, -1)
  return `${cut.trimEnd()}…`
}

/** Lines joined while they fit in `max` characters, then a count of the rest. */
export function packLines(lines: readonly string[], max: number): string {
  return packEach(lines.length, (at) => lines[at] ?? '', max)
}

/**
 * `count` lines joined while they fit in `max` characters, then a count of the rest; each line is made
 * by `lineAt` only when reached, so that a long list costs only what is shown.
 */
export function packEach(count: number, lineAt: (at: number) => string, max: number): string {
  const kept: string[] = []
  let length = 0
  for (let at = 0; at < count; at += 1) {
    const line = lineAt(at)
    const left = count - at
    const more = `…and ${left} more`
    // room is kept for the "…and N more" line unless this is the last line
    const reserve = left > 1 ? more.length + 1 : 0
    if (length + line.length + 1 + reserve > max) {
      kept.push(more)
      return kept.join('\n')
    }
    kept.push(line)
    length += line.length + 1
  }
  return kept.join('\n')
}

/** a character escaped with a backslash, held in the Private Use Area while the marks around it are read */
const HELD = 0xe000

/**
 * Discord's Markdown as a reader sees it: escaped characters as themselves; subtext, heading and quote
 * marks, emphasis, spoilers and code marks gone; a masked link as its text; a mention as `@` and its id
 * (its name is not known here); the zero-width spaces that break mention syntax gone.
 */
export function seenMarkdown(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, (_, character: string) =>
      String.fromCharCode(HELD + character.charCodeAt(0)),
    )
    .replace(/^(?:-# |#{1,3} |> )/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|\|\|)(?=\S)(.*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])([*_`])(?=\S)(.*?\S)\2(?![\w*])/gm, '$1$3')
    .replace(/<(?:@[!&]?|#)\u200B?(\d+)>/g, '@$1')
    .replace(/\u200B/g, '')
    .replace(/[\uE000-\uE07F]/g, (held) => String.fromCharCode(held.charCodeAt(0) - HELD))
}

/** What a message shows a reader, in the parts that count towards the visible text. */
interface Shown {
  content?: string
  embeds: readonly {
    author?: { name: string }
    title?: string
    description?: string
    fields?: readonly { name: string; value: string }[]
    footer?: { text: string }
  }[]
  components: readonly { components: readonly { label?: string; emoji?: { name?: string | null } }[] }[]
}

/**
 * The text of a message as a reader sees it, one line per part: the content, then each embed's author,
 * title, description, fields (name and value) and footer (which shows no Markdown), then the buttons'
 * labels and emoji.
 */
export function seenText(message: Shown): string {
  const embeds = message.embeds.flatMap((embed) => [
    ...(embed.author ? [embed.author.name] : []),
    ...(embed.title ? [seenMarkdown(embed.title)] : []),
    ...(embed.description ? [seenMarkdown(embed.description)] : []),
    ...(embed.fields ?? []).flatMap((field) => [field.name, seenMarkdown(field.value)]),
    ...(embed.footer ? [embed.footer.text.replace(/\u200B/g, '')] : []),
  ])
  const buttons = message.components.flatMap((row) =>
    row.components.map((button) => [button.emoji?.name, button.label].filter(Boolean).join(' ')),
  )
  return [...(message.content ? [seenMarkdown(message.content)] : []), ...embeds, ...buttons].join('\n')
}
