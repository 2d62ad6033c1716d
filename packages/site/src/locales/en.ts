/**
 * English: the site's pages, the preview cards, the verify page and a credential page's live check.
 * Every other language is a file beside this one of type `Locale` (the compiler checks that it says
 * everything English says), found by its file name: adding a language is adding its file.
 * Strings with values are functions; names from a credential are never passed in (they are placed in
 * the page beside the words, isolated), only dates, numbers and codes.
 */

import type { StatementWords } from '@tessera/schema'

const en = {
  /** The BCP 47 tag the file is named after. */
  code: 'en',
  /** The language's own name. */
  name: 'English',
  /** The locale dates and numbers are written in. */
  intl: 'en-GB',
  /** Open Graph's og:locale. */
  ogLocale: 'en_GB',

  site: {
    skip: 'Skip to the content',
    homeIntro:
      'Membership cards, certificates and badges we award, as Open Badges 3.0 credentials that anyone can check.',
    achievementsHeading: 'What we award',
    noAchievements: 'Nothing is published yet.',
    verifyHeading: 'Check a credential',
    verifyText:
      'Have a badge picture, a certificate or a credential file? The verification page checks it in your browser: nothing is sent anywhere.',
    verifyLink: 'Open the verification page',
    profileHeading: 'About the issuer',
    profileJson: 'The issuer’s profile as JSON (Open Badges 3.0)',
    identifier: 'Identifier',
    website: 'Website',
    email: 'Email',
    didWebNote: 'Its identifier is bound to this domain, where its keys are published:',
    achievementJson: 'This achievement as JSON (Open Badges 3.0)',
    description: 'What it is',
    criteria: 'How it is earned',
    alignments: 'Aligned with',
    kind: 'Kind',
    issuedBy: 'Awarded by',
    achievementLink: 'About this achievement',
    awardedTo: 'Awarded to',
    holderOnly: 'The holder of this credential (their name is not made public).',
    validFrom: 'Valid from',
    validUntil: 'Valid until',
    noEnd: 'no end date',
    awardedOn: 'Awarded on',
    revoked: 'Revoked: the issuer has withdrawn this credential.',
    suspended: 'Suspended by the issuer for now.',
    expired: (date: string) => `Expired on ${date}.`,
    liveHeading: 'Checked in your browser',
    liveChecking: 'Checking the signature and the revocation list…',
    liveNoScript:
      'Scripts do not run here, so the credential is not checked live: download it below and drop it on the verification page.',
    downloadsHeading: 'Take it with you',
    downloadJson: 'The credential (JSON, Data Integrity proof)',
    downloadJwt: 'The credential (VC-JWT)',
    downloadPng: 'Badge picture with the credential baked in (PNG)',
    downloadSvg: 'Badge picture with the credential baked in (SVG)',
    shareHeading: 'Share it',
    addToLinkedIn: 'Add to LinkedIn profile',
    shareOnLinkedIn: 'Share on LinkedIn',
    checkOnVerifyPage: 'Check it on the verification page',
    imageAlt: 'Badge',
    notFoundTitle: 'Page not found',
    notFoundText:
      'There is no page at this address, or it is no longer public (a member may take their page down at any time). If you were given the credential itself, check it on the verification page.',
    footer:
      'Open Badges 3.0 credentials, published with Tessera. This site sets no cookies and loads nothing from other sites.',
    homeLink: 'All credentials of this issuer',
    languageLabel: 'Language',
  },

  /** Link previews: the title and description crawlers show, and the words on the preview picture. */
  preview: {
    achievementDescription: 'Awarded by',
    credentialTitleRevoked: 'Revoked',
    credentialTitleSuspended: 'Suspended',
    credentialTitleExpired: 'Expired',
    awardedTo: 'Awarded to',
    revokedDescription: 'This credential has been revoked by its issuer.',
    suspendedDescription: 'This credential is suspended by its issuer.',
    expiredDescription: (date: string) => `This credential expired on ${date}.`,
    verifiable: 'Open Badges 3.0: check it on this page.',
  },

  /** The verify page (examples/verify-page) and the live check of a credential page. */
  verify: {
    title: 'Check a badge',
    intro:
      'Check a membership card, certificate or badge (Open Badges 3.0). Everything happens in this browser: the credential is not sent anywhere. Only the issuer’s revocation list or public key may be fetched, and a badge’s picture only when you ask for it.',
    skip: 'Skip to the result',
    giveHeading: 'Give the badge',
    fileLabel: 'Choose a file: a badge image (PNG or SVG), a credential (.json) or a token (.jwt)',
    dropHint: 'Or drop the file anywhere on this box.',
    pasteLabel: 'Or paste the credential (JSON or VC-JWT)',
    pasteButton: 'Check pasted text',
    resultHeading: 'Result',
    unconfirmed:
      'What follows is what the credential says about itself: it failed a check, so do not rely on it.',
    checksHeading: 'Checks',
    warningsSummary: 'Technical notes (they do not change the result)',
    recipientHeading: 'Was it issued to this person?',
    recipientHint:
      'Badges name their recipient by a hashed email address. Type the address to compare: it stays in this browser.',
    emailLabel: 'Email address',
    compareButton: 'Compare',
    footer:
      'Verified with @tessera/verifier: signatures (VC-JWT and Data Integrity eddsa-rdfc-2022), issuer keys, dates and Bitstring Status List / StatusList2021 revocation.',
    checking: 'Checking…',
    notVerified: 'Not verified.',
    notVerifiedBecause: (reason: string) => `Not verified: ${reason}`,
    failedCount: (count: number) => `(${count} checks failed: see below.)`,
    verified: 'Verified: ',
    unknownIssuerTail:
      '. The signature holds and the badge is in force, but nothing here confirms who is behind this issuer.',
    noName: 'A badge without a name',
    badgeImage: 'Badge image:',
    issuer: 'Issuer',
    issuerNotNamed: 'not named',
    ownName: 'Its own name',
    recipient: 'Recipient',
    recipientIdentifier: 'Recipient’s identifier',
    asIssuerStates: ' (as the issuer states)',
    hashedEmail: 'a hashed email address (compare one below)',
    validFrom: 'Valid from',
    validUntil: 'Valid until',
    noEndDate: 'no end date',
    awarded: 'Awarded',
    pass: 'Pass',
    fail: 'Fail',
    hiddenCharacters: (count: number) =>
      `This credential’s text holds ${count} hidden or control character${count === 1 ? '' : 's'} (such as right-to-left overrides, which make text read backwards): removed from what is shown here.`,
    typeEmailFirst: 'Type an email address first.',
    noEmailToCompare: 'This badge names no email address to compare with.',
    issuedToYes: (email: string) => `Yes: this badge was issued to ${email}.`,
    issuedToNo: (email: string) => `No: this badge was not issued to ${email}.`,
    showImage: (host: string) => `Show the image from ${host}`,
    imageElsewhere: (host: string) =>
      `The badge’s picture is on ${host}. It is not loaded until you ask: loading it tells that server you opened this badge.`,
    imageNotLoaded: 'The image could not be loaded',
    notAnImage: 'what it sent is not an image',
    trustFrom: (file: string) => `Known issuers come from ${file}, beside this page.`,
    trustBroken: (file: string, code: string) =>
      `${file} could not be used (${code}): no issuer is shown as known.`,
    testBuild: (hosts: string) =>
      `Test build: this page also fetches over plain http from ${hosts}. Do not publish it.`,
    pageListName: 'this page’s trusted list',
    fragmentDamaged: 'The link is damaged: its credential part is not a valid URL fragment.',
    fragmentNoCredential:
      'The link does not carry a credential: after the # there should be a VC-JWT or a credential in base64url.',
    liveVerified: 'Verified just now in your browser: signature, issuer, dates and revocation.',
    liveCouldNotLoad: (code: string) => `The credential could not be loaded (${code}): try again later.`,
    labels: {
      parse: 'File',
      context: 'Format',
      type: 'Kind of credential',
      schema: 'Contents',
      proof: 'Signature',
      issuer: 'Issuer',
      trust: 'Known issuer',
      validity: 'Dates',
      status: 'Revocation',
      endorsements: 'Endorsements',
      recipient: 'Recipient',
      holder: 'Holder',
      challenge: 'Challenge',
      credentials: 'Credentials',
      embedded: 'Gathered credentials',
      evidence: 'Evidence',
      budget: 'Limits',
    },
    formats: {
      json: 'a credential in JSON',
      jwt: 'a VC-JWT (signed token)',
      png: 'a badge image (PNG) with the credential baked in',
      svg: 'a badge image (SVG) with the credential baked in',
    },
    unknownDate: 'an unknown date',
    utc: 'UTC',
    passed: {
      read: 'Read.',
      readAs: (format: string) => `Read as ${format}.`,
      context: (model: string) => `Open Badges 3.0 (${model}).`,
      type: (kind: string) => `An ${kind}.`,
      schema: 'Its contents follow the Open Badges 3.0 rules.',
      proof: 'The signature matches: nothing was changed since the issuer signed it.',
      issuer: 'Signed with a key of the issuer it names.',
      validSince: (from: string) => `Valid since ${from}, with no end date.`,
      validBetween: (from: string, until: string) => `Valid from ${from} until ${until}.`,
      noStatus: 'The issuer keeps no revocation list for this badge, so it cannot be revoked.',
      statusNotChecked: 'Not checked.',
      notRevoked: 'Not revoked: checked just now against the issuer’s list.',
      endorsed: (message: string) => `Endorsed: ${message}.`,
      recipient: 'Issued to this recipient.',
      other: (message: string) => `${message}.`,
    },
    failed: {
      unreadable:
        'This is not a credential this page can read: it is neither a credential in JSON nor a VC-JWT.',
      tooLarge: 'The file is too large to be a credential.',
      odd: 'The file is built in a way credentials never are, and was refused.',
      notBadgeImage: 'This image is not a badge image (PNG or SVG).',
      bakedMissing: 'This image has no credential baked into it: it is a picture only.',
      bakedDuplicated: 'This image carries two credentials, so which one counts is unclear.',
      malformedImage: 'The image is damaged or baked in a way Open Badges does not allow.',
      svgDoctype: 'The SVG image declares a document type, which badge images must not.',
      jwtCopyMismatch: 'Signature does not match: the JSON copy differs from the token the issuer signed.',
      notOpenBadge: 'This is not an Open Badges 3.0 credential.',
      schema: 'Its contents break the Open Badges 3.0 rules.',
      proofInvalid: 'Signature does not match: the file was changed.',
      noProof: 'It is not signed, so anyone could have written it.',
      unsupported: 'It is signed with a method this page cannot check.',
      unsafeAlg: 'Its signature is made in a way that is not safe to accept.',
      proofMalformed: 'Its signature could not be checked: the proof is not made as credentials require.',
      keyNotFound: 'The issuer’s key could not be found.',
      keyUnreachable: 'The issuer’s key could not be fetched (unreachable). Try again later.',
      notIssuersKey: 'Signed, but not by the issuer it names.',
      keyNotAuthorized: 'Signed with a key the issuer has not authorised for credentials.',
      claimMismatch: 'The signed token and the credential inside it disagree.',
      notTrusted: 'This issuer is not in your trusted list.',
      registryUnavailable:
        'This issuer is in none of the lists that could be read, and a registry could not be read. Try again later.',
      issuerNotProven: 'It is not shown to be signed by its issuer, so who issued it is not known.',
      expired: (date: string) => `Expired on ${date}.`,
      notYetValid: (date: string) => `Not valid before ${date}.`,
      validityMissing: 'It states no valid dates.',
      revoked: 'Revoked by the issuer.',
      suspended: 'Suspended by the issuer for now.',
      statusUnreachable: 'Status could not be checked: the list is unreachable. Try again later.',
      statusNotSigned: 'Status could not be checked: the issuer’s list is not signed by the issuer.',
      statusDamaged: 'Status could not be checked: the issuer’s list is damaged.',
      statusUnsupported: 'Status could not be checked: the issuer uses a list this page cannot read.',
      endorsementInvalid: 'An endorsement attached to it does not hold.',
      recipientMismatch: 'It was not issued to this recipient.',
      other: (message: string) => `Failed: ${message}.`,
    },
    /**
     * The sentence about who issued it (the verifier's `issuerStatement` in these words). English has none
     * here: @tessera/verifier's English words are the source, and no copy of them can drift.
     */
    statement: undefined as StatementWords | undefined,
    /**
     * Each failed check's technical line, by the verifier's stable code (every `VerificationCode`). English
     * has none here: the verifier's own message is the English line (the source, with its details); every
     * other language gives one line per code (examples/verify-page/test/language.test.ts checks it).
     */
    technical: {} as Readonly<Record<string, string>>,
  },
}

/** What every language says: English's shape, each string a string and each function the same function type. */
export type Locale = typeof en

export default en
