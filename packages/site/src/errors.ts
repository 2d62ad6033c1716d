/**
 * The codes the site generator and its publishers throw, their one way to throw them, and the helper
 * that narrows a caught error to them.
 */
import { errorGuard, TesseraError } from '@tessera/schema'

export type SiteErrorCode =
  /** The site's URL is not an absolute https URL (http only for loopback test sites). */
  | 'SITE_URL_INVALID'
  /** No locale file for the language asked for. */
  | 'LANGUAGE_UNKNOWN'
  /** A credential given to the site cannot be read (not a credential, no id, no achievement). */
  | 'CREDENTIAL_UNREADABLE'
  /** A credential whose page would show the member's name, which the member did not allow. */
  | 'NAME_NOT_ALLOWED'
  /** Two credentials whose short ids are the same (never seen: 60 bits). */
  | 'SHORT_ID_COLLISION'
  /** Two files of the site at one path (an achievement's JSON where a page is, say). */
  | 'PATH_CONFLICT'
  /** A path that is not a plain relative path inside the site (`..`, an absolute path, a control). */
  | 'PATH_INVALID'
  /** The verify page's build folder lacks what the site needs (index.html, its live module). */
  | 'VERIFY_PAGE_INVALID'
  /** Another publish holds the folder's lock (a live process). */
  | 'PUBLISH_LOCKED'
  /**
   * The live path exists and is not a site this publisher made (a file, or a folder it cannot adopt);
   * or, for a branch, the folder is not a git repository or has the branch checked out.
   */
  | 'PUBLISH_TARGET_INVALID'
  /** The badge image given is not a PNG. */
  | 'IMAGE_INVALID'
  /** The events URL is not an https URL (http only on loopback) without credentials, query or fragment. */
  | 'EVENTS_URL_INVALID'
  /** Publishing to a branch: the branch name is not one git allows. */
  | 'BRANCH_INVALID'
  /** Publishing to a branch: another commit landed on it meanwhile; it was left as the other made it. */
  | 'BRANCH_MOVED'
  /** Publishing to a branch: the git command is not installed. */
  | 'GIT_UNAVAILABLE'

/** Whether `error` is a TesseraError with one of `codes` of this package. */
export const isSiteError = /* @__PURE__ */ errorGuard<SiteErrorCode>()

/** Throws the TesseraError `code` (this package's one way to fail). */
export function fail(code: SiteErrorCode, message: string, cause?: unknown): never {
  throw new TesseraError<SiteErrorCode>(code, message, cause === undefined ? undefined : { cause })
}
