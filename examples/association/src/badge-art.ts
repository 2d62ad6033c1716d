/**
 * Badge artwork: an SVG made from one template (the association's name around the rim, the
 * achievement in the middle, an emblem and colours per kind of award), and its PNG rendering by resvg
 * (@resvg/resvg-js, the Rust SVG renderer). Its text is in any script (Arabic and Hebrew right to left,
 * Devanagari conjuncts, Thai, CJK, emoji): shaped by @tessera/certificate along its Noto font chain and
 * drawn as glyph outlines (SVG paths), so the SVG needs no font and resvg fills only paths, with no font
 * loaded at all: every machine draws the same picture offline, in bounded memory. The text stays in the
 * SVG's <title>, <desc> and aria-label for screen readers and search. Text no font draws is refused
 * (BADGE_TEXT_NOT_RENDERABLE, naming the characters), never drawn blank. Both are then baked with
 * @tessera/issuer.
 */
import { createRequire } from 'node:module'
import { Resvg } from '@resvg/resvg-js'
import {
  type FittedText,
  fitText,
  fontChain,
  isCertificateError,
  lineToSvgPath,
  type ShapedLine,
  shapeLine,
  wrapParagraph,
} from '@tessera/certificate'
import { TesseraError } from '@tessera/schema'
import type { AwardKind } from './association.js'

export interface Palette {
  /** The medal's field. */
  field: string
  /** Its rim and ornaments. */
  accent: string
  /** Text on the field. */
  ink: string
}

export const PALETTES: Record<AwardKind, Palette> = {
  membership: { field: '#1f3a5f', accent: '#c9a227', ink: '#ffffff' },
  certificate: { field: '#7a2e1f', accent: '#d9b44a', ink: '#fff8e7' },
  conference: { field: '#1b6f75', accent: '#f2c14e', ink: '#ffffff' },
  volunteering: { field: '#2e7d4f', accent: '#f4e3b2', ink: '#ffffff' },
  contribution: { field: '#5b3f8c', accent: '#e0c3fc', ink: '#ffffff' },
  loyalty: { field: '#8a5a14', accent: '#f6d67a', ink: '#fffaf0' },
  referral: { field: '#b4491a', accent: '#ffd9a8', ink: '#ffffff' },
  milestone: { field: '#3d4a5c', accent: '#e8c872', ink: '#ffffff' },
  pathway: { field: '#234d3a', accent: '#f0d9a0', ink: '#ffffff' },
}

/** The emblems, drawn in a 100x100 box centred on (0, 0), in the accent colour. */
const EMBLEMS: Record<AwardKind, string> = {
  // a book spine on raised cords
  membership:
    '<rect x="-16" y="-30" width="32" height="60" rx="5"/><g fill="FIELD"><rect x="-18" y="-20" width="36" height="4" rx="2"/><rect x="-18" y="-6" width="36" height="4" rx="2"/><rect x="-18" y="8" width="36" height="4" rx="2"/></g>',
  // a rosette with two ribbons
  certificate:
    '<path d="M-12 10 L-20 38 L-8 32 L0 42 L4 14 Z M12 10 L20 38 L8 32 L0 42 L-4 14 Z"/><circle r="22"/><circle r="15" fill="none" stroke="FIELD" stroke-width="3"/>',
  // a lectern
  conference:
    '<path d="M-26 -22 H26 L20 -10 H-20 Z"/><rect x="-6" y="-10" width="12" height="42"/><rect x="-20" y="30" width="40" height="6" rx="3"/>',
  // a heart
  volunteering: '<path d="M0 30 C-40 4 -30 -30 0 -12 C30 -30 40 4 0 30 Z"/>',
  // a gear
  contribution:
    '<g><circle r="20"/><g id="t"><rect x="-5" y="-32" width="10" height="14" rx="2"/></g><use href="#t" transform="rotate(45)"/><use href="#t" transform="rotate(90)"/><use href="#t" transform="rotate(135)"/><use href="#t" transform="rotate(180)"/><use href="#t" transform="rotate(225)"/><use href="#t" transform="rotate(270)"/><use href="#t" transform="rotate(315)"/><circle r="8" fill="FIELD"/></g>',
  // a laurel: two arcs of leaves
  loyalty:
    '<g><ellipse cx="-22" cy="-14" rx="5" ry="10" transform="rotate(-30 -22 -14)"/><ellipse cx="-28" cy="2" rx="5" ry="10" transform="rotate(-10 -28 2)"/><ellipse cx="-22" cy="18" rx="5" ry="10" transform="rotate(20 -22 18)"/><ellipse cx="22" cy="-14" rx="5" ry="10" transform="rotate(30 22 -14)"/><ellipse cx="28" cy="2" rx="5" ry="10" transform="rotate(10 28 2)"/><ellipse cx="22" cy="18" rx="5" ry="10" transform="rotate(-20 22 18)"/><circle r="12"/></g>',
  // two linked rings
  referral:
    '<g fill="none" stroke-width="7"><circle cx="-12" r="18" stroke="ACCENT"/><circle cx="12" r="18" stroke="ACCENT"/></g>',
  // a five-pointed star
  milestone: '<path d="M0 -32 L9 -11 L31 -10 L14 5 L20 27 L0 15 L-20 27 L-14 5 L-31 -10 L-9 -11 Z"/>',
  // a path of three stepping stones rising to a flag
  pathway:
    '<g><circle cx="-22" cy="24" r="7"/><circle cx="-4" cy="10" r="7"/><circle cx="14" cy="-4" r="7"/><rect x="20" y="-34" width="4" height="30"/><path d="M24 -34 L40 -28 L24 -22 Z"/></g>',
}

export interface BadgeArtInput {
  kind: AwardKind
  /** The association's name, around the rim. */
  organization: string
  /** The achievement, in the middle ("Certified Practitioner", "Membership 2026"). */
  title: string
  /** A short line under it ("2026", "10 years"). */
  caption?: string
}

export type BadgeArtErrorCode =
  /** A text of the badge has characters no font of the chain draws (the message names them, U+XXXX). */
  | 'BADGE_TEXT_NOT_RENDERABLE'
  /** The association's name does not fit around the rim at the smallest legible size. */
  | 'BADGE_TEXT_TOO_LONG'

const require = createRequire(import.meta.url)

/** The face tried first for the badge's text: Source Sans 3 Bold (SIL OFL), then the certificate's Noto chain. */
export const BADGE_FONT_FILES: readonly string[] = [
  require.resolve('@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf'),
]

const CENTRE = 256
/** The rim's baseline: a circle of this radius, the name centred at the top, over at most this arc. */
const RIM_RADIUS = 180
const RIM_ARC = (160 / 180) * Math.PI * RIM_RADIUS
const RIM_SIZE = 26
const RIM_MIN_SIZE = 12
/** The title's box: this wide, at 50 px when it fits on one line, else on two down to 26 px, else three. */
const TITLE_WIDTH = 330
const TITLE_SIZE = 50
const TITLE_MIN_SIZE = 26

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const chain = () => fontChain('sans', { extra: BADGE_FONT_FILES })

/** Runs the certificate's shaping, turning its refusals into the badge's. */
function shaped<T>(label: string, shape: () => T): T {
  try {
    return shape()
  } catch (error) {
    if (isCertificateError(error, 'TEXT_NOT_RENDERABLE', 'FONT_NOT_INSTALLED'))
      throw new TesseraError<BadgeArtErrorCode>(
        'BADGE_TEXT_NOT_RENDERABLE',
        `the badge cannot draw ${label}: ${error.message}`,
        { cause: error },
      )
    throw error
  }
}

/**
 * The title's lines and size: one line at 50 px if it fits, else shrunk, then two lines broken where
 * Unicode line breaking allows (between ideographs too), down to 26 px; longer titles take three lines at
 * 26 px, the last ending in an ellipsis if cut.
 */
export function layoutTitle(title: string): FittedText {
  const role = { label: "the achievement's name", isName: false }
  return shaped(role.label, () => {
    try {
      return fitText(title, chain(), role, {
        size: TITLE_SIZE,
        minSize: TITLE_MIN_SIZE,
        width: TITLE_WIDTH,
        maxLines: 2,
        wrapBelow: 36,
      })
    } catch (error) {
      if (!isCertificateError(error, 'TEXT_TOO_LONG')) throw error
      const lines = wrapParagraph(title, chain(), role, {
        size: TITLE_MIN_SIZE,
        width: TITLE_WIDTH,
        maxLines: 3,
      })
      return { lines, size: TITLE_MIN_SIZE }
    }
  })
}

/** A shaped line centred on x = 256 with its baseline at `baseline`, as a path element. */
function centredLine(line: ShapedLine, size: number, baseline: number, fill: string): string {
  const left = CENTRE - (line.width * size) / 2
  const { d } = lineToSvgPath(line, { size, map: (x, y) => [left + x, baseline + y] })
  return d === '' ? '' : `<path fill="${fill}" d="${d}"/>`
}

/**
 * The association's name along the top of the rim: each point of the shaped line mapped onto the circle
 * (x along the arc, centred at the top; y outward from the baseline), so the glyphs follow the curve.
 * Shrinks below 26 px to fit the arc, down to 12 px (BADGE_TEXT_TOO_LONG below that).
 */
function rimText(organization: string, fill: string): string {
  const label = "the association's name"
  const line = shaped(label, () => shapeLine(organization.toUpperCase(), chain(), { label, isName: false }))
  if (line.glyphs.length === 0) return ''
  const size = Math.min(RIM_SIZE, RIM_ARC / line.width)
  if (size < RIM_MIN_SIZE)
    throw new TesseraError<BadgeArtErrorCode>(
      'BADGE_TEXT_TOO_LONG',
      `${label} (${[...organization].length} characters) does not fit around the badge's rim at ${RIM_MIN_SIZE} px`,
    )
  const half = (line.width * size) / 2
  const { d } = lineToSvgPath(line, {
    size,
    map: (x, y) => {
      const angle = (x - half) / RIM_RADIUS
      const radius = RIM_RADIUS - y
      return [CENTRE + radius * Math.sin(angle), CENTRE - radius * Math.cos(angle)]
    },
  })
  return d === '' ? '' : `<path fill="${fill}" d="${d}"/>`
}

/** The badge's SVG: 512x512, its text as glyph outlines (no font needed) and as text in <title>, <desc> and aria-label. */
export function badgeSvg(input: BadgeArtInput): string {
  const palette = PALETTES[input.kind]
  const title = layoutTitle(input.title)
  const step = title.size * 1.1
  const firstLine = 322 - ((title.lines.length - 1) * step) / 2
  const titleLines = title.lines
    .map((line, i) => centredLine(line, title.size, firstLine + i * step, palette.ink))
    .join('')
  const caption =
    input.caption === undefined
      ? ''
      : centredLine(
          shaped('the caption', () =>
            shapeLine(input.caption ?? '', chain(), { label: 'the caption', isName: false }),
          ),
          30,
          firstLine + title.lines.length * step + 18,
          palette.accent,
        )
  const emblem = EMBLEMS[input.kind].replaceAll('FIELD', palette.field).replaceAll('ACCENT', palette.accent)
  const description = `${input.title}${input.caption === undefined ? '' : ` (${input.caption})`}, awarded by ${input.organization}`
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 512 512" width="512" height="512" role="img" aria-label="${escapeXml(`${input.title}, ${input.organization}`)}">
<title>${escapeXml(`${input.title} · ${input.organization}`)}</title>
<desc>${escapeXml(description)}</desc>
<circle cx="256" cy="256" r="248" fill="${palette.accent}"/>
<circle cx="256" cy="256" r="236" fill="${palette.field}"/>
<circle cx="256" cy="256" r="212" fill="none" stroke="${palette.accent}" stroke-width="3" stroke-dasharray="2 8"/>
<g aria-hidden="true">${rimText(input.organization, palette.accent)}</g>
<g transform="translate(256 190) scale(1.6)" fill="${palette.accent}">${emblem}</g>
<g aria-hidden="true">${titleLines}${caption}</g>
</svg>
`
}

export interface RenderOptions {
  /** Width of the PNG in pixels. Default 512. */
  width?: number
}

/** The SVG rendered to PNG by resvg, with no font loaded: the badge's text is paths. */
export function renderPng(svg: string, options: RenderOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: options.width ?? 512 },
    font: { loadSystemFonts: false },
    background: 'rgba(0,0,0,0)',
  })
  return Uint8Array.from(resvg.render().asPng())
}

/** The artwork of an award: its achievement's name, and a caption by kind (the year, or "Certification"). */
export function badgeArtOf(
  award: {
    kind: AwardKind
    credential: { validFrom: string; credentialSubject: { achievement: { name: string } } }
  },
  organization: string,
): BadgeArtInput {
  const title = award.credential.credentialSubject.achievement.name
  const year = award.credential.validFrom.slice(0, 4)
  if (award.kind === 'membership') return { kind: award.kind, organization, title }
  return {
    kind: award.kind,
    organization,
    title,
    caption: award.kind === 'certificate' ? 'Certification' : year,
  }
}
