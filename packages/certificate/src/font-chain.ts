/**
 * Which fonts draw a certificate's text, in which order: each style's own face first (EB Garamond for the
 * titles and the name, Source Sans 3 for the small print), then the Noto families (SIL OFL 1.1, which
 * allows embedding), script by script, then monochrome Noto Emoji. The fonts are TrueType files from npm
 * packages (@expo-google-fonts/*) that this package depends on; the two CJK families (90 and 55 MB) are
 * optional dependencies: without them, Han, kana and Hangul are refused with FONT_NOT_INSTALLED naming
 * the package to install, never drawn as blanks.
 */
import { createRequire } from 'node:module'

/** The text styles of a certificate. */
export type TextStyle = 'serif' | 'serif-bold' | 'sans'

/** One font of a chain: a family name (as a PDF or SVG names it) and its TrueType file. */
export interface FontFile {
  family: string
  path: string
  /** Drawn first for emoji (pictographs in emoji presentation, ZWJ sequences, skin tones). */
  emoji?: boolean
}

/** A family shipped as an npm package, with the scripts it is there for. */
interface PackagedFamily {
  family: string
  package: string
  /** The file name's prefix: `NotoSansArabic` for `600SemiBold/NotoSansArabic_600SemiBold.ttf`. */
  prefix: string
  /** The characters it is in the chain for: a text with one of these and no font is FONT_NOT_INSTALLED. */
  scripts: RegExp
  emoji?: boolean
}

const require = createRequire(import.meta.url)

const OWN_FACES: Record<TextStyle, PackagedFamily> = {
  serif: {
    family: 'EB Garamond',
    package: '@expo-google-fonts/eb-garamond',
    prefix: 'EBGaramond',
    scripts: /\p{Script=Latin}/u,
  },
  'serif-bold': {
    family: 'EB Garamond SemiBold',
    package: '@expo-google-fonts/eb-garamond',
    prefix: 'EBGaramond',
    scripts: /\p{Script=Latin}/u,
  },
  sans: {
    family: 'Source Sans 3',
    package: '@expo-google-fonts/source-sans-3',
    prefix: 'SourceSans3',
    scripts: /\p{Script=Latin}/u,
  },
}

/** A Noto family: `noto('Sans Arabic', ...)` is @expo-google-fonts/noto-sans-arabic, files NotoSansArabic_*. */
const noto = (name: string, scripts: RegExp, emoji = false): PackagedFamily => ({
  family: `Noto ${name}`,
  package: `@expo-google-fonts/noto-${name.toLowerCase().replaceAll(' ', '-')}`,
  prefix: `Noto${name.replaceAll(' ', '')}`,
  scripts,
  ...(emoji ? { emoji } : {}),
})

/** The fallback families, in the order they are tried. */
const FALLBACKS: readonly PackagedFamily[] = [
  noto('Sans', /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u),
  noto('Sans Arabic', /\p{Script=Arabic}/u),
  noto('Sans Hebrew', /\p{Script=Hebrew}/u),
  noto('Sans Devanagari', /\p{Script=Devanagari}/u),
  noto('Sans Bengali', /\p{Script=Bengali}/u),
  noto('Sans Tamil', /\p{Script=Tamil}/u),
  noto('Sans Thai', /\p{Script=Thai}/u),
  noto('Sans Armenian', /\p{Script=Armenian}/u),
  noto('Sans Georgian', /\p{Script=Georgian}/u),
  noto('Sans SC', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u),
  noto('Sans KR', /\p{Script=Hangul}/u),
  noto('Emoji', /\p{Extended_Pictographic}/u, true),
]

function fileOf(family: PackagedFamily, style: TextStyle): string | undefined {
  const weight = style === 'serif-bold' ? '600SemiBold' : '400Regular'
  try {
    return require.resolve(`${family.package}/${weight}/${family.prefix}_${weight}.ttf`)
  } catch {
    return undefined
  }
}

/** A family of the chain whose package is not installed, and the characters it would have drawn. */
export interface MissingFamily {
  family: string
  package: string
  scripts: RegExp
}

export interface FontChain {
  fonts: FontFile[]
  missing: MissingFamily[]
}

const chains = new Map<string, FontChain>()

/**
 * The chain of a style: `extra` font files first (an association's own font, say), then the style's own
 * face, then the Noto fallbacks that are installed. Korean text (`locale` ko) tries Noto Sans KR before
 * Noto Sans SC, whose Han glyphs are Chinese forms.
 */
export function fontChain(style: TextStyle, options: { locale?: string; extra?: readonly string[] } = {}) {
  const korean = /^ko\b/i.test(options.locale ?? '')
  const key = `${style}|${korean}|${(options.extra ?? []).join('\n')}`
  const known = chains.get(key)
  if (known !== undefined) return known
  const families = [OWN_FACES[style], ...FALLBACKS]
  if (korean) {
    const sc = families.findIndex((f) => f.prefix === 'NotoSansSC')
    const kr = families.findIndex((f) => f.prefix === 'NotoSansKR')
    const [scFamily, krFamily] = [families[sc], families[kr]]
    if (scFamily !== undefined && krFamily !== undefined) {
      families[sc] = krFamily
      families[kr] = scFamily
    }
  }
  const chain: FontChain = {
    fonts: (options.extra ?? []).map((path) => ({ family: path, path })),
    missing: [],
  }
  for (const family of families) {
    const path = fileOf(family, style)
    if (path === undefined) chain.missing.push(family)
    else chain.fonts.push({ family: family.family, path, ...(family.emoji ? { emoji: true } : {}) })
  }
  chains.set(key, chain)
  return chain
}
