/**
 * The words of the sentence about who issued a credential ("issued by <name> (<domain>), a known issuer
 * of <list>", "signed by <DID>; this issuer is not in your trusted list"), as a language file gives them.
 * The same shape as @tessera/verifier's `StatementWords`, which builds the sentence (this package sits
 * below the verifier and cannot import it; the verify page hands these words to the verifier, so the
 * compiler checks that the two shapes agree). English has no copy of its own: the verifier's
 * `ENGLISH_STATEMENT_WORDS` are the English words.
 */
export interface StatementWords {
  issuedBy: string
  knownIssuerOf: string
  yourTrustedList: string
  claimsToBeFrom: string
  notShownSigned: string
  signedBy: string
  notInTrustedList: string
  couldNotBeRead: string
  noTrustedList: string
  callsItself: string
  selfClaim: string
}
