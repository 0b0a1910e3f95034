/** The English word list the cleaner uses to tell glued words from real ones. */
let cached: ReadonlySet<string> | undefined

/** Load the word list once (about 275,000 words; loaded only by tools that clean text, never by the bot). */
export async function loadDictionary(): Promise<ReadonlySet<string>> {
  if (!cached) {
    const { default: words } = await import('an-array-of-english-words/index.json', {
      with: { type: 'json' },
    })
    cached = new Set((words as string[]).map((word) => word.toLowerCase()))
  }
  return cached
}
