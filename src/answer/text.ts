/** Text normalisation shared by the index, the questions asked of it, and the knowledge checks. */

/**
 * Words that carry no subject: articles, pronouns, auxiliaries, question words and the filler of spoken
 * questions ("tell me about", "what does the text say", "is it true that", "what does the piece or its
 * author say"). Dropping them lets the words that name the subject decide the match, and keeps them from
 * counting as unanswered words when deciding to abstain. The framing words matter twice: example questions
 * written in them would otherwise make "true" or "piece" a word some claims hold and others lack.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am amid amidst among amongst an and any are aren as at be because
  been before being below between both but by can could did do does doing done down during each either else
  etc ever every few for from further had has have having he her here hers herself him himself his how i if in
  into is it its itself just me more most much must my myself no nor not now of off on once only or other our
  ours ourselves out over own per same shall she should so some such than that the their theirs them themselves
  then there these they this those through thus to too under until up upon us very via was we were what whats
  when where which while who whom whose why will with within without would yet you your yours yourself
  yourselves tell say says said know explain describe give show list please anything something thing things
  kind kinds sort sorts way ways one ones get got let like really actually basically quick quickly mean means article
  articles text document documents source sources doc docs according regarding concerning bot hey hi hello
  thanks thank news latest summary summarize summarise overview eg ie vs versus many several various numerous lot lots
  toward towards onto across along around behind beyond near since despite whether though although unless whereas
  s t d ll re ve m don doesn didn isn aren wasn weren haven hasn couldn wouldn shouldn
  wht wat whats abt pls plz u ur r hw btwn bw
  dont doesnt didnt isnt arent wasnt werent hasnt havent hadnt wont wouldnt cant couldnt shouldnt im ive youre
  theyre thats theres whos hows whys true piece pieces author authors`
    .split(/\s+/)
    .filter(Boolean),
)

/**
 * Words that frame a question rather than name its subject: what something does to another ("how did X
 * affect Y", "what role does X play"), what it is mainly about, why it matters, and which side of it is
 * asked about ("parental leave length", "FMLA eligibility", "the travel approval process": the claim that
 * answers says "12 weeks", rarely "length"). A claim answers such a
 * question by naming its subject, rarely by using the frame's own word, so these count for less than a
 * subject word when deciding whether a claim covers the question; unlike stop words, they still count.
 */
export const FRAME_WORDS: ReadonlySet<string> = new Set(
  `affect affects affected affecting impact impacts impacted impacting effect effects influence influences
  influenced role roles play plays played playing part involve involves involved involving involvement focus
  focused focuses focusing focussed main mainly primarily primary chiefly key major important importance
  significance significant matter matters purpose happen happens happened happening exactly currently
  specifically generally overall aspect aspects factor factors reason reasons situation
  length duration timeline timeframe eligibility eligible requirements requirement rules rule process
  procedure procedures steps details info information`
    .split(/\s+/)
    .filter(Boolean),
)

/**
 * Misspellings of the longer stop words by one swap of neighbouring letters or one letter dropped ("wuold",
 * "waht", "shoud"), each with the stop word it stands for. A typed-in-a-hurry "wuold" is filler like
 * "would", not a word of the subject that the knowledge base lacks. Callers check real words first: a
 * variant that is a word of its own ("form" from "from") is that word.
 */
export const STOP_WORD_TYPOS: ReadonlyMap<string, string> = (() => {
  const typos = new Map<string, string>()
  for (const word of STOP_WORDS) {
    if (word.length < 4) continue
    for (let at = 0; at + 1 < word.length; at++) {
      const swapped = `${word.slice(0, at)}${word[at + 1]}${word[at]}${word.slice(at + 2)}`
      if (!STOP_WORDS.has(swapped) && !typos.has(swapped)) typos.set(swapped, word)
    }
    if (word.length < 5) continue
    for (let at = 0; at < word.length; at++) {
      const dropped = `${word.slice(0, at)}${word.slice(at + 1)}`
      if (!STOP_WORDS.has(dropped) && !typos.has(dropped)) typos.set(dropped, word)
    }
  }
  return typos
})()

/** control characters other than tab and newline, and the replacement character of undecodable bytes */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters in user input is its purpose
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFD]/g

const PLAIN_ASCII_WORD = /^[A-Za-z0-9]+$/

/** Lower-case, fold compatibility forms and accents, straighten quotes; keeps letters, digits and spaces. */
export function normalizeText(text: string): string {
  // most words are plain ASCII: lower-casing is all they need, and this runs for every word indexed
  if (PLAIN_ASCII_WORD.test(text)) return text.toLowerCase()
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** The words of a text after normalisation. */
export function words(text: string): string[] {
  const normalized = normalizeText(text)
  return normalized ? normalized.split(' ') : []
}

/** The words of a text that say what it is about. */
export function contentWords(text: string): string[] {
  return words(text).filter((word) => !STOP_WORDS.has(word))
}
