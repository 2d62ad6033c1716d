import { fail } from './errors.js'
import { isPng } from './png-signature.js'

export type BakedErrorCode =
  | 'NOT_A_BADGE_IMAGE'
  | 'BAKED_CREDENTIAL_MISSING'
  | 'BAKED_CREDENTIAL_DUPLICATED'
  | 'MALFORMED_IMAGE'
  | 'SVG_DOCTYPE_NOT_ALLOWED'
  | 'SVG_TOO_COMPLEX'

export const OB3_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0'
const KEYWORD = 'openbadgecredential'

export { isPng }

const utf8 = new TextDecoder('utf-8', { fatal: true })
const latin1 = new TextDecoder('latin1')

/**
 * The text of the PNG's `openbadgecredential` iTXt chunk. The chunk walk checks every declared length
 * against the bytes that remain, so a lying length cannot make it allocate or read past the file.
 */
export function extractFromPng(bytes: Uint8Array): string {
  if (!isPng(bytes)) fail('NOT_A_BADGE_IMAGE', 'not a PNG file')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const found: string[] = []
  /** tEXt and zTXt chunks under the credential's keyword: not how Open Badges bakes, but a reader may take them. */
  let otherChunks = 0
  let at = 8
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at)
    const type = latin1.decode(bytes.subarray(at + 4, at + 8))
    const start = at + 8
    const end = start + length
    if (end + 4 > bytes.length)
      fail('MALFORMED_IMAGE', `the PNG chunk ${type} claims ${length} bytes past the end of the file`)
    if (type === 'iTXt') {
      const text = readItxt(bytes.subarray(start, end))
      if (text !== undefined) found.push(text)
    } else if ((type === 'tEXt' || type === 'zTXt') && hasKeyword(bytes.subarray(start, end))) {
      otherChunks++
    }
    if (type === 'IEND') break
    at = end + 4
  }
  if (found.length + otherChunks > 1)
    fail(
      'BAKED_CREDENTIAL_DUPLICATED',
      `the PNG has ${found.length + otherChunks} openbadgecredential chunks: which one counts is ambiguous`,
    )
  if (otherChunks > 0)
    fail(
      'MALFORMED_IMAGE',
      'the credential is in a tEXt or zTXt chunk; Open Badges bakes it in an iTXt chunk',
    )
  if (found.length === 0) fail('BAKED_CREDENTIAL_MISSING', 'the PNG has no openbadgecredential iTXt chunk')
  return found[0] as string
}

/** Whether a text chunk (tEXt, zTXt, iTXt: each starts with its keyword and a NUL) is the credential's. */
function hasKeyword(data: Uint8Array): boolean {
  return data[KEYWORD.length] === 0 && latin1.decode(data.subarray(0, KEYWORD.length)) === KEYWORD
}

/** iTXt: keyword NUL, compression flag, method, language NUL, translated keyword NUL, text. */
function readItxt(data: Uint8Array): string | undefined {
  const nul = data.indexOf(0)
  if (nul < 0 || latin1.decode(data.subarray(0, nul)) !== KEYWORD) return undefined
  const compressed = data[nul + 1]
  if (compressed !== 0)
    fail('MALFORMED_IMAGE', 'the openbadgecredential chunk is compressed; Open Badges bakes it uncompressed')
  const language = data.indexOf(0, nul + 3)
  const translated = language < 0 ? -1 : data.indexOf(0, language + 1)
  if (translated < 0) fail('MALFORMED_IMAGE', 'the openbadgecredential iTXt chunk is truncated')
  try {
    return utf8.decode(data.subarray(translated + 1))
  } catch (cause) {
    return fail('MALFORMED_IMAGE', 'the openbadgecredential chunk is not UTF-8', cause)
  }
}

/**
 * Most markup (`<` and `=`: tags and attributes) an SVG may hold. An XML parser spent microseconds on
 * each, so a 16 MiB file of tiny tags took 7 s (and attributes cost more); a badge image needs far fewer.
 */
export const SVG_MAX_MARKUP = 50_000

function markupCount(text: string, max: number): number {
  let count = 0
  for (const mark of ['<', '=']) {
    for (let at = text.indexOf(mark); at >= 0 && count <= max; at = text.indexOf(mark, at + 1)) count++
  }
  return count
}

/** Elements nested more than this deep inside the root are refused (a badge image needs far fewer). */
const SVG_MAX_DEPTH = 100
/** Element names refused anywhere, as the XML parser this reader replaced refused them. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype'])

// XML 1.0 (fifth edition), productions 4, 4a, 5: Name
const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}'
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'uy')
/** What character data and attribute values cannot hold: `<`, or `&` other than in a reference. */
const BARE_MARKUP = /<|&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)/
const ATTRIBUTE_VALUE = /"([^"]*)"|'([^']*)'/y
const SPACE = /[ \t\r\n]*/y
/** `<!DOCTYPE name>`, with a SYSTEM or PUBLIC external identifier or not (XML 1.0, productions 28, 75, 11-13). */
const DOCTYPE =
  /<!DOCTYPE[ \t\r\n]+[^ \t\r\n>"'[]+(?:[ \t\r\n]+(?:SYSTEM[ \t\r\n]+(?:"[^"]*"|'[^']*')|PUBLIC[ \t\r\n]+(?:"[ \r\na-zA-Z0-9\-'()+,./:=?;!*#@$_%]*"|'[ \r\na-zA-Z0-9\-()+,./:=?;!*#@$_%]*')[ \t\r\n]+(?:"[^"]*"|'[^']*')))?[ \t\r\n]*>/y
const XML_DECLARATION = /^<\?xml(?:[ \t\r\n]+[\w.:-]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*'))*[ \t\r\n]*\?>$/

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' }

/**
 * An attribute value with its character references and predefined entities replaced, as an XML parser
 * reads it: `https&#58;//purl.imsglobal.org/ob/v3p0` is the Open Badges namespace too. Any other entity
 * is undeclared (no DTD is read), which is not well-formed.
 */
function decodeReferences(raw: string): string {
  return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][\w.:-]*);/g, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10)
      if (!(code > 0 && code <= 0x10ffff)) malformed(`the character reference &${ref}; is out of range`)
      return String.fromCodePoint(code)
    }
    const predefined = PREDEFINED[ref]
    if (predefined === undefined) malformed(`the entity &${ref}; is not declared`)
    return predefined
  })
}

/** The namespace bindings in force at an element: its own declarations, then its ancestors'. */
interface NamespaceScope {
  parent: NamespaceScope | undefined
  /** Prefix (`''` for the default namespace) to namespace name, as the element declares them. */
  own: Map<string, string>
}

function namespaceOf(prefix: string, scope: NamespaceScope | undefined): string | undefined {
  for (let at = scope; at !== undefined; at = at.parent) {
    const uri = at.own.get(prefix)
    if (uri !== undefined) return uri
  }
  return undefined
}

interface SvgElement {
  name: string
  /** Its depth: 1 for the root, 2 for the root's children. */
  depth: number
  /** Attribute values as written (no entity is decoded), trimmed, in document order. */
  attributes: [string, string][]
  children: SvgElement[]
  /** The concatenated CDATA sections directly inside, if there is any. */
  cdata?: string
  /** The character data directly inside, outside CDATA sections, comments and child elements. */
  text: string
}

function malformed(message: string): never {
  return fail('MALFORMED_IMAGE', `the SVG is not well-formed XML: ${message}`)
}

/**
 * A reader of well-formed XML for what a badge image needs: the root element and its children, their
 * attributes, text and CDATA (deeper elements are checked, never kept). Entities are never expanded (a
 * reference stays as written), no DTD is read, and a DOCTYPE may only name the root and an external
 * identifier. Anything not well-formed (unbalanced or misnamed tags, unquoted, repeated or `<`-holding
 * attributes, a bare `&`, unclosed comments, CDATA sections or processing instructions, text outside the
 * root) is MALFORMED_IMAGE, so that no other reader can see a different credential in the same file.
 */
class XmlReader {
  private at = 0
  private readonly open: SvgElement[] = []
  private readonly scopes: (NamespaceScope | undefined)[] = []
  readonly roots: SvgElement[] = []
  /**
   * Every element, at any depth, whose expanded name is {Open Badges 3.0 namespace}credential, whatever
   * prefix binds it (or the default namespace): what a namespace-aware reader would find.
   */
  readonly credentials: SvgElement[] = []

  constructor(private readonly text: string) {}

  private skipSpace(): void {
    SPACE.lastIndex = this.at
    SPACE.test(this.text)
    this.at = SPACE.lastIndex
  }

  /** Moves past `end`, searched from here; a missing `end` is malformed. */
  private past(end: string, what: string): number {
    const found = this.text.indexOf(end, this.at)
    if (found < 0) malformed(`unclosed ${what}`)
    this.at = found + end.length
    return found
  }

  private name(what: string): string {
    NAME.lastIndex = this.at
    if (!NAME.test(this.text)) malformed(`${what} without a valid name at offset ${this.at}`)
    const name = this.text.slice(this.at, NAME.lastIndex)
    this.at = NAME.lastIndex
    return name
  }

  /** Character data between markup: inside an element it is kept (for the root and its children). */
  private characters(until: number): void {
    const data = this.text.slice(this.at, until)
    this.at = until
    if (data === '') return
    if (BARE_MARKUP.test(data) || data.includes(']]>')) malformed('a bare &, < or ]]> in character data')
    const current = this.open[this.open.length - 1]
    if (current === undefined) {
      if (data.trim() !== '') malformed('text outside the root element')
    } else if (this.open.length <= 2) current.text += data
  }

  read(): SvgElement[] {
    const { text } = this
    if (text.startsWith('\uFEFF')) this.at = 1
    let prolog = true
    while (this.at < text.length) {
      const lt = text.indexOf('<', this.at)
      this.characters(lt < 0 ? text.length : lt)
      if (lt < 0) break
      const open = this.open.length
      if (text.startsWith('<!--', lt)) {
        this.at = lt + 4
        this.past('-->', 'comment')
      } else if (text.startsWith('<?', lt)) {
        this.at = lt + 2
        const target = this.name('a processing instruction')
        const end = this.past('?>', 'processing instruction')
        if (
          target.toLowerCase() === 'xml' &&
          (lt !== (text.startsWith('\uFEFF') ? 1 : 0) || !XML_DECLARATION.test(text.slice(lt, end + 2)))
        )
          malformed('a misplaced or malformed XML declaration')
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (open === 0) malformed('a CDATA section outside the root element')
        this.at = lt + 9
        const end = this.past(']]>', 'CDATA section')
        const current = this.open[open - 1] as SvgElement
        if (open <= 2) current.cdata = (current.cdata ?? '') + text.slice(lt + 9, end)
      } else if (text.startsWith('<!DOCTYPE', lt)) {
        if (!prolog || this.roots.length > 0) malformed('a second or misplaced DOCTYPE')
        prolog = false
        DOCTYPE.lastIndex = lt
        if (!DOCTYPE.test(text)) malformed('a DOCTYPE other than a name and an external identifier')
        this.at = DOCTYPE.lastIndex
      } else if (text[lt + 1] === '/') {
        this.at = lt + 2
        const name = this.name('an end tag')
        this.skipSpace()
        if (text[this.at] !== '>') malformed(`the end tag </${name}> holds more than its name`)
        this.at++
        const element = this.open.pop()
        this.scopes.pop()
        if (element === undefined || element.name !== name) malformed(`</${name}> closes nothing open`)
      } else {
        this.at = lt + 1
        this.element()
      }
    }
    if (this.open.length > 0)
      malformed(`<${(this.open[this.open.length - 1] as SvgElement).name}> is never closed`)
    if (this.roots.length === 0) malformed('no root element')
    return this.roots
  }

  /** The scope in force at `element`: a new one when it declares namespaces, its parent's otherwise. */
  private scopeOf(element: SvgElement): NamespaceScope | undefined {
    const parent = this.scopes[this.scopes.length - 1]
    const declared = element.attributes.filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:'))
    if (declared.length === 0) return parent
    const own = new Map<string, string>()
    for (const [name, value] of declared)
      own.set(name === 'xmlns' ? '' : name.slice('xmlns:'.length), decodeReferences(value))
    return { parent, own }
  }

  private element(): void {
    const { text } = this
    const element: SvgElement = {
      name: this.name('a tag'),
      depth: this.open.length + 1,
      attributes: [],
      children: [],
      text: '',
    }
    if (RESERVED_NAMES.has(element.name)) malformed(`the element name ${element.name} is refused`)
    for (;;) {
      const before = this.at
      this.skipSpace()
      if (text.startsWith('/>', this.at) || text[this.at] === '>') break
      if (this.at === before) malformed(`attributes of <${element.name}> run together`)
      const name = this.name(`an attribute of <${element.name}>`)
      this.skipSpace()
      if (text[this.at] !== '=') malformed(`the attribute ${name} of <${element.name}> has no value`)
      this.at++
      this.skipSpace()
      ATTRIBUTE_VALUE.lastIndex = this.at
      const value = ATTRIBUTE_VALUE.exec(text)
      if (value === null)
        malformed(`the attribute ${name} of <${element.name}> is not quoted, or never closed`)
      this.at = ATTRIBUTE_VALUE.lastIndex
      const raw = value[1] ?? value[2] ?? ''
      if (BARE_MARKUP.test(raw)) malformed(`a bare & or < in the attribute ${name} of <${element.name}>`)
      if (element.attributes.some(([n]) => n === name))
        malformed(`the attribute ${name} of <${element.name}> is repeated`)
      element.attributes.push([name, raw.trim()])
    }
    const selfClosing = text[this.at] === '/'
    this.at += selfClosing ? 2 : 1
    const scope = this.scopeOf(element)
    const colon = element.name.indexOf(':')
    const local = colon < 0 ? element.name : element.name.slice(colon + 1)
    if (
      local === 'credential' &&
      namespaceOf(colon < 0 ? '' : element.name.slice(0, colon), scope) === OB3_SVG_NAMESPACE
    )
      this.credentials.push(element)
    const parent = this.open[this.open.length - 1]
    if (parent === undefined) this.roots.push(element)
    else if (this.open.length === 1) parent.children.push(element)
    if (!selfClosing) {
      this.open.push(element)
      this.scopes.push(scope)
      if (this.open.length > SVG_MAX_DEPTH + 1) malformed(`elements nested more than ${SVG_MAX_DEPTH} deep`)
    }
  }
}

/**
 * The credential of an SVG badge. Entity declarations and internal DTD subsets are refused outright
 * (entity expansion and external entities come only through them; the usual public SVG DOCTYPE is
 * harmless, as no DTD is ever loaded and no entity is ever expanded). The element is found by its
 * expanded name, {https://purl.imsglobal.org/ob/v3p0}credential, under whatever prefix binds it; it must
 * be the only one in the file, a child of the root, and hold one credential: a JWT in `verify` or JSON
 * as its text, never both (BAKED_CREDENTIAL_DUPLICATED).
 */
export function extractFromSvg(text: string): string {
  if (/<!ENTITY|<!DOCTYPE[^>]*\[/i.test(text)) {
    fail('SVG_DOCTYPE_NOT_ALLOWED', 'the SVG declares entities or an internal DTD subset, which are refused')
  }
  if (markupCount(text, SVG_MAX_MARKUP) > SVG_MAX_MARKUP) {
    fail('SVG_TOO_COMPLEX', `the SVG holds more than ${SVG_MAX_MARKUP} tags and attributes`)
  }
  const reader = new XmlReader(text)
  const roots = reader.read()
  const root = roots[0]
  if (roots.length !== 1 || root?.name !== 'svg')
    fail('NOT_A_BADGE_IMAGE', 'not an SVG document (no single svg root)')
  const elements = reader.credentials
  const element = elements[0]
  if (element === undefined)
    fail(
      'BAKED_CREDENTIAL_MISSING',
      `the SVG has no credential element in the Open Badges namespace ${OB3_SVG_NAMESPACE}`,
    )
  // Two credentials, however bound (two prefixes, a default namespace, one nested deeper): a reader
  // other than this one could take the other.
  if (elements.length > 1)
    fail('BAKED_CREDENTIAL_DUPLICATED', `the SVG has ${elements.length} Open Badges credential elements`)
  if (element.depth !== 2)
    fail(
      'BAKED_CREDENTIAL_MISSING',
      `the <${element.name}> element is not a child of the root, where Open Badges puts it`,
    )
  const verify = element.attributes.find(([name]) => name === 'verify')?.[1]
  const value = (element.cdata ?? element.text).trim()
  // A JWT in verify="" and a credential in the text: which one counts would depend on the reader.
  if (verify !== undefined && verify !== '' && value !== '')
    fail(
      'BAKED_CREDENTIAL_DUPLICATED',
      `the <${element.name}> element holds a JWT in verify="" and another credential in its text`,
    )
  if (verify !== undefined && verify !== '') return verify
  if (value === '') fail('BAKED_CREDENTIAL_MISSING', `the <${element.name}> element is empty`)
  return value
}
