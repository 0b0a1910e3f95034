/**
 * Knowledge directories for correction tests: a copy of the fixture with one document's claims replaced,
 * as a curator's edit leaves it, and the claims a test changes or removes.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { toYaml } from '../../src/knowledge/add-source.ts'
import type { KnowledgeLayout } from '../../src/knowledge/layout.ts'
import { copyKnowledgeFixture, PRESSURE_CLAIMS } from './knowledge-fixture.ts'

export const IRAN_CLAIM = 'pressure/iran-oil'
export const NORTH_KOREA_CLAIM = 'pressure/north-korea-arms'
export const IRAN_QUESTION = 'What is Iran’s main contribution?'
export const NORTH_KOREA_QUESTION = 'What is North Korea’s main contribution?'
export const NEW_IRAN_STATEMENT = 'Iran’s main contribution is oil, gas and other energy trade.'

type ClaimInput = Record<string, unknown>

/** A copy of `base` whose pressure claims are `edit` applied to the fixture's. */
export function editPressureClaims(
  base: KnowledgeLayout,
  edit: (claims: ClaimInput[]) => ClaimInput[],
): KnowledgeLayout {
  const copy = copyKnowledgeFixture(base)
  const claims = edit(PRESSURE_CLAIMS.map((claim) => ({ ...claim })))
  writeFileSync(join(copy.claimsDir, 'pressure.yaml'), toYaml({ source: 'pressure', claims }))
  return copy
}

/** The Iran claim's statement reworded. */
export const rewordIran = (base: KnowledgeLayout) =>
  editPressureClaims(base, (claims) =>
    claims.map((claim) => (claim.id === IRAN_CLAIM ? { ...claim, statement: NEW_IRAN_STATEMENT } : claim)),
  )

/** The North Korea claim taken out. */
export const withdrawNorthKorea = (base: KnowledgeLayout) =>
  editPressureClaims(base, (claims) => claims.filter((claim) => claim.id !== NORTH_KOREA_CLAIM))
