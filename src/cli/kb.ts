/**
 * `npm run kb -- <command>`: the curators' tool for the knowledge base.
 *   init [<dir>]              make a new, empty knowledge directory (or complete one)
 *   check                     validate everything and report coverage (exit 1 on any problem)
 *   test                      ask every example question; list those that miss their own claim (exit 1)
 *   show <source>             print a source's cleaned text with its sections
 *   add <file> --title "…"    store a new document, clean it, draft candidate claims
 *   promote <source>          check a draft claims file and move it into the knowledge base
 *   clean [<source>]          regenerate cleaned text from raw text after the cleaner changed
 *   sources                   list the documents
 *   feedback [--store <file-or-url> | --log <file>] [--json]
 *                             the questions users asked that the bot declined or they voted down
 *   import-feedback <file>    add a JSONL feedback log to the event store (again adds nothing)
 *   corrections --dry-run     the correction notes the bot's next start would post
 *   teach <claim> <question>  add a question to the example questions of the claim that answers it
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { config as loadDotenv } from 'dotenv'
import { buildAliasTable } from '../answer/aliases.ts'
import { ask } from '../answer/ask.ts'
import { loadCommonness } from '../answer/english.ts'
import { feedbackLogPath, readCorrectionsConfig } from '../config.ts'
import type { ClaimChange } from '../corrections/changes.ts'
import { describeCorrection } from '../corrections/note.ts'
import { type PreviewedCorrection, previewCorrections } from '../corrections/plan.ts'
import { CitedAnswersError } from '../errors.ts'
import { type LoggedFeedback, readFeedbackLog } from '../feedback.ts'
import { buildFeedbackReport, feedbackReportJson, formatFeedbackReport } from '../feedback-report.ts'
import { prepareSource, toYaml, writeSource } from '../knowledge/add-source.ts'
import { auditCoverage, auditQuestionWords, checkKnowledge, type SourceCoverage } from '../knowledge/audit.ts'
import { loadDictionary } from '../knowledge/clean/dictionary.ts'
import { renderCleanMarkdown } from '../knowledge/clean-markdown.ts'
import { readDocument } from '../knowledge/formats/read-document.ts'
import { reviewDays, reviewsDue } from '../knowledge/freshness.ts'
import { initKnowledge } from '../knowledge/init.ts'
import { formatIssue, type KnowledgeIssue } from '../knowledge/issues.ts'
import { displayPath, draftFile, kbCommand, knowledgeLayout, sourceFiles } from '../knowledge/layout.ts'
import { loadKnowledge } from '../knowledge/load.ts'
import { promoteDraft } from '../knowledge/promote.ts'
import { type KnowledgeData, readKnowledge } from '../knowledge/read.ts'
import type { SourceMeta } from '../knowledge/schema.ts'
import { SELF_TEST_TOP, selfTest } from '../knowledge/self-test.ts'
import { teachQuestion } from '../knowledge/teach.ts'
import { importFeedbackLog } from '../store/import-feedback.ts'
import { createEventStore, DEFAULT_EVENT_STORE, isPostgresUrl } from '../store/open.ts'

const USAGE = `Usage: npm run kb -- <command>
  init [<dir>]                make a new, empty knowledge directory (or add what one lacks)
  check                       validate the knowledge base and report coverage
  test                        ask each example question and list those whose own claim is not
                              among the first ${SELF_TEST_TOP} answers
  show <source> [--uncovered] print a source's cleaned text (or only what no claim quotes)
  add <file> [--title "…"] [--id <id>] [--lines <first>-<last>] [--title-supplied]
      [--url <address>] [--updated YYYY-MM-DD]
                              store a document (Markdown, HTML or text), clean it and draft
                              candidate claims, which answer at once, marked as not yet reviewed;
                              the title is the document's own unless --title gives one
  promote <source>            check drafts/<source>.yaml and move it into claims/
  clean [<source>]            regenerate cleaned text from the raw text
  sources                     list the documents
  review <source> [--date YYYY-MM-DD]
                              record that a curator confirmed the document's claims still hold;
                              check warns about documents not reviewed within --review-days
                              (else REVIEW_INTERVAL_DAYS, else 180) days
  feedback [--store <file-or-url> | --log <file>] [--json]
                              questions users asked that the bot declined or they voted down, checked
                              against the knowledge base as it is now, read from the event store
                              (--store, else DATABASE_URL, else EVENT_STORE, else ${DEFAULT_EVENT_STORE}
                              where it exists) or from a JSONL log (--log, else FEEDBACK_LOG);
                              --json prints the report as one JSON object
  import-feedback <file> [--store <file-or-url>]
                              add a JSONL feedback log's entries to the event store; importing the
                              same log again adds only the lines it did not have
  corrections --dry-run [--store <file-or-url>] [--json]
                              the notes the bot's next start would post where a changed or withdrawn
                              claim was shown in the last CORRECTIONS_DAYS (30) days, read from the
                              event store as feedback reads it; nothing is posted or recorded
  teach <claim> "<question>"  add the question to the example questions of the claim that answers it
Options: --knowledge <dir> works on another knowledge directory (default: KNOWLEDGE_DIR, as the bot
         uses it, else the shipped knowledge/).`

/**
 * npm runs scripts from the package's folder and says in INIT_CWD where the command was typed: paths the
 * user gives, and paths shown back, are taken from there.
 */
const userFolder = process.env.INIT_CWD ?? process.cwd()
let layout = knowledgeLayout(undefined, userFolder)

function printIssues(issues: readonly KnowledgeIssue[]) {
  for (const issue of issues) console.error(`✗ ${formatIssue(issue)}`)
}

const percent = (covered: number, total: number) =>
  total === 0 ? '—' : `${Math.round((covered / total) * 100)}%`

function printCoverage(report: SourceCoverage, curated: boolean, drafted: number) {
  const { bullet, 'table-row': row, paragraph } = report.counts
  const covered = bullet.covered + row.covered + paragraph.covered
  const total = bullet.total + row.total + paragraph.total
  const state = curated ? `${percent(covered, total)} curated` : 'not curated yet'
  const unreviewed = drafted > 0 ? `; ${drafted} drafted passages answer, marked as not yet reviewed` : ''
  console.log(
    `  ${report.source} (${state}${unreviewed}): list items ${bullet.covered}/${bullet.total}, table rows ${row.covered}/${row.total}, ` +
      `paragraphs ${paragraph.covered}/${paragraph.total} (${percent(paragraph.covered, paragraph.total)})`,
  )
  if (!curated) return
  for (const block of report.uncovered.filter((item) => item.kind === 'paragraph')) {
    console.log(`      paragraph not quoted, in "${block.section}": ${block.text.slice(0, 100)}…`)
  }
}

/** The documents not reviewed within `interval` days: a warning, never a failure of the check. */
function printReviewsDue(sources: readonly SourceMeta[], interval: number) {
  const due = reviewsDue(sources, new Date(), interval)
  if (due.length === 0) return
  const never = due.filter((entry) => entry.reviewed === undefined)
  const stale = due.filter((entry) => entry.reviewed !== undefined)
  for (const entry of stale) {
    console.log(
      `⚠ Review due: "${entry.title}" [${entry.id}] was last reviewed ${entry.reviewed}, ${entry.days} days ago (more than ${interval}); confirm its claims still hold, then ${kbCommand(layout, `review ${entry.id}`)}`,
    )
  }
  if (never.length > 0) {
    console.log(
      `Never reviewed (${never.length}): ${never.map((entry) => entry.id).join(', ')}; once a curator confirms a document's claims, ${kbCommand(layout, 'review <source>')} records the date, and kb check warns after ${interval} days`,
    )
  }
}

async function check(interval: number): Promise<number> {
  const dictionary = await loadDictionary()
  const { data, issues, coverage, drafts, draftIssues } = checkKnowledge(layout, dictionary)
  const claims = data.claimSets.reduce((sum, set) => sum + set.claims.length, 0)
  const unreviewed = drafts.length > 0 ? `, ${drafts.length} drafted passages not yet reviewed` : ''
  console.log(
    `Knowledge base ${displayPath(layout, layout.root)}: ${data.sources.length} sources, ${claims} claims${unreviewed}, ${data.entities.length} entities, ${data.terms.length} term groups, ${data.topics.length} topics.`,
  )
  console.log('Curated (passages of each document quoted by at least one claim):')
  const curated = new Set(data.claimSets.map((set) => set.source))
  const draftedBySource = new Map<string, number>()
  for (const draft of drafts) draftedBySource.set(draft.source, (draftedBySource.get(draft.source) ?? 0) + 1)
  for (const report of coverage)
    printCoverage(report, curated.has(report.source), draftedBySource.get(report.source) ?? 0)
  const commonness = loadCommonness()
  // without the alias table every name in the example questions would be listed as an unknown word
  const unknownWords = data.unreadable?.aliases
    ? []
    : auditQuestionWords(data, (word) => dictionary.has(word) || commonness.has(word))
  if (unknownWords.length > 0) {
    console.log('Words of example questions no dictionary knows (a typo there stops the bot correcting it):')
    for (const entry of unknownWords) {
      const suggestion = entry.suggestion ? ` — did you mean "${entry.suggestion}"?` : ''
      const uses = entry.uses > 1 ? ` (and ${entry.uses - 1} more)` : ''
      console.log(`  "${entry.word}"${suggestion} in ${entry.claim}: "${entry.question}"${uses}`)
    }
  }
  const awaiting = data.sources.filter((source) => existsSync(draftFile(layout, source.meta.id)))
  for (const source of awaiting) {
    console.log(
      `Draft awaiting promotion: ${displayPath(layout, draftFile(layout, source.meta.id))} (${kbCommand(layout, `promote ${source.meta.id}`)})`,
    )
  }
  for (const issue of draftIssues) console.log(`⚠ ${formatIssue(issue)}`)
  printReviewsDue(
    data.sources.map(({ meta }) => meta),
    interval,
  )
  if (issues.length > 0) {
    printIssues(issues)
    console.error(
      `${issues.length} problem${issues.length === 1 ? '' : 's'}; the knowledge base is not valid.`,
    )
    return 1
  }
  console.log('✓ The knowledge base is valid.')
  return 0
}

function init(): number {
  const { created, kept } = initKnowledge(layout)
  const where = displayPath(layout, layout.root)
  console.log(
    created.length > 0
      ? `Knowledge directory ${where}: made ${created.join(', ')}${kept.length > 0 ? `; kept ${kept.join(', ')} as they were` : ''}.`
      : `Knowledge directory ${where} already has everything; nothing was changed.`,
  )
  console.log('Next:')
  console.log(`  ${kbCommand(layout, 'add <file>')}      add a document (Markdown, HTML or text)`)
  // npm start runs in the package's folder: KNOWLEDGE_DIR is taken from there
  const forStart = userFolder === process.cwd() ? where : layout.root
  console.log(`  KNOWLEDGE_DIR=${forStart} npm start      answer from it (or set KNOWLEDGE_DIR in .env)`)
  return 0
}

function test(): number {
  const kb = loadKnowledge(layout.root)
  const { asked, failures } = selfTest(kb)
  for (const { claim, question, answered } of failures) {
    const instead = answered.length > 0 ? `answered first by ${answered.join(', ')}` : 'declined'
    console.log(`✗ ${claim}: "${question}" — ${instead}`)
  }
  const passed = asked - failures.length
  console.log(
    `${passed} of ${asked} example questions find their own claim among the first ${SELF_TEST_TOP} answers.`,
  )
  if (failures.length === 0) return 0
  console.log(
    'For each, reword the question to say what sets its claim apart, move it to the claim that answers it better, ' +
      'or mark two claims that state the same point with sameAs.',
  )
  return 1
}

function findSource(data: KnowledgeData, id: string | undefined) {
  const source = data.sources.find((candidate) => candidate.meta.id === id)
  if (!source) {
    const known = data.sources.map((candidate) => candidate.meta.id).join(', ') || 'none yet'
    throw new CitedAnswersError(
      'not-found',
      `No source "${id ?? ''}" in ${displayPath(layout, layout.root)}. Known sources: ${known}`,
    )
  }
  return source
}

function show(id: string | undefined, uncoveredOnly: boolean): number {
  const { data } = readKnowledge(layout)
  const source = findSource(data, id)
  if (!uncoveredOnly) {
    console.log(readFileSync(source.files.clean, 'utf8'))
    return 0
  }
  const { coverage } = auditCoverage(data)
  const report = coverage.find((item) => item.source === source.meta.id)
  for (const block of report?.uncovered ?? []) console.log(`[${block.kind}] (${block.section}) ${block.text}`)
  return 0
}

function parseLines(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined
  const match = /^(\d+)-(\d+)$/.exec(value)
  if (!match)
    throw new CitedAnswersError('invalid-input', `--lines takes <first>-<last>, like 1-41; got "${value}"`)
  return [Number(match[1]), Number(match[2])]
}

async function add(file: string | undefined, values: Record<string, string | boolean | undefined>) {
  if (!file)
    throw new CitedAnswersError('invalid-input', `Name the file to add: ${kbCommand(layout, 'add <file>')}`)
  file = resolve(userFolder, file)
  if (!existsSync(file)) throw new CitedAnswersError('not-found', `No file at ${file}`)
  const { data } = readKnowledge(layout)
  const lines = parseLines(values.lines as string | undefined)
  const prepared = prepareSource(
    readFileSync(file),
    file,
    {
      ...(typeof values.title === 'string' ? { title: values.title } : {}),
      ...(typeof values.id === 'string' ? { id: values.id } : {}),
      ...(lines ? { lines } : {}),
      ...(typeof values.url === 'string' ? { url: values.url } : {}),
      ...(typeof values.updated === 'string' ? { updated: values.updated } : {}),
      titleSupplied: values['title-supplied'] === true,
    },
    await loadDictionary(),
  )
  const written = writeSource(layout, prepared, buildAliasTable(data.entities, data.terms))
  const counts = prepared.document.blocks.reduce<Record<string, number>>((acc, block) => {
    acc[block.kind] = (acc[block.kind] ?? 0) + 1
    return acc
  }, {})
  const id = prepared.meta.id
  console.log(
    `Added "${prepared.meta.title}" as source "${id}" (${prepared.meta.format}): ${JSON.stringify(counts)}`,
  )
  console.log(`  raw text:     ${displayPath(layout, written.files.raw)}`)
  console.log(
    `  cleaned text: ${displayPath(layout, written.files.clean)} (${kbCommand(layout, `show ${id}`)})`,
  )
  console.log(`  draft claims: ${displayPath(layout, written.draft)} (${written.drafted} passages)`)
  console.log(
    'Its passages answer questions now, marked as not yet reviewed. To curate them, edit the draft, then run:',
  )
  console.log(`  ${kbCommand(layout, `promote ${id}`)}`)
  return 0
}

function promote(id: string | undefined): number {
  if (!id)
    throw new CitedAnswersError(
      'invalid-input',
      `Name the source to promote: ${kbCommand(layout, 'promote <source>')}`,
    )
  const result = promoteDraft(layout, id)
  if ('issues' in result) {
    printIssues(result.issues)
    console.error(`Not promoted: ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}.`)
    return 1
  }
  console.log(`Promoted ${result.promoted} claims into ${result.file}.`)
  return 0
}

async function clean(id: string | undefined): Promise<number> {
  const { data } = readKnowledge(layout)
  const dictionary = await loadDictionary()
  const targets = id ? [findSource(data, id)] : data.sources
  for (const source of targets) {
    const files = sourceFiles(layout, source.meta.id)
    const raw = readFileSync(files.raw, 'utf8')
    const markdown = renderCleanMarkdown(
      readDocument(raw, source.meta.format, { title: source.meta.title, dictionary }),
      `${source.meta.id}.raw.txt`,
    )
    const before = existsSync(files.clean) ? readFileSync(files.clean, 'utf8') : ''
    if (before === markdown) {
      console.log(`${source.meta.id}: unchanged`)
      continue
    }
    const temporary = `${files.clean}.tmp`
    writeFileSync(temporary, markdown)
    renameSync(temporary, files.clean)
    console.log(
      `${source.meta.id}: cleaned text regenerated; review the diff and run \`${kbCommand(layout, 'check')}\``,
    )
  }
  return 0
}

function sources(): number {
  const { data } = readKnowledge(layout)
  for (const source of data.sources) {
    const supplied = source.meta.titleSupplied ? ' (title supplied by the curators)' : ''
    const { file, startLine, endLine } = source.meta.origin
    console.log(`${source.meta.id}: ${source.meta.title}${supplied} — ${file}, lines ${startLine}–${endLine}`)
  }
  return 0
}

/**
 * The event store the bot is configured with: --store as typed, else DATABASE_URL, else EVENT_STORE
 * (taken from the package's folder, where the bot runs), else the default file.
 */
function configuredStore(storeOption: string | undefined): { location: string; configured: boolean } {
  if (storeOption) {
    const location = isPostgresUrl(storeOption) ? storeOption : resolve(userFolder, storeOption)
    return { location, configured: true }
  }
  const url = process.env.DATABASE_URL?.trim()
  if (url) return { location: url, configured: true }
  const file = process.env.EVENT_STORE?.trim()
  if (file) return { location: resolve(process.cwd(), file), configured: true }
  return { location: resolve(process.cwd(), DEFAULT_EVENT_STORE), configured: false }
}

/** Where `kb feedback` reads: a log named, else the configured store, else (no store made yet) the JSONL log. */
async function readFeedback(
  logOption: string | undefined,
  storeOption: string | undefined,
): Promise<{ where: string; entries: LoggedFeedback[]; replaced: number }> {
  const store = logOption ? undefined : configuredStore(storeOption)
  if (store && (store.configured || existsSync(store.location))) {
    const events = await createEventStore(store.location, { mustExist: true })
    try {
      const { entries, replaced } = await events.feedback()
      const log = feedbackLogPath(process.env)
      if (entries.length === 0 && !storeOption && existsSync(log)) {
        console.error(
          `The event store is empty, and the JSONL log ${log} exists: ${kbCommand(layout, `import-feedback ${log}`)} adds its entries to the store (once), or --log ${log} reads it.`,
        )
      }
      return { where: events.location, entries, replaced }
    } finally {
      await events.close()
    }
  }
  const path = logOption ?? feedbackLogPath(process.env)
  const { entries, skipped } = await readFeedbackLog(path)
  if (skipped.length > 0) {
    const lines = skipped.slice(0, 10).map((problem) => `${problem.line} (${problem.reason})`)
    const more = skipped.length > 10 ? `, and ${skipped.length - 10} more` : ''
    console.error(`Skipped lines of ${path} that are not entries: ${lines.join(', ')}${more}.`)
  }
  return { where: path, entries, replaced: 0 }
}

async function feedback(
  logOption: string | undefined,
  storeOption: string | undefined,
  json: boolean,
): Promise<number> {
  if (logOption && storeOption) {
    throw new CitedAnswersError(
      'invalid-input',
      'Give --log (a JSONL log) or --store (the event store), not both.',
    )
  }
  const kb = loadKnowledge(layout.root)
  const { where, entries, replaced } = await readFeedback(logOption, storeOption)
  const report = buildFeedbackReport(entries, kb, { replaced })
  console.log(json ? JSON.stringify(feedbackReportJson(report, where)) : formatFeedbackReport(report, where))
  return 0
}

async function importFeedback(file: string | undefined, storeOption: string | undefined): Promise<number> {
  if (!file) {
    throw new CitedAnswersError(
      'invalid-input',
      `Name the JSONL feedback log: ${kbCommand(layout, 'import-feedback <file> [--store <file-or-url>]')}`,
    )
  }
  const path = resolve(userFolder, file)
  const events = await createEventStore(configuredStore(storeOption).location)
  try {
    const result = await importFeedbackLog(events, path)
    if (result.skipped.length > 0) {
      const lines = result.skipped.slice(0, 10).map((problem) => `${problem.line} (${problem.reason})`)
      const more = result.skipped.length > 10 ? `, and ${result.skipped.length - 10} more` : ''
      console.error(`Skipped lines of ${file} that are not entries: ${lines.join(', ')}${more}.`)
    }
    if (result.undated > 0) {
      console.error(`Skipped ${result.undated} entries of ${file} whose time ("at") is not a date.`)
    }
    const before = result.read - result.undated - result.added
    console.log(
      `Imported ${result.added} of ${result.read} entries of ${file} into ${events.location}` +
        (before > 0 ? ` (${before} ${before === 1 ? 'was' : 'were'} there from an earlier import).` : '.'),
    )
    return 0
  } finally {
    await events.close()
  }
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Where a note goes, as an operator finds it: the platform, the workspace, the channel and the message. */
function placeOf({ place }: PreviewedCorrection): string {
  const workspace = place.workspace ? ` ${place.workspace}` : ''
  const message =
    place.platform === 'slack' ? `in the thread of ${place.message}` : `replying to message ${place.message}`
  return `${place.platform}${workspace} channel ${place.channel}, ${message}`
}

const countChanges = (changes: readonly ClaimChange[]) => {
  const changed = changes.filter((change) => change.kind === 'changed').length
  return { changed, withdrawn: changes.length - changed }
}

/** `kb corrections --dry-run`: what the next start would post, from the configured store; nothing written. */
async function corrections(dryRun: boolean, storeOption: string | undefined, json: boolean): Promise<number> {
  if (!dryRun) {
    throw new CitedAnswersError(
      'invalid-input',
      `The bot posts corrections itself when it starts (CORRECTIONS, CORRECTIONS_DAYS); ${kbCommand(layout, 'corrections --dry-run')} lists what its next start would post.`,
    )
  }
  const settings = readCorrectionsConfig(process.env)
  const kb = loadKnowledge(layout.root)
  const store = configuredStore(storeOption)
  if (!store.configured && !existsSync(store.location)) {
    console.log(
      `No event store at ${store.location}: the bot has not run with one, so no answer is known to need a correction.`,
    )
    return 0
  }
  const events = await createEventStore(store.location, { mustExist: true })
  try {
    const until = new Date()
    const since = new Date(until.getTime() - settings.days * DAY_MS)
    const preview = await previewCorrections(kb, events, { since, until })
    const { changed, withdrawn } = countChanges(preview.changes)
    if (json) {
      const notes = preview.notes.map((item) => ({
        ...item.place,
        claim: item.claim,
        from: item.from,
        note: item.note,
      }))
      console.log(
        JSON.stringify({
          store: events.location,
          enabled: settings.enabled,
          days: settings.days,
          first: preview.first,
          changed,
          withdrawn,
          notes,
        }),
      )
      return 0
    }
    console.log(
      `Event store ${events.location}; answers shown in channels in the last ${settings.days} days.`,
    )
    if (preview.first) {
      console.log("No claims are recorded in it yet: the bot's next start records them and posts nothing.")
      return 0
    }
    console.log(
      preview.changes.length === 0
        ? 'No claim changed or was withdrawn since the last start.'
        : `${changed} claim${changed === 1 ? '' : 's'} changed and ${withdrawn} withdrawn since the last start.`,
    )
    if (!settings.enabled) console.log('CORRECTIONS=false: the bot posts none of these.')
    if (preview.notes.length === 0) {
      console.log('No corrections to post.')
      return 0
    }
    const count = preview.notes.length
    console.log(`${count} correction${count === 1 ? '' : 's'} the next start would post:`)
    for (const item of preview.notes) {
      const waiting = item.from === 'queued' ? ' (queued by an earlier start, not posted yet)' : ''
      console.log(`  ${placeOf(item)}: ${item.claim}${waiting}`)
      for (const line of describeCorrection(item.note)) console.log(`      ${line}`)
    }
    if (preview.unplaced > 0) {
      const times = `${preview.unplaced} time${preview.unplaced === 1 ? '' : 's'}`
      console.log(
        `Changed claims were also shown ${times} with no message to reply to (shared where the bot is not a member): nothing goes there.`,
      )
    }
    return 0
  } finally {
    await events.close()
  }
}

function teach(id: string | undefined, words: readonly string[]): number {
  const typed = words.join(' ')
  if (!id || !typed.trim()) {
    throw new CitedAnswersError(
      'invalid-input',
      `Name the claim and the question: ${kbCommand(layout, 'teach <claim-id> "<question>"')}`,
    )
  }
  const result = teachQuestion(layout, id, typed)
  if ('issues' in result) {
    printIssues(result.issues)
    console.error('Not added.')
    return 1
  }
  console.log(`Added to ${id} in ${result.file}: ${JSON.stringify(result.question)}`)
  const answer = ask(result.question, loadKnowledge(layout.root))
  const first = answer.kind === 'answered' ? answer.matches[0]?.claim.id : undefined
  if (first === id)
    console.log('Asked now, it is answered by that claim first. Restart the bot to answer it.')
  else {
    console.log(
      `Asked now, it is answered ${first ? `by ${first} first` : 'by nothing'}: that claim's other questions or a` +
        ' `sameAs` between the two may need a look. Restart the bot to use the change.',
    )
  }
  return 0
}

/** --review-days, else REVIEW_INTERVAL_DAYS, else half a year */
function reviewInterval(option: string | undefined): number {
  const [value, from] =
    option !== undefined
      ? [option, '--review-days']
      : [process.env.REVIEW_INTERVAL_DAYS, 'REVIEW_INTERVAL_DAYS']
  try {
    return reviewDays(value, from)
  } catch (error) {
    throw new CitedAnswersError('invalid-input', error instanceof Error ? error.message : String(error))
  }
}

/** `kb review <source> [--date YYYY-MM-DD]`: record that a curator confirmed the document's claims hold. */
function review(id: string | undefined, date: string | undefined): number {
  if (!id) {
    throw new CitedAnswersError(
      'invalid-input',
      `Name the document reviewed: ${kbCommand(layout, 'review <source>')}`,
    )
  }
  const today = new Date().toISOString().slice(0, 10)
  const day = date ?? today
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || day > today) {
    throw new CitedAnswersError(
      'invalid-input',
      `--date must be a past date written YYYY-MM-DD, like ${today}`,
    )
  }
  const { data } = readKnowledge(layout)
  const source = data.sources.find(({ meta }) => meta.id === id)
  if (!source) {
    throw new CitedAnswersError(
      'not-found',
      `No document "${id}" in ${displayPath(layout, layout.root)}; ${kbCommand(layout, 'sources')} lists them`,
    )
  }
  writeFileSync(source.files.meta, toYaml({ ...source.meta, reviewed: day }))
  console.log(
    `Recorded a review of "${source.meta.title}" [${id}] on ${day}. Restart the bot to use the change.`,
  )
  return 0
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      id: { type: 'string' },
      lines: { type: 'string' },
      'title-supplied': { type: 'boolean' },
      uncovered: { type: 'boolean' },
      knowledge: { type: 'string' },
      log: { type: 'string' },
      store: { type: 'string' },
      url: { type: 'string' },
      updated: { type: 'string' },
      date: { type: 'string' },
      'review-days': { type: 'string' },
      json: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, argument, ...rest] = positionals
  loadDotenv({ quiet: true })
  // the bot takes KNOWLEDGE_DIR from the package's folder (where npm start runs); --knowledge, typed by the
  // user, from where they typed it
  const fromEnvironment = process.env.KNOWLEDGE_DIR?.trim()
  if (command === 'init' && argument) layout = knowledgeLayout(argument, userFolder)
  else if (values.knowledge) layout = knowledgeLayout(values.knowledge, userFolder)
  else if (fromEnvironment) layout = knowledgeLayout(resolve(process.cwd(), fromEnvironment), userFolder)
  if (values.help || !command) {
    console.log(USAGE)
    return command || values.help ? 0 : 2
  }
  switch (command) {
    case 'init':
      return init()
    case 'check':
      return check(reviewInterval(values['review-days']))
    case 'review':
      return review(argument, values.date)
    case 'test':
      return test()
    case 'show':
      return show(argument, values.uncovered === true)
    case 'add':
      return add(argument, values)
    case 'promote':
      return promote(argument)
    case 'clean':
      return clean(argument)
    case 'sources':
      return sources()
    case 'feedback':
      return feedback(values.log, values.store, values.json === true)
    case 'import-feedback':
      return importFeedback(argument, values.store)
    case 'corrections':
      return corrections(values['dry-run'] === true, values.store, values.json === true)
    case 'teach':
      return teach(argument, rest)
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`)
      return 2
  }
}

/** Run one `kb` command; resolves to the process exit code. `cited-answers kb …` comes here too. */
export async function runKb(argv: string[]): Promise<number> {
  try {
    return await main(argv)
  } catch (error) {
    if (error instanceof CitedAnswersError || (error instanceof TypeError && 'code' in error)) {
      console.error(error.message)
      return 2
    }
    throw error
  }
}

// run when executed, not when the bot's own command line imports it for `cited-answers kb`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runKb(process.argv.slice(2))
}
