import { describe, expect, it } from 'vitest'
import { type TerminalOutput, terminalStyleFor } from '../../../adapters/terminal/style.ts'

/** a terminal that shows colours as Node judges them from TERM, and what Node was asked */
function terminal(columns = 100) {
  const asked: Array<Record<string, string | undefined>> = []
  const output: TerminalOutput = {
    isTTY: true,
    columns,
    hasColors: (env) => {
      asked.push(env)
      return env.TERM !== 'dumb' && env.NO_COLOR === undefined && env.FORCE_COLOR === undefined
    },
  }
  return { output, asked }
}
const PIPE: TerminalOutput = {}

describe('the terminal style: colour only on a terminal that shows it, unless NO_COLOR says otherwise', () => {
  it('colours and wraps on a terminal that shows colours', () => {
    expect(terminalStyleFor(terminal(100).output, { TERM: 'xterm-256color' })).toEqual({
      color: true,
      width: 100,
    })
  })

  it('neither colours nor wraps output to a file or a pipe', () => {
    expect(terminalStyleFor(PIPE, { TERM: 'xterm-256color' })).toEqual({ color: false })
  })

  it('does not colour a terminal that shows no colours, and still wraps', () => {
    expect(terminalStyleFor(terminal(80).output, { TERM: 'dumb' })).toEqual({ color: false, width: 80 })
  })

  it.each(['1', 'true', 'yes', '0'])('turns colour off for NO_COLOR=%s, and still wraps', (value) => {
    expect(terminalStyleFor(terminal(80).output, { TERM: 'xterm', NO_COLOR: value })).toEqual({
      color: false,
      width: 80,
    })
  })

  it('reads an empty NO_COLOR as unset, as no-color.org asks, though Node itself would not', () => {
    const { output, asked } = terminal()
    expect(terminalStyleFor(output, { TERM: 'xterm', NO_COLOR: '' }).color).toBe(true)
    expect(asked).toEqual([{ TERM: 'xterm', NO_COLOR: undefined, FORCE_COLOR: undefined }])
  })

  it('colours a pipe when FORCE_COLOR asks for it, and turns colour off for FORCE_COLOR=0 or false', () => {
    expect(terminalStyleFor(PIPE, { FORCE_COLOR: '1' })).toEqual({ color: true })
    expect(terminalStyleFor(terminal().output, { TERM: 'xterm', FORCE_COLOR: '0' }).color).toBe(false)
    expect(terminalStyleFor(terminal().output, { TERM: 'xterm', FORCE_COLOR: 'FALSE' }).color).toBe(false)
    expect(terminalStyleFor(PIPE, { FORCE_COLOR: '' }).color).toBe(false)
  })

  it('lets NO_COLOR win over FORCE_COLOR', () => {
    expect(terminalStyleFor(PIPE, { FORCE_COLOR: '1', NO_COLOR: '1' }).color).toBe(false)
  })

  it('does not wrap when the terminal reports no usable width', () => {
    expect(terminalStyleFor({ isTTY: true, hasColors: () => false }, {})).toEqual({ color: false })
    expect(terminalStyleFor(terminal(0).output, {})).toEqual({ color: true })
  })

  it('takes Node’s own stdout and environment as they are', () => {
    expect(terminalStyleFor(process.stdout, { ...process.env, NO_COLOR: '1' }).color).toBe(false)
  })
})
