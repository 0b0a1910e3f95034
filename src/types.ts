/** The kinds of block a cleaned document is made of. */
export type BlockKind = 'heading' | 'paragraph' | 'bullet' | 'table-header' | 'table-row'

/** One unit of cleaned text; a citation's quote always lies inside a single block. */
export interface Block {
  kind: BlockKind
  /** the block's text; for table rows the cells joined by `TABLE_CELL_SEPARATOR` */
  text: string
  /** the heading this block sits under (`INTRODUCTION_SECTION` before the first heading) */
  section: string
  /** for table rows and headers: the cells, in order */
  cells?: string[]
}

/** A source document after cleaning: its title and its blocks in reading order. */
export interface CleanDocument {
  title: string
  blocks: Block[]
}

/** Where a source's raw text came from, so the slice can be found again in the file as received. */
export interface SourceOrigin {
  file: string
  startLine: number
  endLine: number
  startByte: number
  endByte: number
}

/** A document of the knowledge base, as the bot knows it: enough to cite it. */
export interface SourceInfo {
  id: string
  title: string
  /** true when the document had no title and the curators gave it one */
  titleSupplied: boolean
  /** how its raw text is read: plain (web) text, Markdown or HTML */
  format?: 'text' | 'markdown' | 'html'
  origin: SourceOrigin
  /** sha256 of the raw text file, so a hand edit of the raw text is caught */
  sha256: string
  /** where the document is published */
  url?: string | undefined
  /** when the document itself was last changed (YYYY-MM-DD) */
  updated?: string | undefined
  /** when a curator last confirmed its claims still hold (YYYY-MM-DD) */
  reviewed?: string | undefined
}

/** A document of the knowledge base, with its cleaned text. */
export interface Source extends SourceInfo {
  document: CleanDocument
}

/** One curated claim: a clean statement and the verbatim passage it rests on. */
export interface Claim {
  id: string
  statement: string
  quote: string
  source: string
  section: string
  topics: string[]
  entities: string[]
  questions: string[]
  /** the strategy a claim argues for, where the documents argue different ones */
  stance?: Stance
  /**
   * ids of claims that state the same point, usually in another document: a question one answers, the
   * other answers equally well, so they are given as one answer with each passage cited
   */
  sameAs?: string[]
  /**
   * false for a passage drafted by `kb add` that no curator has reviewed yet: it answers as it stands,
   * marked as such wherever it is shown; absent for curated claims
   */
  reviewed?: false
  /**
   * for a drafted passage: the text around it that a reader sees with it (the document's title, the
   * paragraph a sentence is from, the lines a list item is introduced by), matched against but never shown
   */
  context?: string
}

/** The strategies the documents argue between: pressure and sanctions, or engagement and dialogue. */
export type Stance = 'pressure' | 'engagement'

/** A subject claims are filed under; users browse them with the `topics` command. */
export interface Topic {
  id: string
  name: string
}

/** A canonical thing people refer to in many ways: a country, an organisation, a place. */
export interface Entity {
  id: string
  name: string
  kind: string
  aliases: string[]
}

/** A domain term and the other words people use for the same thing. */
export interface TermGroup {
  id: string
  aliases: string[]
  /**
   * the term frames a question rather than names its subject ("the bottom line on sanctions" asks about
   * sanctions): it counts for less towards whether a claim covers the question, as frame words do
   */
  frames?: boolean
}

/** The citation of a claim: which document, which section, the exact passage. */
export interface Citation {
  source: string
  title: string
  section: string
  quote: string
  /** a link to the document, to the section's heading where the format has anchors */
  url?: string
  /** when the document was last changed (YYYY-MM-DD), so a reader can tell how old it is */
  updated?: string
}

/** Another claim that states the same point as a match, with its own citation. */
export interface Corroboration {
  claim: Claim
  citation: Citation
}

/** A word or name of a question read as another: a misspelling corrected, an alias recognised. */
export interface Rewrite {
  from: string
  to: string
}

/** Why a claim matched a question, from the same reading of the question that ranked it. */
export interface Explanation {
  /** the question's words as the engine read them, in order: lower-case, corrected, without stop words */
  read: string[]
  /** names and terms read as what they stand for ("pyongyang" → "North Korea") */
  aliases: Rewrite[]
  /** misspellings corrected from the knowledge base's vocabulary ("moskow" → "moscow") */
  corrections: Rewrite[]
  /** what the claim holds of the question, in its order: a word as read, a name as what it stands for */
  matched: string[]
}

/** One claim that answers a question, with its citation and how well it matched (0–1). */
export interface Match {
  claim: Claim
  citation: Citation
  /** the same point as stated elsewhere (see `Claim.sameAs`), each with its own passage; often empty */
  corroborations: Corroboration[]
  score: number
  /** why it matched (set by `ask` and `recallAnswer`; absent where the question has no words to read) */
  explanation?: Explanation
}

/** Why a question got no answer. */
export type NoAnswerReason = 'no-question' | 'not-found'

/** What the core says to a question; every adapter renders this, and only this. */
export type Answer =
  | {
      kind: 'answered'
      question: string
      /** best first */
      matches: Match[]
      /** the matches argue different strategies (pressure and engagement): show them side by side */
      perspectives: boolean
      /** more matches exist beyond these (ask again with a larger offset) */
      hasMore: boolean
    }
  | {
      kind: 'no-answer'
      question: string
      reason: NoAnswerReason
      /** the topics nearest to what was asked */
      suggestions: Topic[]
      /** questions the knowledge base can answer that come closest */
      related: string[]
    }

/** A running connection to one platform. */
export interface Adapter {
  name: string
  start(): Promise<void>
  /**
   * Stop taking new events, let the replies in progress finish for up to `graceMs` (none when omitted),
   * then close the platform's connection.
   */
  stop(graceMs?: number): Promise<void>
  /** whether the platform's connection is up now, for readiness; an adapter without one is always ready */
  isConnected?(): boolean
}
