/**
 * The shape of every knowledge file. Checked when the knowledge base loads, so nothing malformed is found
 * at question time.
 */
import { z } from 'zod'
import { DOCUMENT_FORMATS } from './formats/read-document.ts'

const slug = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'use lower-case letters, digits and single hyphens, like "north-korea"',
  )

const nonEmpty = z.string().trim().min(1, 'must not be empty')

/** a calendar date, as YAML and people write it: 2026-12-05 */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, like 2026-12-05')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), 'must be a real date')

const webAddress = z
  .string()
  .url('must be a web address, like https://handbook.example.org/leave/')
  .refine((text) => /^https?:\/\//i.test(text), 'must start with http:// or https://')

export const sourceMetaSchema = z.strictObject({
  id: slug,
  title: nonEmpty,
  titleSupplied: z.boolean().default(false),
  /** how the raw text is read; sources added before formats were told apart are plain text */
  format: z.enum(DOCUMENT_FORMATS).default('text'),
  origin: z.strictObject({
    file: nonEmpty,
    startLine: z.number().int().min(1),
    endLine: z.number().int().min(1),
    startByte: z.number().int().min(0),
    endByte: z.number().int().min(0),
  }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-character hex sha256 of the raw text file'),
  /** where the document is published, so a citation can link to it */
  url: webAddress.optional(),
  /** when the document itself was last changed, as it says (front matter) or as `kb add --updated` says */
  updated: isoDate.optional(),
  /** when a curator last confirmed its claims still hold (`kb review`); `kb check` warns past an interval */
  reviewed: isoDate.optional(),
})

export const STANCES = ['pressure', 'engagement'] as const

const claimId = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'use "<source-id>/<short-name>", lower-case with hyphens, like "new-coalition/iran-oil"',
  )

export const claimSchema = z.strictObject({
  id: claimId,
  statement: nonEmpty,
  quote: nonEmpty,
  section: nonEmpty,
  topics: z.array(slug).min(1, 'list at least one topic'),
  entities: z.array(slug).default([]),
  questions: z.array(nonEmpty).min(2, 'list at least two questions a user might ask that this claim answers'),
  stance: z.enum(STANCES).optional(),
  sameAs: z
    .array(claimId)
    .min(1, 'list the ids of claims that state the same point, or leave sameAs out')
    .optional(),
})

export const claimsFileSchema = z.strictObject({
  source: slug,
  claims: z.array(claimSchema),
})

/**
 * A draft claims file as `kb add` writes it and a curator edits it: read leniently, so that a draft half
 * curated still answers; `promote` holds it to the claims file's schema.
 */
export const draftFileSchema = z.object({
  source: slug,
  claims: z.array(
    z.object({
      id: claimId,
      statement: nonEmpty,
      quote: nonEmpty,
      section: nonEmpty,
      topics: z.array(z.string()).nullish(),
      entities: z.array(z.string()).nullish(),
      questions: z.array(z.string()).nullish(),
    }),
  ),
})

export const aliasesFileSchema = z.strictObject({
  entities: z.array(
    z.strictObject({
      id: slug,
      name: nonEmpty,
      kind: z.enum([
        'country',
        'region',
        'organization',
        'city',
        'event',
        'initiative',
        'group',
        'person',
        'product',
        'system',
      ]),
      aliases: z.array(nonEmpty).default([]),
    }),
  ),
  terms: z.array(
    z.strictObject({
      id: slug,
      aliases: z.array(nonEmpty).min(1, 'a term group needs at least one other word for the same thing'),
      frames: z.boolean().default(false),
    }),
  ),
})

export const topicsFileSchema = z.strictObject({
  topics: z.array(z.strictObject({ id: slug, name: nonEmpty })),
})

export type SourceMeta = z.infer<typeof sourceMetaSchema>
export type ClaimsFile = z.infer<typeof claimsFileSchema>
export type AliasesFile = z.infer<typeof aliasesFileSchema>
export type TopicsFile = z.infer<typeof topicsFileSchema>
