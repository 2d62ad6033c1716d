/**
 * Who issued a credential, in words a person reads, the same in every display (the verify page,
 * `tessera verify`, a wallet): "issued by <name> (<domain or DID>), a known issuer of <registry>" only
 * when the verifier's trust policy says so; otherwise "signed by <DID>; this issuer is not in your
 * trusted list", with the name the credential gives itself apart and marked as a claim. The DID or the
 * domain is always part of it, and every piece of text from the credential or a registry has gone
 * through `displayText`. A sentence is a list of parts, so that a page can isolate each name (<bdi>) and
 * set each identifier apart (<code dir="ltr">), and plain text can isolate names with FSI/PDI.
 */
import { type DisplayTextOptions, displayText, type StatementWords } from '@tessera/schema'

export type { StatementWords } from '@tessera/schema'

import type { IssuerTrust } from './trust.js'

export interface StatementPart {
  /** `name`: a name from a registry or the credential; `id`: a DID, URL or domain; `text`: the sentence. */
  kind: 'text' | 'name' | 'id'
  text: string
}

export interface IssuerStatement {
  parts: StatementPart[]
  /** Characters removed from the names and identifiers in it (controls, bidi overrides, invisible ones). */
  removed: number
}

const NAME_LENGTH = 120
const ID_LENGTH = 300

/**
 * The statements' words (`StatementWords`, from @tessera/schema: the shape the site's language files
 * give too), in the order the parts are written (names and identifiers go between them). English is the
 * default, and these are its one text; a display in another language passes its own.
 */
export const ENGLISH_STATEMENT_WORDS: StatementWords = {
  issuedBy: 'issued by ',
  knownIssuerOf: ', a known issuer of ',
  yourTrustedList: 'your trusted list',
  claimsToBeFrom: 'claims to be from ',
  notShownSigned: ', but is not shown to be signed with its key',
  signedBy: 'signed by ',
  notInTrustedList: '; this issuer is not in your trusted list',
  couldNotBeRead: ' could not be read)',
  noTrustedList: ' (no trusted list was given)',
  callsItself: 'calls itself “',
  selfClaim: '” (what the credential says of itself: nobody checked it)',
}

/**
 * How a statement shows hidden characters in names and identifiers (see `displayText`), and in which
 * words (default English).
 */
export type StatementOptions = Pick<DisplayTextOptions, 'hidden'> & { words?: StatementWords }

class Builder {
  readonly parts: StatementPart[] = []
  removed = 0

  constructor(private readonly options: StatementOptions = {}) {}

  text(text: string): this {
    this.parts.push({ kind: 'text', text })
    return this
  }

  private add(kind: 'name' | 'id', value: string, maxLength: number): this {
    const shown = displayText(value, { ...this.options, maxLength })
    this.removed += shown.removed
    this.parts.push({ kind, text: shown.text === '' ? '(empty)' : shown.text })
    return this
  }

  name(value: string): this {
    return this.add('name', value, NAME_LENGTH)
  }

  id(value: string): this {
    return this.add('id', value, ID_LENGTH)
  }

  done(): IssuerStatement {
    return { parts: this.parts, removed: this.removed }
  }
}

/**
 * The statement of who issued it, starting in lower case ("issued by …", "signed by …") so that it
 * reads after "Verified: " or as a sentence of its own (see `capitalised`).
 */
export function issuerStatement(trust: IssuerTrust, options: StatementOptions = {}): IssuerStatement {
  const b = new Builder(options)
  const w = options.words ?? ENGLISH_STATEMENT_WORDS
  if (trust.known) {
    b.text(w.issuedBy)
    if (trust.name !== undefined && displayText(trust.name).text !== '') {
      b.name(trust.name)
        .text(' (')
        .id(trust.domain ?? trust.issuer)
        .text(')')
    } else {
      b.id(trust.domain ?? trust.issuer)
    }
    return b
      .text(w.knownIssuerOf)
      .name(trust.registry ?? w.yourTrustedList)
      .done()
  }
  if (trust.code === 'ISSUER_NOT_PROVEN') {
    b.text(w.claimsToBeFrom).id(trust.issuer)
    if (trust.domain !== undefined) b.text(' (').id(trust.domain).text(')')
    return b.text(w.notShownSigned).done()
  }
  b.text(w.signedBy).id(trust.issuer)
  if (trust.domain !== undefined) b.text(' (').id(trust.domain).text(')')
  b.text(w.notInTrustedList)
  if (trust.code === 'REGISTRY_UNAVAILABLE' && trust.unchecked !== undefined) {
    b.text(' (')
    trust.unchecked.forEach((u, i) => {
      if (i > 0) b.text(', ')
      b.name(u.name)
    })
    b.text(w.couldNotBeRead)
  }
  if (trust.code === 'NO_TRUST_POLICY') b.text(w.noTrustedList)
  return b.done()
}

/**
 * The name the credential gives its issuer, as a claim: `calls itself “<name>”`. Undefined when it
 * gives none, or when the registry's name for a known issuer is the same.
 */
export function claimedNameStatement(
  trust: IssuerTrust,
  options: StatementOptions = {},
): IssuerStatement | undefined {
  if (trust.claimedName === undefined || displayText(trust.claimedName).text === '') return undefined
  if (
    trust.known &&
    trust.name !== undefined &&
    displayText(trust.name).text === displayText(trust.claimedName).text
  )
    return undefined
  const w = options.words ?? ENGLISH_STATEMENT_WORDS
  return new Builder(options).text(w.callsItself).name(trust.claimedName).text(w.selfClaim).done()
}

/** A statement as plain text (a terminal, a log): names isolated with FSI/PDI unless told otherwise. */
export function statementText(statement: IssuerStatement, options: { isolate?: boolean } = {}): string {
  const isolate = options.isolate ?? true
  return statement.parts
    .map((p) => (p.kind === 'name' && isolate ? `\u2068${p.text}\u2069` : p.text))
    .join('')
}

/** The statement with its first letter in upper case, to stand as a sentence. */
export function capitalised(statement: IssuerStatement): IssuerStatement {
  const [first, ...rest] = statement.parts
  if (first === undefined || first.kind !== 'text') return statement
  return {
    ...statement,
    parts: [{ ...first, text: first.text.charAt(0).toUpperCase() + first.text.slice(1) }, ...rest],
  }
}
