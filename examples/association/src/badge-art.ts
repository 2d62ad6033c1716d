/**
 * Badge artwork: an SVG made from one template (the association's name around the rim, the
 * achievement in the middle, an emblem and colours per kind of award), and its PNG rendering by resvg
 * (@resvg/resvg-js, the Rust SVG renderer) with fonts shipped in node_modules, never the system's, so
 * that every machine draws the same picture offline. Both are then baked with @tessera/issuer.
 */
import { createRequire } from 'node:module'
import { Resvg } from '@resvg/resvg-js'
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

/** The families of the fonts below, as the SVG names them. */
export const BADGE_FONT = 'Source Sans 3'
const require = createRequire(import.meta.url)

/** The TTF files resvg loads: Source Sans 3 (SIL OFL) from @expo-google-fonts/source-sans-3. */
export const BADGE_FONT_FILES: readonly string[] = [
  require.resolve('@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf'),
  require.resolve('@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf'),
]

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Greedy word wrap by an estimated width (characters), at most `lines` lines; the last one ellipsised. */
export function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = []
  let current = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = current === '' ? word : `${current} ${word}`
    if (next.length <= width || current === '') current = next
    else {
      out.push(current)
      current = word
    }
  }
  if (current !== '') out.push(current)
  if (out.length <= lines) return out
  const kept = out.slice(0, lines)
  kept[lines - 1] = `${(kept[lines - 1] ?? '').slice(0, width - 1)}…`
  return kept
}

/** The badge's SVG: 512x512, text as text (readable by screen readers and search), fonts named. */
export function badgeSvg(input: BadgeArtInput): string {
  const palette = PALETTES[input.kind]
  const title = wrap(input.title, 16, 3)
  const size = title.length === 1 && title[0] !== undefined && title[0].length <= 11 ? 50 : 40
  const firstLine = 322 - ((title.length - 1) * size * 1.1) / 2
  const titleLines = title
    .map(
      (line, i) => `<tspan x="256" y="${(firstLine + i * size * 1.1).toFixed(1)}">${escapeXml(line)}</tspan>`,
    )
    .join('')
  const organization = escapeXml(input.organization.toUpperCase())
  const emblem = EMBLEMS[input.kind].replaceAll('FIELD', palette.field).replaceAll('ACCENT', palette.accent)
  const caption =
    input.caption === undefined
      ? ''
      : `<text x="256" y="${(firstLine + title.length * size * 1.1 + 18).toFixed(1)}" font-size="30" fill="${palette.accent}">${escapeXml(input.caption)}</text>`
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 512 512" width="512" height="512" role="img" aria-label="${escapeXml(`${input.title}, ${input.organization}`)}">
<title>${escapeXml(`${input.title} · ${input.organization}`)}</title>
<defs><path id="rim" d="M 76 256 A 180 180 0 0 1 436 256"/></defs>
<circle cx="256" cy="256" r="248" fill="${palette.accent}"/>
<circle cx="256" cy="256" r="236" fill="${palette.field}"/>
<circle cx="256" cy="256" r="212" fill="none" stroke="${palette.accent}" stroke-width="3" stroke-dasharray="2 8"/>
<text font-family="${BADGE_FONT}" font-weight="700" font-size="${organization.length > 34 ? 22 : 26}" letter-spacing="2" fill="${palette.accent}" text-anchor="middle"><textPath href="#rim" startOffset="50%">${organization}</textPath></text>
<g transform="translate(256 190) scale(1.6)" fill="${palette.accent}">${emblem}</g>
<g font-family="${BADGE_FONT}" text-anchor="middle">
<text font-weight="700" font-size="${size}" fill="${palette.ink}">${titleLines}</text>
${caption}
</g>
</svg>
`
}

export interface RenderOptions {
  /** Width of the PNG in pixels. Default 512. */
  width?: number
}

/** The SVG rendered to PNG by resvg with the bundled fonts only. */
export function renderPng(svg: string, options: RenderOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: options.width ?? 512 },
    font: { fontFiles: [...BADGE_FONT_FILES], loadSystemFonts: false, defaultFontFamily: BADGE_FONT },
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
