/**
 * Every usage text of the `tessera` command, in a module that imports nothing: `tessera --help` and
 * `tessera <command> --help` answer without loading a library.
 */

export const COMMAND_USAGE = {
  validate: `usage: tessera validate <file|-> [--json]

Checks a credential (JSON or compact VC-JWT; "-" reads standard input) against the Open Badges 3.0
data model: 1EdTech's JSON Schema plus the rules it misses. The JWT's signature is not checked here.
  --json        print the validation result as JSON
Exit 0 valid, 1 invalid, 2 unusable input.
`,
  verify: `usage: tessera verify <file|-> [--json] [--now ISO-DATE] [--documents map.json] [--offline] [--store DIR]
                      [--trust FILE]... [--require-trusted-issuer] [--evidence check|require|ignore]

Verifies a credential (JSON, VC-JWT, baked PNG or SVG): proof, issuer, dates, status.
  --json                print the verification result as JSON
  --now ISO-DATE        judge the dates at another time
  --documents map.json  URLs and DIDs mapped to local files (DID documents, status lists)
  --offline             fetch nothing
  --store DIR           check against that store's own status lists and DID document, as publish would
                        write them: before anything is uploaded
  --trust FILE          issuers you trust: a list of DIDs and did:web domains, a DCC issuer registry, the
                        DCC's list of known registries, or a policy (repeatable); the output says "issued by
                        <name> (<domain or DID>), a known issuer of <list>" only for those
  --require-trusted-issuer  fail (exit 1, a trust check) unless the issuer is a known one
  --evidence MODE       the credentials a milestone's evidence names (found in a CLR, or fetched when
                        the id is an https URL): check (default; one found failing fails, one not
                        found is a warning), require (one not found fails too), ignore
Exit 0 verified, 1 not verified, 2 unusable input.
`,
  status: `usage: tessera status decode <list-credential file | encodedList> [--index N] [--status-size N] [--json]

What a status list holds: its type, purpose, number of entries, how many are set, and with --index the
value at one index. The list's proof is not checked here.
`,
  init: `usage: tessera init --store DIR [--did key | --did web:<domain>] [--key-type ed25519|p-256|rsa] [--status-url URL]

Makes the issuer's DID and keys in a new store folder (DATABASE_URL puts the state on PostgreSQL).
`,
  issue: `usage: tessera issue --store DIR --template FILE (--recipients SHEET | --member ID (--email E | --did DID) [--name N])
                     --out DIR [--proof eddsa-rdfc-2022 | jwt] [--status bitstring | statuslist2021 | none]
                     [--suspension] [--valid-until DATE | --valid-for P1Y] [--term NAME] [--without-names] [--json]

Fills the template for each recipient and issues it once per member + achievement + term.
  --recipients SHEET  a spreadsheet with member_id, name, email and optionally did, valid_until columns:
                      CSV (comma, semicolon or tab separated, UTF-8 or UTF-16) or an .xlsx workbook
  --without-names     leave the recipients' names out of the credentials (privacy); by default each
                      credential states its recipient's name, so a certificate's name can be checked
Writes <out>/credentials/<member>-<achievement>-<id>.json (or .jwt). Bad rows are reported with line,
column and code, the good rows issued; exit 1 when a row was refused. A re-run issues only what is missing
and writes the files of what was issued before.
`,
  revoke: `usage: tessera revoke --store DIR [--reason TEXT] [--quiet] [--out DIR] <credential-id>...

Revokes credentials (final). Publish the status lists again afterwards.
  --reason TEXT  why: recorded in the ledger's private notes (never in a status list) and told to the member
  --quiet        record only, mail nothing (a staff correction)
  --out DIR      write the member's notice there as an .eml file (SMTP_URL sends it instead); without
                 either, no notice goes. The notice is in the member's language (en, fr, es, de).
`,
  suspend: `usage: tessera suspend --store DIR [--reason TEXT] [--quiet] [--out DIR] <credential-id>...

Suspends credentials issued with --suspension. Publish the status lists again afterwards.
  --reason TEXT  why: recorded in the ledger's private notes (never in a status list) and told to the member
  --quiet        record only, mail nothing (a staff correction)
  --out DIR      write the member's notice there as an .eml file (SMTP_URL sends it instead); without
                 either, no notice goes. The notice is in the member's language (en, fr, es, de).
`,
  reinstate: `usage: tessera reinstate --store DIR [--reason TEXT] [--quiet] [--out DIR] <credential-id>...

Lifts a suspension. Publish the status lists again afterwards.
  --reason TEXT  why: recorded in the ledger's private notes (never in a status list) and told to the member
  --quiet        record only, mail nothing (a staff correction)
  --out DIR      write the member's notice there as an .eml file (SMTP_URL sends it instead); without
                 either, no notice goes. The notice is in the member's language (en, fr, es, de).
`,
  renew: `usage: tessera renew --store DIR [--out DIR] [--reason TEXT] [--quiet] [--notices DIR] (<credential-id>... | --member ID)

Issues the next term's credential, once; --member renews each of the member's standing credentials with a
term that has begun. --reason is recorded in the ledger's notes; the member is told of the renewal by a
notice written to --notices (or sent through SMTP_URL), unless --quiet.
`,
  clr: `usage: tessera clr --store DIR --member ID [--format jwt|di] [--out FILE] [--json]

Issues the member's Comprehensive Learner Record (CLR 2.0): one credential gathering their standing
credentials (a VC-JWT embedded re-secured with Data Integrity by the same key), with the associations
their evidence makes (a milestone to what it rests on), signed as Data Integrity (di; the default with an Ed25519 key) or VC-JWT (jwt; the default otherwise).
Suspended, expired and not-yet-valid credentials are left out (the CLR says partial). Run it again to
renew the record: the new CLR supersedes the last, which is revoked (publish the lists again).
`,
  publish: `usage: tessera publish --store DIR --out DIR [--site URL [--branch NAME]] [--language en|fr|es|de]
                       [--verify-page BUILT-DIR] [--public-member ID]... [--events-url URL]

Writes the signed status lists (DIR/status/) and, for did:web, DIR/.well-known/did.json, ready for a
static host. With --site (URL, or '' for the status lists' parent URL): the whole website instead, into
DIR/current (serve or upload that folder): the issuer's profile, a page per achievement, a public page
for each credential of the members named by --public-member (nobody else's), the status lists, did.json
and the verify page; written atomically, only what changed. With --branch NAME, DIR is a git repository
(bare, or with another branch checked out) and the site becomes one commit on branch NAME, for a
static-pages service: the branch moves to the whole new commit or not at all; then git push it.
--events-url (tessera serve's <base-url>/events) makes the pages send count-only events (views,
verifications, LinkedIn adds, downloads) to the service; without it no page sends anything.
`,
  expiring: `usage: tessera expiring --store DIR [--within 30d] [--all] [--json]

Members whose standing membership ends within the period and is not renewed: each member once per
achievement, however many credentials of the term they hold. --all lists the renewed and revoked ones
too, marked "renewed".
`,
  remind: `usage: tessera remind --store DIR [--schedule 60d,14d,0d] [--out DIR] [--json]

Mails each member whose standing membership ends within a step of the schedule: one reminder per step per
term, and on the end day (0d) the expiry notice; never to a member renewed, revoked, suspended, lapsed past
the last step, or who asked for no reminders. Through SMTP_URL when set, else written to --out as .eml
files. Every run sends only what is due and not sent yet: run it from cron; a run killed at any moment and
run again sends nothing twice (a mail in doubt goes again under the same Message-ID) and misses nothing.
The association's name, address and renewal instructions: "membership" in the store's tessera.json,
{ "name", "email", "renewal", "unsubscribe"?, "language"? }.
Exit 0 all sent, 1 some failed (tried again on the next run), 2 unusable.
`,
  ledger: `usage: tessera ledger --store DIR [--member ID] [--json]

What was issued to whom, streamed.
`,
  key: `usage: tessera key list | rotate [--key-type ed25519|p-256|rsa] | remove <key-N> --store DIR

did:web keys: rotate adds the key that signs from now on (old credentials still verify); remove (after a
leak) destroys one, and what it signed stops verifying. Publish did.json again afterwards.
`,
  serve: `usage: tessera serve --store DIR [--port N] [--host H] [--base-url URL] [--site-origin URL]...
                     [--rules FILE] [--remind-schedule 60d,14d,0d] [--mail-out DIR] [--workers N]

Runs the store's issuer as an OpenID4VCI service: wallets take the members' credentials from it with the
offers of tessera offer. --base-url is the https URL wallets reach it at (through a TLS proxy); it is
recorded in the store. Default port 8080 on 127.0.0.1. Stops cleanly on SIGTERM or Ctrl-C.
It also counts the published site's count-only events (POST <base-url>/events) for tessera report;
--site-origin (repeatable) accepts them only from that site.
--rules FILE: the award rules, for the admin API's GET /admin/members/{id}/progress.
With SMTP_URL (or --mail-out DIR for .eml files) and the store's membership settings, the admin API's
revoke/suspend/reinstate/renew mail the member a notice; --remind-schedule also runs the reminders of
tessera remind itself, at start and every hour.
--workers N: N service processes on the one port (for PostgreSQL; on SQLite they share the file's lock).
`,
  offer: `usage: tessera offer --store DIR --member ID [--achievement ID | --clr] [--format ldp_vc|jwt_vc_json]...
                     [--tx-code] [--by-reference] [--expires-in 14d] [--base-url URL] [--qr FILE.svg|.png] [--json]

A one-time offer of a member's standing credentials for their wallet: an openid-credential-offer:// link
and its QR code. --tx-code asks the wallet for a code, printed here, to send the member another way than
the link; --by-reference makes a shorter link (the wallet reads the offer from tessera serve). The offer
expires after --expires-in (14 days). Revoked, suspended or lapsed credentials are never offered.
--clr offers the member's CLR 2.0 (issued by tessera clr) instead, bound to the wallet's DID.
`,
  certificate: `usage: tessera certificate <file|-> --out FILE.pdf [--name NAME] [--locale L] [--verify-url URL] [--font FILE]...

The printable PDF certificate of a credential (JSON or VC-JWT, any issuer): the member's name in any
script, the achievement, the issuer, the dates and a QR code.
  --name NAME        the name printed; by default the name the credential states
  --locale L         the language of the dates (BCP 47, default en-GB)
  --verify-url URL   the page the QR code opens (a VC-JWT goes in its fragment); by default the
                     credential's id when it is a web address, else the VC-JWT itself
  --font FILE        a TrueType/OpenType font tried before the certificate's own (repeatable)
A name no font draws is refused (NAME_NOT_RENDERABLE, naming the characters), as is one too long for two
lines at 14 pt (NAME_TOO_LONG): exit 2, no file written.
`,
  token: `usage: tessera token create --store DIR --scope S [--scope S]... [--name N] [--json]
       tessera token list --store DIR [--json]
       tessera token revoke --store DIR <token-id>...

Tokens of the admin API that tessera serve answers under <base-url>/admin (its OpenAPI document at
<base-url>/admin/openapi.json). A token is printed once, when made; the store keeps its SHA-256. Scopes:
credentials:issue, credentials:revoke (revoke, suspend, reinstate, with the wallet copies), offers:create,
ledger:read, webhooks:manage. A revoked token is refused at once, by every running service.
`,
  report: `usage: tessera report --store DIR [--since DATE] [--format text|json|html] [--out FILE]

How many people look, and what the ledger says: the published site's count-only events (page views,
live verifications, LinkedIn adds, downloads, counted by tessera serve) per achievement and per month,
and per achievement the credentials issued, renewed, revoked, suspended and expiring in the next 30 days.
  --since DATE   from that day (2027-01-31) or month (2027-01) on; a date that is not one is INVALID_DATE
  --format html  one self-contained page with a chart of the events per month
  --out FILE     write it there instead of standard output
`,
  award: `usage: tessera award --store DIR --rules FILE --members SHEET [--dry-run] [--json]
                     [--proof eddsa-rdfc-2022 | jwt] [--without-names]

Works out what each member newly earns under the award rules (a YAML or JSON file, see docs/recognition.md)
from the members sheet, the store's ledger and today's date, prints it, and issues it once per member and
award (a re-run issues nothing new). Milestones and pathway completions name the credentials they rest on.
A row's referred_by column records the referral code the new member joined with (once per new member).
  --dry-run     the review step: print what would be awarded; nothing is recorded or issued
Exit 0 done, 1 when a row, a cell or an award was refused (each printed with its line and code).
`,
  progress: `usage: tessera progress --store DIR --rules FILE --member ID [--json]

A member's progress on each pathway ("2 of 3 steps toward Certified Practitioner; next: Ethics workshop")
and toward each milestone of the rules, from the credentials the ledger holds for them.
`,
  referral: `usage: tessera referral create --store DIR --member ID [--json]
       tessera referral list --store DIR [--member ID] [--json]
       tessera referral revoke --store DIR (<code>... | --member ID)

Referral codes (15 characters, 75 random bits, e.g. 7KQM2-XH9PR-T4VB8): a new member's row carries one in
its referred_by column; a referral counts once the new member holds a paying membership. A revoked code
is refused from then on.
`,
} as const

export type CommandName = keyof typeof COMMAND_USAGE

export const USAGE = `usage: tessera <command> [options]     (tessera <command> --help for a command's options)

commands:
  validate <file|-> [--json]   check a credential (JSON or compact VC-JWT) against the OB 3.0 schema
  verify <file|-> [--json] [--now ISO-DATE] [--documents map.json] [--offline] [--store DIR]
                               verify a credential (JSON, VC-JWT, baked PNG or SVG): proof, issuer, dates, status
  status decode <list-credential file | encodedList> [--index N] [--status-size N] [--json]
                               what a status list holds: type, purpose, length, entries set, one entry

issuing (a store folder holds the issuer's DID, sealed keys, status lists and ledger):
  init --store DIR [--did key | --did web:<domain>] [--key-type ed25519|p-256|rsa] [--status-url URL]
  issue --store DIR --template FILE (--recipients SHEET | --member ID (--email E | --did DID)) --out DIR
        [--proof eddsa-rdfc-2022 | jwt] [--status bitstring | statuslist2021 | none] [--suspension]
        [--valid-until DATE | --valid-for P1Y] [--term NAME] [--without-names] [--json]
  revoke | suspend | reinstate --store DIR [--reason TEXT] [--quiet] [--out DIR] <credential-id>...
  renew --store DIR [--out DIR] [--reason TEXT] [--quiet] [--notices DIR] (<credential-id>... | --member ID)
  clr --store DIR --member ID [--format jwt|di] [--out FILE] [--json]
                               the member's CLR 2.0: their whole record in one credential, renewed on demand
  publish --store DIR --out DIR  signed status lists (and did.json for did:web), ready for a static host
  expiring --store DIR [--within 30d] [--all] [--json]
  remind --store DIR [--schedule 60d,14d,0d] [--out DIR]
                               reminders before a membership ends, each once (SMTP_URL or .eml files)
  ledger --store DIR [--member ID] [--json]
  key list | rotate [--key-type ed25519|p-256|rsa] | remove <key-N> --store DIR
                               did:web keys: rotate adds the key that signs from now on; remove (after a
                               leak) destroys one, and what it signed stops verifying; then publish

certificates:
  certificate <file|-> --out FILE.pdf [--name NAME] [--locale L] [--verify-url URL]
                               the printable PDF certificate of a credential, for a name in any script

wallets (OpenID4VCI):
  serve --store DIR [--port N] [--host H] [--base-url URL]
                               the issuing service wallets take credentials from
  offer --store DIR --member ID [--achievement ID | --clr] [--tx-code] [--by-reference] [--qr FILE] [--json]
                               a one-time offer (link and QR code) of a member's credentials for their wallet
  token create --store DIR --scope S... [--name N] | list --store DIR | revoke --store DIR <token-id>
                               the admin API's tokens (scoped; shown once, stored hashed)

engagement:
  report --store DIR [--since DATE] [--format text|json|html] [--out FILE]
                               views, verifications, LinkedIn adds and downloads per achievement and month,
                               with issued, renewed, revoked and expiring figures from the ledger
recognition (award rules, pathways, referrals):
  award --store DIR --rules FILE --members SHEET [--dry-run] [--json]
                               what each member newly earns under the rules; issued once (dry run: shown only)
  progress --store DIR --rules FILE --member ID [--json]
                               a member's progress on the pathways and milestones
  referral create --store DIR --member ID | list --store DIR [--member ID] | revoke --store DIR <code>
                               referral codes that count toward referral tiers
`

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMAND_USAGE, name)
