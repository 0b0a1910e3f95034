/** Reading a Markdown document into the blocks citations quote (src/knowledge/formats/markdown.ts). */
import { describe, expect, it } from 'vitest'
import { readDocument, titleOf } from '../../../src/knowledge/formats/read-document.ts'
import type { Block } from '../../../src/types.ts'

const read = (markdown: string, title = 'Leave types') =>
  readDocument(markdown, 'markdown', { title, dictionary: new Set() }).blocks
const brief = (blocks: Block[]) => blocks.map((block) => [block.kind, block.section, block.text])

const PAGE = `---
title: Leave types
keywords: vacation, funeral
---

{% alert %}
  Current employees can use this <a href="https://example.gov/chart">leave comparison chart</a>.
{% endalert %}

Before you take leave, check [out of office expectations]({% page "travel-and-leave/going-out-of-office/" %}).

## Reasons someone can take leave

For **general uses and vacation**, you can use:

* [Annual Leave](#annual-leave)
  - Carried over up to *240 hours*
* Award Leave

### Paid Sick Time

You can use \`sick leave\` for your child(ren). Profits are shared (e.g. 2025 profits in 2026).

| Years of service | Hours per pay period |
|---|---|
| Fewer than 3 | 4 |
| 15+ | 8 |

## OK

Ask in {% slack_channel "equipment" %} or by email.

## Not OK

<div class="note"><p>Never share your PIV card.</p><script>track()</script></div>
`

describe('a Markdown document', () => {
  it('takes its title from the front matter', () => {
    expect(titleOf(PAGE, 'markdown')).toBe('Leave types')
    expect(titleOf('# Equipment\n\nGSA issues laptops.\n', 'markdown')).toBe('Equipment')
    expect(titleOf('Just text.\n', 'markdown')).toBeUndefined()
  })

  it('reads headings of every level as sections without their marks, and each block under its section', () => {
    expect(brief(read(PAGE))).toEqual([
      ['paragraph', 'Introduction', 'Current employees can use this leave comparison chart.'],
      ['paragraph', 'Introduction', 'Before you take leave, check out of office expectations.'],
      ['heading', 'Reasons someone can take leave', 'Reasons someone can take leave'],
      ['paragraph', 'Reasons someone can take leave', 'For general uses and vacation, you can use:'],
      ['bullet', 'Reasons someone can take leave', 'Annual Leave'],
      ['bullet', 'Reasons someone can take leave', 'Carried over up to 240 hours'],
      ['bullet', 'Reasons someone can take leave', 'Award Leave'],
      ['heading', 'Paid Sick Time', 'Paid Sick Time'],
      [
        'paragraph',
        'Paid Sick Time',
        'You can use sick leave for your child(ren). Profits are shared (e.g. 2025 profits in 2026).',
      ],
      ['table-header', 'Paid Sick Time', 'Years of service | Hours per pay period'],
      ['table-row', 'Paid Sick Time', 'Fewer than 3 | 4'],
      ['table-row', 'Paid Sick Time', '15+ | 8'],
      ['heading', 'OK', 'OK'],
      ['paragraph', 'OK', 'Ask in equipment or by email.'],
      ['heading', 'Not OK', 'Not OK'],
      ['paragraph', 'Not OK', 'Never share your PIV card.'],
    ])
  })

  it('keeps the cells of a table row', () => {
    const row = read(PAGE).find((block) => block.kind === 'table-row')
    expect(row?.cells).toEqual(['Fewer than 3', '4'])
  })

  it('drops a first heading that repeats the title, and names two headings alike by their parents', () => {
    const blocks = read(
      '# Leave types\n\nIntro text.\n\n## Funeral leave\n\n### Civilian\n\nUse sick leave.\n\n## Court leave\n\n### Civilian\n\nUse court leave.\n',
    )
    expect(brief(blocks)).toEqual([
      ['paragraph', 'Introduction', 'Intro text.'],
      ['heading', 'Funeral leave', 'Funeral leave'],
      ['heading', 'Funeral leave › Civilian', 'Funeral leave › Civilian'],
      ['paragraph', 'Funeral leave › Civilian', 'Use sick leave.'],
      ['heading', 'Court leave', 'Court leave'],
      ['heading', 'Court leave › Civilian', 'Court leave › Civilian'],
      ['paragraph', 'Court leave › Civilian', 'Use court leave.'],
    ])
  })

  it('decodes character references and never changes a word', () => {
    expect(
      read('Fish &amp; chips &mdash; the U.S. way, child(ren) and re-use.\n').map((b) => b.text),
    ).toEqual(['Fish & chips — the U.S. way, child(ren) and re-use.'])
  })
})
