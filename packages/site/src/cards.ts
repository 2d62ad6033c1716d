/**
 * Pictures drawn for the site with resvg (@resvg/resvg-js, the Rust SVG renderer) and the fonts shipped in
 * node_modules (Source Sans 3), never the system's: the same picture on every machine, offline.
 *
 * - The link preview card: 1200×627 PNG, the size LinkedIn, Facebook and X show large: the badge, the
 *   achievement, the recipient (when public), the issuer, the site's host, and a band for a revoked,
 *   suspended or expired credential (the badge then in grey).
 * - A default badge for an achievement that comes without a picture: its initials on a disc.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { Resvg } from '@resvg/resvg-js'
import { escapeHtml } from './html.js'

const require = createRequire(import.meta.url)
const FONT = 'Source Sans 3'
const FONT_FILES = [
  require.resolve('@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf'),
  require.resolve('@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf'),
]

export const CARD_WIDTH = 1200
export const CARD_HEIGHT = 627

/** The SVG rendered to PNG at `width` pixels, with the bundled fonts only. */
export function renderPng(svg: string, width: number): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT },
  })
  return Uint8Array.from(resvg.render().asPng())
}

/** Greedy word wrap by an estimated width in characters, at most `lines` lines, the last one cut with "…". */
export function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = []
  let current = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = current === '' ? word : `${current} ${word}`
    if ([...next].length <= width || current === '') current = next
    else {
      out.push(current)
      current = word
    }
  }
  if (current !== '') out.push(current)
  const cut = (line: string) =>
    [...line].length > width ? `${[...line].slice(0, width - 1).join('')}…` : line
  if (out.length <= lines) return out.map(cut)
  const kept = out.slice(0, lines)
  kept[lines - 1] = `${[...(kept[lines - 1] ?? '')].slice(0, width - 1).join('')}…`
  return kept.map(cut)
}

export interface CardInput {
  /** The badge picture (PNG). */
  badge: Uint8Array
  /** The achievement's name. */
  title: string
  /** "Awarded to Ada Lovelace", or the issuer line for an achievement's card. */
  subtitle?: string
  /** "Guild of Independent Bookbinders". */
  issuer: string
  /** The site's host, at the bottom. */
  host: string
  /** A band across the card: "REVOKED". */
  band?: string
}

/** What a card is drawn from, as a key: equal keys, equal pictures. */
export function cardKey(input: CardInput): string {
  const hash = createHash('sha256')
  hash.update(createHash('sha256').update(input.badge).digest('hex'))
  for (const part of [input.title, input.subtitle ?? '', input.issuer, input.host, input.band ?? ''])
    hash.update(`\n${part}`)
  return `card-v3:${hash.digest('hex')}`
}

/** The preview card as SVG. */
export function cardSvg(input: CardInput): string {
  const badge = `data:image/png;base64,${Buffer.from(input.badge).toString('base64')}`
  // About 0.52 em per bold character: 16 characters of 60 px fill the 560 px right of the badge.
  const title = wrap(input.title, 16, 3)
  const titleSize = title.length > 2 ? 52 : 60
  const issuerY = input.band === undefined ? 110 : 140
  // Top down: the issuer's line, then the title below it, then the subtitle.
  const top = issuerY + titleSize + 10
  const lines = title
    .map((line, i) => `<tspan x="600" y="${top + i * titleSize * 1.1}">${escapeHtml(line)}</tspan>`)
    .join('')
  const after = top + (title.length - 1) * titleSize * 1.1
  const subtitle = input.subtitle === undefined ? [] : wrap(input.subtitle, 28, 2)
  const subtitleLines = subtitle
    .map((line, i) => `<tspan x="600" y="${after + 78 + i * 44}">${escapeHtml(line)}</tspan>`)
    .join('')
  const grey = input.band === undefined ? '' : ' filter="url(#grey)"'
  const band =
    input.band === undefined
      ? ''
      : `<rect x="0" y="0" width="${CARD_WIDTH}" height="84" fill="#9b1c1c"/><text x="600" y="58" font-size="44" font-weight="700" fill="#ffffff" letter-spacing="4">${escapeHtml(input.band.toUpperCase())}</text>`
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">
<defs><filter id="grey"><feColorMatrix type="saturate" values="0"/></filter></defs>
<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="#f7f4ee"/>
<rect x="0" y="${CARD_HEIGHT - 12}" width="${CARD_WIDTH}" height="12" fill="#1f3a5f"/>
<image x="70" y="${input.band === undefined ? 94 : 124}" width="440" height="440" href="${badge}"${grey}/>
<g font-family="${FONT}">
${band}
<text font-size="30" font-weight="700" fill="#5b4a1f" x="600" y="${issuerY}">${escapeHtml(wrap(input.issuer, 36, 1)[0] ?? '')}</text>
<text font-size="${titleSize}" font-weight="700" fill="#1b1b1b">${lines}</text>
<text font-size="38" fill="#2b2b2b">${subtitleLines}</text>
<text font-size="26" fill="#4a4a4a" x="600" y="${CARD_HEIGHT - 48}">${escapeHtml(input.host)}</text>
</g>
</svg>
`
}

/** The preview card as PNG, 1200×627. */
export function cardPng(input: CardInput): Uint8Array {
  return renderPng(cardSvg(input), CARD_WIDTH)
}

/** The letters of a name's first two words: "Certified Practitioner" → "CP". */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w))
  return words
    .slice(0, 2)
    .map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '')
    .join('')
    .toUpperCase()
}

/** A badge for an achievement without a picture: its initials on a disc, coloured by its name. */
export function defaultBadgeSvg(name: string, issuer: string): string {
  const hue = createHash('sha256').update(name).digest()[0] ?? 0
  const field = `hsl(${Math.round((hue / 255) * 360)} 45% 28%)`
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512" role="img" aria-label="${escapeHtml(name)}">
<circle cx="256" cy="256" r="248" fill="#c9a227"/>
<circle cx="256" cy="256" r="232" fill="${field}"/>
<g font-family="${FONT}" text-anchor="middle" fill="#ffffff">
<text x="256" y="300" font-size="150" font-weight="700">${escapeHtml(initialsOf(name))}</text>
<text x="256" y="390" font-size="30">${escapeHtml(wrap(issuer, 28, 1)[0] ?? '')}</text>
</g>
</svg>
`
}
