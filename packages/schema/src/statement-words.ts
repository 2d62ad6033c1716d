/**
 * The words of the sentence about who issued a credential ("issued by <name> (<domain>), a known issuer
 * of <list>", "signed by <DID>; this issuer is not in your trusted list"), in one language: a type only.
 * @tessera/verifier builds the sentence from them (its `ENGLISH_STATEMENT_WORDS` are the English), and
 * @tessera/site's language files give the other languages' (the site sits below the verifier, so the
 * shape lives here, below both, once).
 */
export interface StatementWords {
  /** "issued by " <name> (<domain>) */
  issuedBy: string
  /** ", a known issuer of " <registry> */
  knownIssuerOf: string
  /** The registry's name when the trusted list has none: "your trusted list". */
  yourTrustedList: string
  /** "claims to be from " <DID> (<domain>) */
  claimsToBeFrom: string
  /** ", but is not shown to be signed with its key" */
  notShownSigned: string
  /** "signed by " <DID> (<domain>) */
  signedBy: string
  /** "; this issuer is not in your trusted list" */
  notInTrustedList: string
  /** " (" <registries> " could not be read)": the text after the names. */
  couldNotBeRead: string
  /** " (no trusted list was given)" */
  noTrustedList: string
  /** "calls itself “" <name> */
  callsItself: string
  /** "” (what the credential says of itself: nobody checked it)" */
  selfClaim: string
}
