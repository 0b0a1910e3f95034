/** What went wrong, in a form a caller can branch on. */
export type ErrorCode = 'invalid-knowledge' | 'invalid-config' | 'invalid-input' | 'not-found'

/** The one error class of the project: a code, and a message that says what is wrong, where, and what to do. */
export class CitedAnswersError extends Error {
  override name = 'CitedAnswersError'
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
