import { beforeAll, describe, expect, it } from 'vitest'
import { cleanSource } from '../../src/knowledge/clean/clean-source.ts'
import { loadDictionary } from '../../src/knowledge/clean/dictionary.ts'
import { repairEncoding } from '../../src/knowledge/clean/encoding.ts'
import type { Block } from '../../src/types.ts'

let dictionary: ReadonlySet<string>
beforeAll(async () => {
  dictionary = await loadDictionary()
})

const clean = (raw: string, title = 'A Title') => cleanSource(raw, { title, dictionary }).blocks
const texts = (blocks: Block[]) => blocks.map((block) => `${block.kind}: ${block.text}`)

describe('repairing encoding damage', () => {
  it.each([
    ['the cp1250 rendering of U+2062 (â˘)', 'geopolitical â˘landscape', 'geopolitical landscape'],
    [
      'the cp1250 rendering of U+2063 (âŁ)',
      'North Korea’s âŁnuclear ambitions',
      'North Korea’s nuclear ambitions',
    ],
    ['the cp1250 rendering of U+2064 (â¤)', 'for â¤regional stability', 'for regional stability'],
    [
      'U+2062 and a no-break space mangled twice (⢠)',
      'notably the\u28a0United States',
      'notably the United States',
    ],
    [
      'U+2063 and a no-break space mangled twice (⣠)',
      'engagement and\u28e0diplomacy',
      'engagement and diplomacy',
    ],
    ['U+2064 and a no-break space mangled twice (⤠)', 'While\u2920some analysts', 'While some analysts'],
    [
      'UTF-8 read as windows-1252',
      'It\u00e2\u20ac\u2122s a \u00e2\u20ac\u0153new axis\u00e2\u20ac\u009d',
      'It’s a “new axis”',
    ],
    ['UTF-8 read as windows-1252, accented letter', 'caf\u00c3\u00a9 society', 'café society'],
    ['invisible characters left as they are', 'North\u200b Korea\u2062', 'North Korea'],
    ['no-break spaces', 'Asia\u00a0Pacific', 'Asia Pacific'],
  ])('repairs %s', (_, damaged, repaired) => {
    expect(repairEncoding(damaged)).toBe(repaired)
  })

  it('leaves clean text with accents and typographic punctuation alone', () => {
    const text = 'Café’s “new axis” — Pyongyang’s résumé'
    expect(repairEncoding(text)).toBe(text)
  })
})

describe('removing HTML residue', () => {
  it.each([
    [
      'spaced strong tags around a label',
      '- < strong >Joint Military Exercises : strong >Collaborative drills showcase operational synergy growth. li >',
      'bullet: Joint Military Exercises: Collaborative drills showcase operational synergy growth.',
    ],
    [
      'a strong tag without its "<"',
      'Ties strong >and cooperation strong>.',
      'paragraph: Ties and cooperation.',
    ],
    [
      'a list item closed by "/ Li/>"',
      '- < Strong strengthening Alliances : U.S allies intensifying collaborations./ Li/>',
      'bullet: strengthening Alliances: U.S allies intensifying collaborations.',
    ],
    [
      '"< Li/>" and "ul />" after an item',
      '- C yber Operations: Cybersecurity measures strengthened.< Li/> ul />',
      'bullet: Cyber Operations: Cybersecurity measures strengthened.',
    ],
    [
      'a lost character reference (& ;)',
      'Dialogues fostering overall peace & ;security today.',
      'paragraph: Dialogues fostering overall peace & security today.',
    ],
    [
      'an unterminated paragraph tag "< P"',
      '< P response growing alignment key initiatives include:< P/>',
      'paragraph: response growing alignment key initiatives include:',
    ],
  ])('removes %s', (_, raw, expected) => {
    expect(texts(clean(raw))).toEqual([expected])
  })

  it('splits paragraphs at "< p>" and "< p/>"', () => {
    expect(texts(clean('< p>First paragraph here.< p/>< p>Second paragraph here.< p/>'))).toEqual([
      'paragraph: First paragraph here.',
      'paragraph: Second paragraph here.',
    ])
  })

  it('splits list items run together on one line with "< li >" and "< br />"', () => {
    const raw =
      '- < li >< Strong Diplomatic Measures engaging india/brazil ;< br />< li >< Economic Incentives promoting stability ;'
    expect(texts(clean(raw))).toEqual([
      'bullet: Diplomatic Measures engaging india/brazil;',
      'bullet: Economic Incentives promoting stability;',
    ])
  })

  it('starts a list where "include:-" begins one in the middle of a line', () => {
    expect(
      texts(
        clean('Key takeaways drawn include:- < strong >Flexibility: strong >U.S.policies must adapt . li >'),
      ),
    ).toEqual(['paragraph: Key takeaways drawn include:', 'bullet: Flexibility: U.S. policies must adapt.'])
  })
})

describe('recovering tables', () => {
  it('rebuilds a table flattened into one line of td/th residue, splitting rows that ran together', () => {
    const raw = [
      'Country Main Contribution th Area Of Cooperation /th > NORTH KOREA /td > td Arms /td > td Technology Transfer /td > td IRAN /td > td Oil /td >< td />Energy Trade /t d > < tr />< tr />CHINA t d Investment /t d Infrastructure Projects //t d /> Global Security Implications',
      '< h2/>',
      'The burgeoning alliance presents challenges.',
    ].join('\n')
    const blocks = clean(raw)
    expect(blocks.map((block) => [block.kind, block.cells ?? block.text])).toEqual([
      ['table-header', ['Country Main Contribution', 'Area Of Cooperation']],
      ['table-row', ['NORTH KOREA', 'Arms', 'Technology Transfer']],
      ['table-row', ['IRAN', 'Oil', 'Energy Trade']],
      ['table-row', ['CHINA', 'Investment', 'Infrastructure Projects']],
      ['heading', 'Global Security Implications'],
      ['paragraph', 'The burgeoning alliance presents challenges.'],
    ])
    expect(blocks[1]?.text).toBe('NORTH KOREA | Arms | Technology Transfer')
  })

  it('rebuilds a table whose cells are "(td )" and rows "(tr )" across lines', () => {
    const raw = [
      'Key initiatives might encompass:',
      '(td )Regional Security Alliances',
      '(td )Strengthening defense pacts(tr )',
      '(tr )Economic Partnerships',
      '(td) Developing trade agreements(table)',
    ].join('\n')
    expect(texts(clean(raw))).toEqual([
      'paragraph: Key initiatives might encompass:',
      'table-row: Regional Security Alliances | Strengthening defense pacts',
      'table-row: Economic Partnerships | Developing trade agreements',
    ])
  })

  it('unpacks rows written as parenthesised cells', () => {
    const raw =
      'Policy Focus th >< th impact east asia th > tr > (Containment) (Limited communist expansion ) td > tr > (Engagement) (Strengthened economic links ) td > tr />'
    expect(texts(clean(raw))).toEqual([
      'table-header: Policy Focus | impact east asia',
      'table-row: Containment | Limited communist expansion',
      'table-row: Engagement | Strengthened economic links',
    ])
  })

  it('reads a pipe table with a dash separator and keeps text after the last cell as a paragraph', () => {
    const raw = [
      '|Sanction Type|Description|',
      '|—|—|',
      '|Asset Freezes |Target individuals linked directly finance/military sectors |',
      '|Travel Restrictions |Impose bans officials |By adopting these measures,washington exerts pressure.',
    ].join('\n')
    expect(texts(clean(raw))).toEqual([
      'table-header: Sanction Type | Description',
      'table-row: Asset Freezes | Target individuals linked directly finance/military sectors',
      'table-row: Travel Restrictions | Impose bans officials',
      'paragraph: By adopting these measures, washington exerts pressure.',
    ])
  })

  it('reads a pipe table without outer pipes', () => {
    const raw = [
      'Country | Potential Impact |',
      '---|---|',
      'United States | Increased focus on defense. |',
    ].join('\n')
    expect(texts(clean(raw))).toEqual([
      'table-header: Country | Potential Impact',
      'table-row: United States | Increased focus on defense.',
    ])
  })
})

describe('recovering headings and sections', () => {
  it('takes a short capitalised line standing alone as a heading and files what follows under it', () => {
    const blocks = clean(
      'Intro sentence of the article.\nThe New Coalition in Global Politics\n\nThe alignment raises questions.',
    )
    expect(blocks.map((block) => [block.kind, block.section])).toEqual([
      ['paragraph', 'Introduction'],
      ['heading', 'The New Coalition in Global Politics'],
      ['paragraph', 'The New Coalition in Global Politics'],
    ])
  })

  it('strips wrapping quotes, a trailing colon and "h2/>" from headings, and mends "‘ s"', () => {
    const raw =
      '“Western Responses: Strategies To Counteract The Emerging Axis” h2/>\nText.\nRecommended Changes In Washington ‘ s Diplomacy Approach\nText two.\nClosing Remarks:\nText three.'
    expect(
      clean(raw)
        .filter((block) => block.kind === 'heading')
        .map((block) => block.text),
    ).toEqual([
      'Western Responses: Strategies To Counteract The Emerging Axis',
      'Recommended Changes In Washington’s Diplomacy Approach',
      'Closing Remarks',
    ])
  })

  it('drops a first line that repeats the title', () => {
    expect(texts(clean('A New Coalition Emerges\nBody text here.', 'A New Coalition Emerges'))).toEqual([
      'paragraph: Body text here.',
    ])
  })

  it('does not take a line that ends on a small word for a heading', () => {
    expect(
      clean('Key events like (the 2018 Singapore Summit) and\nInsights From History\nText.')[0]?.kind,
    ).toBe('paragraph')
  })
})

describe('mending spacing and glued words', () => {
  it.each([
    [
      'a space before punctuation',
      'North Korea ,Iran ,and China agree .',
      'North Korea, Iran, and China agree.',
    ],
    [
      'a sentence glued to the next',
      'conflict in Ukraine.This coalition grows.',
      'conflict in Ukraine. This coalition grows.',
    ],
    [
      'an initialism glued to a word',
      'past U.S.foreign policies and u.s.policy direction',
      'past U.S. foreign policies and u.s. policy direction',
    ],
    [
      'parentheses glued to words',
      'stemming from(the Korean conflict),and(Western sanctions)',
      'stemming from (the Korean conflict), and (Western sanctions)',
    ],
    ['a split ordinal', 'towards late 20 th century', 'towards late 20th century'],
    [
      'a glued small word (dictionary)',
      'particularly regardingeconomic ties andmilitary cooperation by region',
      'particularly regarding economic ties and military cooperation by region',
    ],
    [
      'words the document itself writes apart',
      'isolate northkorea/russia while north korea waits',
      'isolate north korea/russia while north korea waits',
    ],
    [
      'a glued capitalised pair',
      'partners such Japan/SouthKorea and South Korea',
      'partners such Japan/South Korea and South Korea',
    ],
  ])('mends %s', (_, raw, expected) => {
    expect(clean(raw)[0]?.text).toBe(expected)
  })

  it('leaves real words alone even when they contain other words', () => {
    const text = 'Cybersecurity and newfound counterweight moreover furthermore worldwide.'
    expect(clean(text)[0]?.text).toBe(text)
  })

  it('joins a line broken after a comma with the line that continues it', () => {
    expect(texts(clean('Additionally,\nthe recent climate has intensified these ties.'))).toEqual([
      'paragraph: Additionally, the recent climate has intensified these ties.',
    ])
  })

  it('recovers a labelled list glued to the colon before it and splits off the sentence that follows', () => {
    const raw = [
      'Prioritized measures should include:Enhanced Monitoring: Implement advanced tracking systems.',
      'Sector-specific Sanctions: Target critical sectors.',
      'Multinational Coordination: Strengthen collaborations.Additionally utilizing economic tools may involve:',
    ].join('\n')
    expect(texts(clean(raw))).toEqual([
      'paragraph: Prioritized measures should include:',
      'bullet: Enhanced Monitoring: Implement advanced tracking systems.',
      'bullet: Sector-specific Sanctions: Target critical sectors.',
      'bullet: Multinational Coordination: Strengthen collaborations.',
      'paragraph: Additionally utilizing economic tools may involve:',
    ])
  })

  it('is deterministic', () => {
    const raw = 'Title Line Here\nSome â˘text with < strong >residue strong >.'
    expect(clean(raw)).toEqual(clean(raw))
  })
})
