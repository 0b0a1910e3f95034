/**
 * Every tuning constant of the answer engine, in one place. Each was chosen by `npm run eval` on the
 * development questions only (tests/eval/questions.dev.yaml); the held-out questions are never tuned on.
 * The comments on DEFAULT_CONFIG say what the evaluation showed (`npm run eval -- --ablations` reruns it).
 */

/** the fields of a claim a question is matched against */
export const FIELDS = ['questions', 'statement', 'quote', 'section', 'topics', 'entities'] as const
export type Field = (typeof FIELDS)[number]

export interface MatchingConfig {
  /** how much a query word found in each field counts; a word found in several fields counts once per field */
  fieldWeights: Record<Field, number>
  /** the most a single word can score, in units of its idf, however many fields it appears in */
  maxWordWeight: number
  /** for a synonym, how much more a claim scores for using the very word the user typed, per unit of its idf */
  exactWordBonus: number
  /** how much a spelling-corrected word counts next to one typed correctly */
  correctedWordFactor: number
  /** Fuse.js score (0 = identical, 1 = unrelated) at or below which a word counts as a misspelling of another */
  spellingThreshold: number
  /** words shorter than this are never spelling-corrected (too many near neighbours) */
  minCorrectableLength: number
  /**
   * what a word the knowledge base never uses weighs in the question, as a share of the weight of the
   * rarest word it does use: such words are often filler ("catch", "beef up"), sometimes the very thing
   * asked ("population"), so they count, but less than a rare word the documents use
   */
  unknownWordWeight: number
  /**
   * log10 counts in everyday English (SUBTLEX-US) over which a question word's weight falls from 1 to
   * `commonWordFloor`: below the first a word is rare enough to carry its full weight
   */
  commonRange: readonly [number, number]
  commonWordFloor: number
  /**
   * the most a word's rarity in the knowledge base (its idf) counts towards a question's coverage; its
   * everyday-English rarity still counts in full
   */
  coverageIdfCap: number
  /** what a word the knowledge base never uses counts towards coverage, in the units of `coverageIdfCap` */
  unknownWordCoverage: number
  /**
   * how much more a candidate scores when one of its example questions alone holds the whole question (in
   * proportion for part of it)
   */
  closestQuestionBonus: number
  /** the least share of the question's weighted words the best claim must contain to be given as an answer */
  minCoverage: number
  /** answers after the first must score at least this share of the first's score */
  relativeCutoff: number
  /** the matches a chat reply shows at once: the first matches are arranged to show both sides within it */
  firstPage: number
  /** at most this many matches are returned in one answer */
  maxMatches: number
  /** at most this many candidates are kept for "more results": ten pages of three is more than anyone reads */
  maxCandidates: number
}

export const DEFAULT_CONFIG: MatchingConfig = {
  // Figures are top-1 of the 170 answerable development questions / share of the 70 unanswerable ones
  // declined; as configured, 83.5% / 97.1%.
  // questions first: the example questions alone (80.0%) beat the statement alone (75.3%) and the quote alone
  // (67.6%); all fields weighted so beat equal weights (81.8%)
  fieldWeights: { questions: 1, statement: 0.8, quote: 0.5, section: 0.3, topics: 0.4, entities: 0.6 },
  maxWordWeight: 2,
  // without it 81.2%; 0.25 answers one question more (84.1%), 1 as many as 0.5. Asking each example question
  // of a knowledge base built without it (five folds), 0.25 and 0.5 find its claim first alike (73.8%, 73.7%)
  closestQuestionBonus: 0.5,
  // without it 79.4% ("back channel talks" then scores as any word for dialogue); 0.15 as many, 0.5 81.8%
  exactWordBonus: 0.3,
  // without spelling correction 78.2%
  correctedWordFactor: 0.8,
  spellingThreshold: 0.3,
  minCorrectableLength: 4,
  // now weighs only in ranking by closest example question and in the score shown: 0.3–1 answer alike
  unknownWordWeight: 0.5,
  commonRange: [2.5, 4.5],
  // without commonness weighting 81.8%; a floor of 0.3 declines fewer unanswerable questions (95.7%), 0.1
  // fewer still (92.9%)
  commonWordFloor: 0.5,
  // the abstention threshold: 0.55 declines 2.8 points fewer unanswerable questions and answers no more of
  // the others right; 0.65 answers 1.7 points fewer; a wrong answer is worse than none
  minCoverage: 0.6,
  // uncapped, a word the documents happen to use once ("joining", "leadership") outweighs the names asked
  // about: as many answered, but only 87.1% declined
  coverageIdfCap: 1,
  // counted like a known word (1), 94.3% are declined; 2 declines as many as 1.5 and answers 0.6 points fewer
  unknownWordCoverage: 1.5,
  relativeCutoff: 0.5,
  firstPage: 3,
  maxMatches: 5,
  maxCandidates: 30,
}

/**
 * Questions that ask for a figure or a date ("how many troops", "what year", "population"). Only a claim
 * that states a number can answer them; a claim on the same subject without one would be a wrong answer.
 */
export const ASKS_FOR_FIGURE =
  /\b(?:how (?:many|much|old|big|large|long)|what (?:year|date|percentage|percent|number)|which year|when (?:did|was|were|is|are|will|does|do)|population|gdp|per cent|percent|percentage|casualt\w*|death toll|number of|statistics?|figures? (?:on|for)|(?:member|head|troop|body) ?count|amount of|size of|(?:19|20)\d\d)\b/i

/** a number, written in digits or words, in a claim */
export const STATES_FIGURE =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|dozen|half)\b/i
