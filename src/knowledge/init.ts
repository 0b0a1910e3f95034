/**
 * A new, valid, empty knowledge directory: the alias table and topic list with their formats explained in
 * comments, and the folders documents, drafts and claims go in. Files already there are left as they are,
 * so it also completes a directory that lacks some of them.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { displayPath, type KnowledgeLayout } from './layout.ts'

const ALIASES_TEMPLATE = `# The alias table: the many ways people name one thing.
#
# entities: the people, teams, places, products and organisations your documents discuss. Claims list their
# ids under "entities", and a question naming any alias finds claims about the entity.
#   kind is one of: country, region, organization, city, event, initiative, group, person, product, system
#
#   - id: human-resources          # lower-case letters, digits and single hyphens
#     name: Human Resources        # how answers name it
#     kind: organization
#     aliases: [HR, People Ops, people team]
#
# terms: words your team uses for the same thing. Questions and claims meet on the term's id, so a question
# saying "PTO" finds a claim that says "annual leave".
#
#   - id: annual-leave
#     aliases: [PTO, vacation, holiday, time off]
#
# A term marked \`frames: true\` frames a question rather than names its subject ("the bottom line on
# travel" asks about travel): it counts for less when deciding whether a claim covers the question.
#
# An alias may stand for one thing only; \`npm run kb -- check\` refuses one that stands for two.

entities: []
terms: []
`

const TOPICS_TEMPLATE = `# The topics claims are filed under. Users browse them with the \`topics\` command; each curated claim lists
# at least one topic id under "topics". Passages not yet curated need none.
#
#   - { id: leave, name: "Leave and time off" }     # id: lower-case letters, digits and single hyphens
#   - { id: travel, name: "Travel and expenses" }

topics: []
`

export interface InitResult {
  /** the files and folders made, as messages show them */
  created: string[]
  /** those that were there already and were left as they are */
  kept: string[]
}

/** Make the files and folders of a knowledge directory that are missing; never overwrites one. */
export function initKnowledge(layout: KnowledgeLayout): InitResult {
  const result: InitResult = { created: [], kept: [] }
  mkdirSync(layout.root, { recursive: true })
  for (const dir of [layout.sourcesDir, layout.draftsDir, layout.claimsDir]) {
    const shown = `${displayPath(layout, dir)}/`
    if (existsSync(dir)) result.kept.push(shown)
    else {
      mkdirSync(dir, { recursive: true })
      result.created.push(shown)
    }
  }
  for (const [file, text] of [
    [layout.aliasesFile, ALIASES_TEMPLATE],
    [layout.topicsFile, TOPICS_TEMPLATE],
  ] as const) {
    const shown = displayPath(layout, file)
    if (existsSync(file)) result.kept.push(shown)
    else {
      writeFileSync(file, text, { flag: 'wx' })
      result.created.push(shown)
    }
  }
  return result
}
