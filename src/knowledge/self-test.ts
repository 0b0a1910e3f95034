/**
 * The self-test of a knowledge base: every example question a curator lists under a claim must find that
 * claim among the first answers, as a match or as one making the same point (`sameAs`). The questions are
 * the knowledge base's own promise of what it answers; one that fails shows where claims compete.
 */
import { ask } from '../answer/ask.ts'
import type { KnowledgeBase } from './knowledge-base.ts'

/** how far down the answers an example question may find its claim */
export const SELF_TEST_TOP = 3

export interface SelfTestFailure {
  claim: string
  question: string
  /** the claims answered first instead, best first; empty when the bot declined */
  answered: string[]
}

export interface SelfTestResult {
  asked: number
  failures: SelfTestFailure[]
}

export function selfTest(kb: KnowledgeBase, top = SELF_TEST_TOP): SelfTestResult {
  const failures: SelfTestFailure[] = []
  let asked = 0
  for (const claim of kb.claims) {
    for (const question of claim.questions) {
      asked++
      const answer = ask(question, kb, { limit: top })
      const matches = answer.kind === 'answered' ? answer.matches.slice(0, top) : []
      const cited = matches.flatMap((match) => [
        match.claim,
        ...match.corroborations.map((other) => other.claim),
      ])
      if (!cited.some((each) => each.id === claim.id))
        failures.push({ claim: claim.id, question, answered: matches.map((match) => match.claim.id) })
    }
  }
  return { asked, failures }
}
