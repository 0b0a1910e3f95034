/** Reading an HTML page into the blocks citations quote (src/knowledge/formats/html.ts). */
import { describe, expect, it } from 'vitest'
import { detectFormat, readDocument, titleOf } from '../../../src/knowledge/formats/read-document.ts'

const PAGE = `<!doctype html>
<html><head><title>Travel FAQ</title><style>p { color: red }</style></head>
<body>
<nav><a href="/">Home</a></nav>
<h1>Travel FAQ</h1>
<p>Book travel in <strong>Concur</strong>&nbsp;at least 14 days ahead.</p>
<h2>Rental cars</h2>
<ul><li>Book a compact car<ul><li>unless approved</li></ul></li><li>Decline the insurance</li></ul>
<table><tr><th>Trip</th><th>Limit</th></tr><tr><td>Local</td><td>$25</td></tr></table>
<script>track()</script>
</body></html>`

describe('an HTML page', () => {
  it('is told by its name or its first tag', () => {
    expect(detectFormat('faq.html', '')).toBe('html')
    expect(detectFormat('faq', '<!DOCTYPE html><html>')).toBe('html')
    expect(detectFormat('notes.md', '')).toBe('markdown')
    expect(detectFormat('notes.txt', 'Plain words.')).toBe('text')
  })

  it('takes its title from <title>', () => {
    expect(titleOf(PAGE, 'html')).toBe('Travel FAQ')
  })

  it('reads headings, paragraphs, list items and table rows, leaving out scripts, styles and navigation', () => {
    const blocks = readDocument(PAGE, 'html', { title: 'Travel FAQ', dictionary: new Set() }).blocks
    expect(blocks.map((block) => [block.kind, block.section, block.text])).toEqual([
      ['paragraph', 'Introduction', 'Book travel in Concur at least 14 days ahead.'],
      ['heading', 'Rental cars', 'Rental cars'],
      ['bullet', 'Rental cars', 'Book a compact car'],
      ['bullet', 'Rental cars', 'unless approved'],
      ['bullet', 'Rental cars', 'Decline the insurance'],
      ['table-header', 'Rental cars', 'Trip | Limit'],
      ['table-row', 'Rental cars', 'Local | $25'],
    ])
  })
})
