/**
 * Cross-checks knowledge files against each other: ids unique, quotes verbatim in their section of the
 * cleaned source, entities and topics known, statements clean, questions useful.
 */
import { contentWords, normalizeText, words } from '../answer/text.ts'
import type { Block, Claim } from '../types.ts'
import { scanResidue } from './clean/html-residue.ts'
import type { KnowledgeIssue } from './issues.ts'
import { displayPath, type KnowledgeLayout, kbCommand } from './layout.ts'
import type { ClaimSet, KnowledgeData, SourceData } from './read.ts'

/** bounds on a quote's length: long enough to be a passage, short enough to read in a chat reply */
export const QUOTE_LENGTH = { min: 15, max: 700 } as const
/** a question shorter than this many words is too vague to tell claims apart */
const MIN_QUESTION_WORDS = 3

/** Characters and shapes that only appear in damaged text. */
const DAMAGE: ReadonlyArray<readonly [RegExp, string]> = [
  [/â[\u0080-\u02FF€]|Ã[\u0080-\u00BF]|Â[\u00A0-\u00BF]|\uFFFD/, 'mojibake from a mis-decoded character'],
  [
    /[\u2820\u2860\u28A0\u28E0\u2920\u200B-\u200D\u2060-\u2064\uFEFF]/,
    'an invisible or mangled invisible character',
  ],
  [/ {2,}|^\s|\s$/, 'stray whitespace'],
  [/\s[,.;:!?](?!\.)/, 'a space before punctuation'],
  [/[,;](?=[A-Za-z])|(?<=[a-z]{2})\.(?=[A-Z][a-z])/, 'punctuation glued to the next word'],
]

/** Pronouns that leave a statement leaning on text the reader does not see. */
const DANGLING_START = /^(?:they|them|it|its|this|these|those|he|she|such|both)\b/i

function residueIn(text: string): string | undefined {
  for (const [pattern, what] of DAMAGE) if (pattern.test(text)) return what
  const marks = scanResidue(text, false).filter((piece) => 'mark' in piece)
  return marks.length > 0 ? 'HTML tag residue' : undefined
}

/** the block with the most words in common with a quote, to point a curator at the passage they meant */
function nearestBlock(quote: string, blocks: readonly Block[]): Block | undefined {
  const wanted = new Set(contentWords(quote))
  let best: Block | undefined
  let bestShared = 0
  for (const block of blocks) {
    const shared = contentWords(block.text).filter((word) => wanted.has(word)).length
    if (shared > bestShared) {
      best = block
      bestShared = shared
    }
  }
  return best
}

const excerpt = (text: string, length = 90) => (text.length > length ? `${text.slice(0, length)}…` : text)

function checkQuote(
  claim: Claim,
  source: SourceData,
  layout: KnowledgeLayout,
  report: (issue: Omit<KnowledgeIssue, 'file'>) => void,
) {
  const subject = `claim "${claim.id}"`
  const { blocks } = source.document
  const show = `\`${kbCommand(layout, `show ${source.meta.id}`)}\``
  // a short list item ("Annual Leave") or table row is quoted whole, however short
  const wholeBlock = blocks.some((block) => block.section === claim.section && block.text === claim.quote)
  if ((claim.quote.length < QUOTE_LENGTH.min && !wholeBlock) || claim.quote.length > QUOTE_LENGTH.max) {
    report({
      code: 'quote-length',
      subject,
      message: `quote is ${claim.quote.length} characters long; a quote must be ${QUOTE_LENGTH.min} to ${QUOTE_LENGTH.max}, or a whole list item or table row`,
      fix: 'quote the one sentence, bullet or table row the statement rests on',
    })
  }
  const sections = new Set(blocks.map((block) => block.section))
  if (!sections.has(claim.section)) {
    const known = [...sections].map((name) => `"${name}"`).join(', ')
    report({
      code: 'unknown-section',
      subject,
      message: `section "${claim.section}" is not a section of source "${source.meta.id}"`,
      fix: `use one of its sections, as ${show} prints them: ${known}`,
    })
    return
  }
  if (blocks.some((block) => block.section === claim.section && block.text.includes(claim.quote))) return
  const elsewhere = blocks.find((block) => block.text.includes(claim.quote))
  if (elsewhere) {
    report({
      code: 'quote-in-other-section',
      subject,
      message: `quote is in section "${elsewhere.section}", not "${claim.section}"`,
      fix: `set section: ${elsewhere.section}`,
    })
    return
  }
  if (
    blocks
      .map((block) => block.text)
      .join(' ')
      .includes(claim.quote)
  ) {
    report({
      code: 'quote-spans-blocks',
      subject,
      message: 'quote runs across two blocks (paragraphs, list items or table rows) of the cleaned source',
      fix: 'quote from one block only; make a separate claim for the other',
    })
    return
  }
  const nearest = nearestBlock(claim.quote, blocks)
  report({
    code: 'quote-not-found',
    subject,
    message: `quote not found verbatim in source "${source.meta.id}"`,
    fix: nearest
      ? `copy the passage exactly from the cleaned text (${show}); the closest passage is in section "${nearest.section}": "${excerpt(nearest.text)}"`
      : `copy the passage exactly from the cleaned text (${show})`,
  })
}

/**
 * the longest statement, section name and example question taken: a chat answer is read in seconds, and a
 * field of megabytes (a paste gone wrong) would stall start-up and fill memory
 */
export const FIELD_LENGTH = { statement: 1000, section: 300, question: 300 } as const

function checkLengths(claim: Claim, report: (issue: Omit<KnowledgeIssue, 'file'>) => void) {
  const subject = `claim "${claim.id}"`
  const tooLong = (what: string, text: string, max: number) => {
    if (text.length <= max) return
    report({
      code: 'too-long',
      subject,
      message: `${what} is ${text.length} characters long; at most ${max} are taken`,
      fix: `shorten the ${what}`,
    })
  }
  tooLong('statement', claim.statement, FIELD_LENGTH.statement)
  tooLong('section', claim.section, FIELD_LENGTH.section)
  for (const question of claim.questions) tooLong('example question', question, FIELD_LENGTH.question)
}

function checkStatement(claim: Claim, report: (issue: Omit<KnowledgeIssue, 'file'>) => void) {
  const subject = `claim "${claim.id}"`
  const damage = residueIn(claim.statement)
  if (damage) {
    report({
      code: 'damaged-statement',
      subject,
      message: `statement contains ${damage}`,
      fix: 'write the statement as clean English; only the quote reproduces the source text',
    })
  }
  if (
    DANGLING_START.test(claim.statement) ||
    !/^[A-Z0-9“"‘(]/.test(claim.statement) ||
    !/[.!?]["”’)]?$/.test(claim.statement)
  ) {
    report({
      code: 'vague-statement',
      subject,
      message: 'statement must be a whole sentence that names its actors (no leading "they", "it", "this")',
      fix: 'start with the actor by name ("Russia and North Korea …") and end with a full stop',
    })
  }
}

function checkQuestions(
  claim: Claim,
  seen: Map<string, string>,
  report: (issue: Omit<KnowledgeIssue, 'file'>) => void,
) {
  const subject = `claim "${claim.id}"`
  const statement = normalizeText(claim.statement)
  for (const question of claim.questions) {
    const key = normalizeText(question)
    if (
      words(question).length < MIN_QUESTION_WORDS ||
      contentWords(question).length === 0 ||
      key === statement
    ) {
      report({
        code: 'trivial-question',
        subject,
        message: `question "${question}" is too short or vague to tell this claim from others`,
        fix: `ask it as a user would, naming the subject, in at least ${MIN_QUESTION_WORDS} words`,
      })
    }
    const owner = seen.get(key)
    if (owner === claim.id) {
      report({
        code: 'duplicate-question',
        subject,
        message: `question "${question}" is listed twice`,
        fix: 'drop one of them',
      })
    } else if (owner !== undefined) {
      report({
        code: 'duplicate-question',
        subject,
        message: `question "${question}" is also listed under claim "${owner}"`,
        fix: 'keep it under the claim that answers it best and rephrase or drop the other',
      })
    }
    seen.set(key, claim.id)
  }
}

function checkClaimSet(set: ClaimSet, data: KnowledgeData, context: CheckContext) {
  const sources = new Map(data.sources.map((source) => [source.meta.id, source]))
  const report = (issue: Omit<KnowledgeIssue, 'file'>) => context.issues.push({ file: set.file, ...issue })
  const source = sources.get(set.source)
  if (!source) {
    report({
      code: 'unknown-source',
      message: `source "${set.source}" has no file in ${displayPath(data.layout, data.layout.sourcesDir)}/`,
      fix: `add the document with \`${kbCommand(data.layout, 'add <file>')}\` or correct "source:" (known: ${[...sources.keys()].join(', ')})`,
    })
    return
  }
  if (!set.file.endsWith(`/${set.source}.yaml`)) {
    report({
      code: 'wrong-claim-file',
      message: `claims of source "${set.source}" belong in claims/${set.source}.yaml`,
      fix: `rename the file to ${set.source}.yaml`,
    })
  }
  for (const claim of set.claims) {
    const subject = `claim "${claim.id}"`
    const owner = context.claimIds.get(claim.id)
    if (owner) {
      report({
        code: 'duplicate-id',
        subject,
        message: `id is also used in ${owner}`,
        fix: 'give one of the two claims a new id',
      })
    }
    context.claimIds.set(claim.id, set.file)
    if (!claim.id.startsWith(`${set.source}/`)) {
      report({
        code: 'schema',
        subject,
        message: `id must start with the source id "${set.source}/"`,
        fix: `rename it to "${set.source}/${claim.id.split('/').at(-1)}"`,
      })
    }
    checkQuote(claim, source, data.layout, report)
    checkLengths(claim, report)
    checkStatement(claim, report)
    checkQuestions(claim, context.questions, report)
    for (const entity of claim.entities) {
      if (context.entityIds && !context.entityIds.has(entity)) {
        report({
          code: 'unknown-entity',
          subject,
          message: `entity "${entity}" is not in the alias table`,
          fix: `use an entity id from ${displayPath(data.layout, data.layout.aliasesFile)}, or add the entity there with its aliases`,
        })
      }
    }
    for (const topic of claim.topics) {
      if (context.topicIds && !context.topicIds.has(topic)) {
        report({
          code: 'unknown-topic',
          subject,
          message: `topic "${topic}" is not in ${displayPath(data.layout, data.layout.topicsFile)}`,
          fix: `use a topic id from ${displayPath(data.layout, data.layout.topicsFile)}, or add the topic there`,
        })
      }
    }
  }
}

interface CheckContext {
  issues: KnowledgeIssue[]
  claimIds: Map<string, string>
  questions: Map<string, string>
  /** undefined when the file listing them could not be read, so that no reference can be checked */
  entityIds: Set<string> | undefined
  topicIds: Set<string> | undefined
}

function checkUnique(ids: readonly string[], kind: string, file: string, issues: KnowledgeIssue[]) {
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) {
      issues.push({
        code: 'duplicate-id',
        file,
        subject: `${kind} "${id}"`,
        message: 'id is listed twice',
        fix: 'merge the two entries',
      })
    }
    seen.add(id)
  }
}

function checkAliases(data: KnowledgeData, issues: KnowledgeIssue[]) {
  const file = displayPath(data.layout, data.layout.aliasesFile)
  checkUnique(
    [...data.entities.map((entity) => entity.id), ...data.terms.map((term) => term.id)],
    'entry',
    file,
    issues,
  )
  const targets = new Map<string, string>()
  const claim = (alias: string, target: string) => {
    const key = normalizeText(alias)
    if (!key) {
      issues.push({
        code: 'alias-conflict',
        file,
        subject: `"${target}"`,
        message: `alias "${alias}" has no letters or digits`,
        fix: 'remove it',
      })
      return
    }
    const owner = targets.get(key)
    if (owner !== undefined && owner !== target) {
      issues.push({
        code: 'alias-conflict',
        file,
        subject: `"${target}"`,
        message: `alias "${alias}" also stands for "${owner}"`,
        fix: 'an alias may stand for one thing only; remove it from one of the two',
      })
    }
    targets.set(key, target)
  }
  for (const entity of data.entities) {
    claim(entity.name, entity.id)
    for (const alias of entity.aliases) claim(alias, entity.id)
  }
  for (const term of data.terms) {
    claim(term.id.replace(/-/g, ' '), term.id)
    for (const alias of term.aliases) claim(alias, term.id)
  }
}

/** Every cross-file problem of the knowledge base; empty when it is sound. */
export function validateKnowledge(data: KnowledgeData): KnowledgeIssue[] {
  const issues: KnowledgeIssue[] = []
  checkAliases(data, issues)
  checkUnique(
    data.topics.map((topic) => topic.id),
    'topic',
    displayPath(data.layout, data.layout.topicsFile),
    issues,
  )
  checkUnique(
    data.sources.map((source) => source.meta.id),
    'source',
    displayPath(data.layout, data.layout.sourcesDir),
    issues,
  )
  for (const source of data.sources) {
    if (source.document.blocks.length === 0) {
      issues.push({
        code: 'clean-stale',
        file: displayPath(data.layout, source.files.clean),
        message: 'the cleaned text has no blocks',
        fix: `run \`${kbCommand(data.layout, `clean ${source.meta.id}`)}\``,
      })
    }
  }
  const context: CheckContext = {
    issues,
    claimIds: new Map(),
    questions: new Map(),
    entityIds: data.unreadable?.aliases ? undefined : new Set(data.entities.map((entity) => entity.id)),
    topicIds: data.unreadable?.topics ? undefined : new Set(data.topics.map((topic) => topic.id)),
  }
  for (const set of data.claimSets) checkClaimSet(set, data, context)
  checkSameAs(data, context)
  return issues
}

/**
 * What a reader sees around a drafted passage, which the passage alone lacks: the document's title; for a
 * sentence, the rest of its paragraph (an "it" there names its subject in the sentence before); for a list
 * item or table row, the paragraph that introduces the list ("For bereavement, you can use:").
 */
function contextOf(draft: Claim, source: SourceData): string {
  const { blocks } = source.document
  const at = blocks.findIndex((block) => block.section === draft.section && block.text.includes(draft.quote))
  const block = blocks[at]
  if (!block) return source.meta.title
  const parts = [source.meta.title]
  if (block.kind === 'paragraph' && block.text !== draft.quote) parts.push(block.text)
  if (block.kind === 'bullet' || block.kind === 'table-row') {
    let before = at - 1
    while (before >= 0 && blocks[before]?.kind === block.kind) before--
    const lead = blocks[before]
    if (lead && lead.section === block.section && lead.kind !== 'heading') parts.push(lead.text)
    if (block.kind === 'table-row' && lead?.kind === 'table-header') parts.push(lead.text)
  }
  return parts.join('\n')
}

/**
 * The drafted passages that can answer as they stand: each quote found verbatim in its source under its
 * section, each id its own. A passage that fails is left out, and said why, without failing the knowledge
 * base: a draft is work in progress. Topics and entities not (yet) in the shared files are dropped.
 */
export function servableDrafts(data: KnowledgeData): { claims: Claim[]; issues: KnowledgeIssue[] } {
  const issues: KnowledgeIssue[] = []
  const sources = new Map(data.sources.map((source) => [source.meta.id, source]))
  const taken = new Set(data.claimSets.flatMap((set) => set.claims.map((claim) => claim.id)))
  const entityIds = new Set(data.entities.map((entity) => entity.id))
  const topicIds = new Set(data.topics.map((topic) => topic.id))
  const claims: Claim[] = []
  const fix = (issue: Omit<KnowledgeIssue, 'file'>): Omit<KnowledgeIssue, 'file'> => ({
    ...issue,
    message: `${issue.message}; it does not answer until this is fixed`,
  })
  for (const set of data.draftSets) {
    const source = sources.get(set.source)
    if (!source) {
      issues.push({
        code: 'unknown-source',
        file: set.file,
        message: `source "${set.source}" has no file in ${displayPath(data.layout, data.layout.sourcesDir)}/; no passage of the draft answers`,
        fix: `add the document with \`${kbCommand(data.layout, 'add <file>')}\`, or delete the draft`,
      })
      continue
    }
    for (const draft of set.claims) {
      let servable = true
      const report = (issue: Omit<KnowledgeIssue, 'file'>) => {
        servable = false
        issues.push({ file: set.file, ...fix(issue) })
      }
      if (taken.has(draft.id)) {
        report({
          code: 'duplicate-id',
          subject: `claim "${draft.id}"`,
          message: 'id is also used by another claim or draft',
          fix: 'give the draft a new id',
        })
      } else {
        checkQuote(draft, source, data.layout, report)
        checkLengths(draft, report)
      }
      if (!servable) continue
      taken.add(draft.id)
      const context = contextOf(draft, source)
      claims.push({
        ...draft,
        ...(context ? { context } : {}),
        topics: draft.topics.filter((topic) => topicIds.has(topic)),
        entities: draft.entities.filter((entity) => entityIds.has(entity)),
      })
    }
  }
  return { claims, issues }
}

/** Every `sameAs` names another claim that exists. */
function checkSameAs(data: KnowledgeData, context: CheckContext) {
  for (const set of data.claimSets) {
    for (const claim of set.claims) {
      for (const other of claim.sameAs ?? []) {
        const problem =
          other === claim.id
            ? 'lists the claim itself'
            : context.claimIds.has(other)
              ? undefined
              : `names "${other}", which is not a claim`
        if (!problem) continue
        context.issues.push({
          code: 'unknown-claim',
          file: set.file,
          subject: `claim "${claim.id}"`,
          message: `sameAs ${problem}`,
          fix: `list the ids of other claims in ${displayPath(data.layout, data.layout.claimsDir)}/ that state the same point, or remove the entry`,
        })
      }
    }
  }
}
