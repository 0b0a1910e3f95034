/**
 * Mends the spacing that removed markup leaves behind: spaces before punctuation, words glued to
 * punctuation, split drop capitals and ordinals. None of these changes a word.
 */

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\s+/g, ' '],
  // no space before closing punctuation: "technology ." "Agreements :" "north korea )"
  [/\s+([,.;:!?)\]])/g, '$1'],
  [/([([])\s+/g, '$1'],
  // a space after a comma, semicolon or colon glued to the next word: "Historically,Russia" "e.g.,military"
  [/([,;])(?=[A-Za-z(])/g, '$1 '],
  [/(?<=[A-Za-z)]):(?=[A-Za-z(])/g, ': '],
  // a sentence glued to the next one: "Ukraine.This" "frameworks .This"
  [/(?<=[a-z)])\.(?=[A-Z][a-z])/g, '. '],
  // an initialism glued to the next word: "U.S.foreign" "u.s.policy"
  [/\b((?:[A-Z]\.){2,})(?=[a-z])/g, '$1 '],
  [/\b((?:[a-z]\.){2,})(?=[a-z]{3})/g, '$1 '],
  // parentheses glued to words: "from(the Korean conflict)" "(economic assistance),and(military cooperation)"
  [/(?<=[A-Za-z])\((?=[A-Za-z]{2})/g, ' ('],
  [/\)(?=[A-Za-z])/g, ') '],
  // an apostrophe pulled apart from its "s": "Washington ‘ s Diplomacy"
  [/(?<=\w)\s*[‘’']\s+s\b/g, '’s'],
  // an ordinal pulled apart from its number: "20 th century"
  [/\b(\d+) (st|nd|rd|th)\b/g, '$1$2'],
  // a drop capital pulled off its word: "C yber Operations" ("A" and "I" are words of their own)
  [/^([B-HJ-Z]) (?=[a-z]{2,})/, '$1'],
  // what is left of a tag's brackets at either end
  [/^[\s<>/]+/, ''],
  [/[\s<>/]+$/, ''],
]

/** Mend spacing and punctuation in one block's text; returns the text trimmed. */
export function fixSpacing(text: string): string {
  let result = text
  for (const [pattern, replacement] of RULES) result = result.replace(pattern, replacement)
  return result.trim()
}

/** Headings lose the typographic quotes that wrap them and a trailing colon. */
export function tidyHeading(text: string): string {
  return text
    .replace(/^[“"](.*)[”"]$/, '$1')
    .replace(/\s*:$/, '')
    .trim()
}
