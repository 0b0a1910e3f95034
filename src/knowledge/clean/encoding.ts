/**
 * Repairs text whose UTF-8 bytes were decoded through a single-byte Windows code page ("mojibake"),
 * and removes invisible formatting characters that carry no meaning in plain text.
 */

/**
 * windows-1252's 0x80–0x9F range (the rest of its upper half is Latin-1). Spelled out because Node's
 * TextDecoder treats the "windows-1252" label as Latin-1 and would decode these bytes to C1 controls.
 */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'

function windows1252(): Map<string, number> {
  const map = new Map<string, number>()
  for (let byte = 0x80; byte <= 0xff; byte++) {
    map.set(byte < 0xa0 ? (WINDOWS_1252_HIGH[byte - 0x80] ?? '') : String.fromCharCode(byte), byte)
  }
  return map
}

function windows1250(): Map<string, number> {
  const decoder = new TextDecoder('windows-1250')
  const map = new Map<string, number>()
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const char = decoder.decode(Uint8Array.of(byte))
    if (char !== '\uFFFD') map.set(char, byte)
  }
  return map
}

/** for each code page mojibake is commonly decoded through: the byte each character stands for */
const BYTE_OF_CHAR: ReadonlyArray<ReadonlyMap<string, number>> = [windows1252(), windows1250()]

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** how many continuation bytes a UTF-8 lead byte announces, or 0 when it is not a lead byte */
function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1
  if (lead >= 0xe0 && lead <= 0xef) return 2
  if (lead >= 0xf0 && lead <= 0xf4) return 3
  return 0
}

function byteOf(char: string | undefined, page: ReadonlyMap<string, number>): number | undefined {
  return char === undefined ? undefined : page.get(char)
}

const isContinuation = (byte: number | undefined): byte is number =>
  byte !== undefined && byte >= 0x80 && byte <= 0xbf

/** characters that only steer layout or rendering and are invisible in plain text */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060-\u2064\u2066-\u2069\uFEFF]/g
/** spaces that should read as an ordinary space */
const ODD_SPACES = /[\u00A0\u2007\u2009\u202F]/g
/**
 * An invisible operator (U+2060–U+2064) followed by a no-break space, encoded to UTF-8, decoded through a
 * code page and encoded again, comes back as one of these characters (bytes E2 A0–A4 A0). They stand for
 * a space.
 */
const MANGLED_INVISIBLE_AND_SPACE = /[\u2820\u2860\u28A0\u28E0\u2920]/g

function repairAt(text: string, index: number, page: ReadonlyMap<string, number>): [string, number] | null {
  const lead = byteOf(text[index], page)
  if (lead === undefined) return null
  const expected = continuationCount(lead)
  if (expected === 0) return null
  const bytes = [lead]
  for (let offset = 1; offset <= expected; offset++) {
    const byte = byteOf(text[index + offset], page)
    if (!isContinuation(byte)) break
    bytes.push(byte)
  }
  if (bytes.length === expected + 1) {
    try {
      return [utf8.decode(Uint8Array.from(bytes)), bytes.length]
    } catch {
      return null
    }
  }
  // U+2060–U+206F are E2 81 xx; 0x81 is undefined in both code pages and was dropped on the way,
  // leaving "â" and one more character (â˘, âŁ, â¤ …). They are invisible formatting characters.
  if (lead === 0xe2 && bytes.length === 2 && (bytes[1] ?? 0) >= 0xa0 && (bytes[1] ?? 0) <= 0xaf) {
    return ['', 2]
  }
  return null
}

/** Undo code-page mojibake and drop invisible characters; every other character is kept as it is. */
export function repairEncoding(text: string): string {
  let out = ''
  let index = 0
  while (index < text.length) {
    const code = text.charCodeAt(index)
    if (code >= 0x80) {
      let repaired: [string, number] | null = null
      for (const page of BYTE_OF_CHAR) {
        repaired = repairAt(text, index, page)
        if (repaired) break
      }
      if (repaired) {
        out += repaired[0]
        index += repaired[1]
        continue
      }
    }
    out += text[index]
    index++
  }
  return out.replace(MANGLED_INVISIBLE_AND_SPACE, ' ').replace(INVISIBLE, '').replace(ODD_SPACES, ' ')
}
