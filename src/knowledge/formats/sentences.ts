/**
 * Sentences of a paragraph, for drafting one candidate claim each. ICU's sentence rules (Intl.Segmenter)
 * already keep decimals and "e.g. 2025 profits" whole; on top of them, a sentence never ends after a known
 * abbreviation ("U.S.", "Dr.", "i.e.") or inside parentheses or quotation marks left open. Each sentence is
 * a verbatim slice of the paragraph, so it can be quoted.
 */

/** abbreviations after which a full stop does not end a sentence, lower-case without their final stop */
const ABBREVIATIONS = new Set(
  `e.g i.e etc vs cf al approx dept est fig inc ltd co corp jr sr st mr mrs ms dr prof gen gov sen rep rev
  no nos vol p pp ch sec art para ed eds jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri
  u.s u.k u.n e.u a.m p.m ph.d b.a m.a b.s m.s`
    .split(/\s+/)
    .filter(Boolean),
)

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' })

/** the word before a segment's final full stop, lower-case: "U.S." → "u.s", "Dr." → "dr" */
function lastWordBeforeStop(segment: string): string | undefined {
  const match = /(?:^|[\s(“"‘'])([A-Za-z][A-Za-z.]*)\.\s*$/.exec(segment)
  return match?.[1]?.toLowerCase()
}

/** a single capital with a stop ("J." of "J. Smith") is an initial, not a sentence end */
const isInitial = (word: string) => /^[a-z]$/.test(word)

function openCount(text: string): number {
  let depth = 0
  for (const char of text) {
    if (char === '(' || char === '[') depth++
    else if ((char === ')' || char === ']') && depth > 0) depth--
  }
  return depth
}

export function splitSentences(text: string): string[] {
  const sentences: string[] = []
  let pending = ''
  for (const { segment } of segmenter.segment(text)) {
    pending += segment
    const word = lastWordBeforeStop(pending)
    const abbreviated = word !== undefined && (ABBREVIATIONS.has(word) || isInitial(word))
    if (abbreviated || openCount(pending) > 0) continue
    sentences.push(pending)
    pending = ''
  }
  if (pending) sentences.push(pending)
  return sentences.map((sentence) => sentence.trim()).filter(Boolean)
}
