/** How the terminal's replies look: colour and width, from what the output reports and the user asked for. */
import type { TerminalStyle } from './render.ts'

/** what a Node output stream tells of the terminal behind it; a file or a pipe has no `isTTY` */
export interface TerminalOutput {
  isTTY?: boolean
  columns?: number
  hasColors?: (env: Record<string, string | undefined>) => boolean
}

const SAYS_NO = new Set(['0', 'false'])

/**
 * Colour only on a terminal that shows it, and never when NO_COLOR is set to anything but an empty string
 * (https://no-color.org); FORCE_COLOR set (not to 0 or false) colours a pipe too. Wrapped to the terminal's
 * width; output to a file or a pipe is not wrapped.
 */
export function terminalStyleFor(
  output: TerminalOutput,
  env: Record<string, string | undefined>,
): TerminalStyle {
  const columns = output.isTTY === true ? output.columns : undefined
  const width = columns !== undefined && Number.isInteger(columns) && columns > 0 ? { width: columns } : {}
  if (env.NO_COLOR) return { color: false, ...width }
  const force = env.FORCE_COLOR
  if (force) return { color: !SAYS_NO.has(force.toLowerCase()), ...width }
  // Node's own check would read NO_COLOR="" as "no colour", which no-color.org says it is not
  const shows = output.hasColors?.({ ...env, NO_COLOR: undefined, FORCE_COLOR: undefined }) ?? false
  return { color: output.isTTY === true && shows, ...width }
}
