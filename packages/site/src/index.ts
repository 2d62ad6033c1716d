/** @tessera/site: an issuer's credentials as a static website (see README.md). */
export { buildSite } from './build.js'
export { CARD_HEIGHT, CARD_WIDTH } from './cards.js'
export { isSiteError, type SiteErrorCode } from './errors.js'
export { escapeHtml, type Html, html, join, safeHref } from './html.js'
export { formatDate, formatNumber, type Locale, pickLanguage } from './languages.js'
export { type AddToProfileInput, linkedInAddToProfileUrl, linkedInShareUrl } from './linkedin.js'
export { languages, localeOf } from './locales.js'
export type {
  AchievementImage,
  CredentialPage,
  MemberProgress,
  MilestoneStanding,
  PathwayStanding,
  PublicCredential,
  Site,
  SiteFile,
  SiteInput,
} from './model.js'
export { type PublishReport, publishToFolder } from './publish.js'
export { type BranchOptions, type BranchReport, publishToBranch } from './publish-branch.js'
export { SHORT_ID, shortIdOf } from './short-id.js'
export { credentialPageUrl, siteBase } from './site-url.js'
