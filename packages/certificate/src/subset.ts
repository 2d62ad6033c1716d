/**
 * Cuts a font down to the glyphs a PDF draws, with HarfBuzz's hb-subset (harfbuzzjs's WebAssembly
 * build). Glyph ids are kept (HB_SUBSET_FLAGS_RETAIN_GIDS): the PDF's text was shaped on the whole font,
 * so its glyph ids must stay valid; the glyphs left out are empty, which costs a few bytes each in the
 * compressed file. Hinting and the layout tables (the shaping is done) are dropped; the glyphs that
 * composite glyphs are made of are kept. Each font file is copied into the WebAssembly heap once.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fail } from './errors.js'
import type { LoadedFont } from './loaded-font.js'

/** The part of the WebAssembly API used here (typed locally: the package builds without the DOM's types). */
interface WasmApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

interface SubsetExports {
  memory: { buffer: ArrayBuffer }
  _initialize(): void
  malloc(size: number): number
  free(pointer: number): void
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number
  hb_blob_destroy(blob: number): void
  hb_blob_get_data(blob: number, length: number): number
  hb_blob_get_length(blob: number): number
  hb_face_create(blob: number, index: number): number
  hb_face_destroy(face: number): void
  hb_face_reference_blob(face: number): number
  hb_set_add(set: number, value: number): void
  hb_subset_input_create_or_fail(): number
  hb_subset_input_destroy(input: number): void
  hb_subset_input_glyph_set(input: number): number
  hb_subset_input_set(input: number, which: number): number
  hb_subset_input_get_flags(input: number): number
  hb_subset_input_set_flags(input: number, flags: number): void
  hb_subset_or_fail(face: number, input: number): number
}

const HB_MEMORY_MODE_READONLY = 1
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3
const HB_SUBSET_FLAGS_NO_HINTING = 0x1
const HB_SUBSET_FLAGS_RETAIN_GIDS = 0x2
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200
/** Tables a PDF's shaped glyphs need not: layout, hinting leftovers, colour, variations, names for UIs. */
const DROPPED = [
  'GSUB',
  'GPOS',
  'GDEF',
  'BASE',
  'JSTF',
  'MATH',
  'kern',
  'DSIG',
  'hdmx',
  'LTSH',
  'VDMX',
  'STAT',
]

const tag = (name: string) => [...name].reduce((value, c) => (value << 8) + c.charCodeAt(0), 0) >>> 0

let module: Promise<SubsetExports> | undefined
/** Faces already in the heap, by font file. */
const faces = new Map<string, number>()

function harfbuzzSubset(): Promise<SubsetExports> {
  module ??= (async () => {
    const wasm = await readFile(
      createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'),
    )
    const { instance } = await wasmApi.instantiate(wasm)
    const exports = instance.exports as unknown as SubsetExports
    exports._initialize()
    return exports
  })()
  return module
}

function faceOf(hb: SubsetExports, font: LoadedFont): number {
  const known = faces.get(font.file.path)
  if (known !== undefined) return known
  const data = hb.malloc(font.bytes.byteLength)
  new Uint8Array(hb.memory.buffer).set(font.bytes, data)
  const blob = hb.hb_blob_create(data, font.bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0)
  const face = hb.hb_face_create(blob, 0)
  hb.hb_blob_destroy(blob)
  faces.set(font.file.path, face)
  return face
}

/** The font with only `glyphs` (and .notdef) drawn, glyph ids unchanged, as TrueType bytes. */
export async function subsetGlyphs(font: LoadedFont, glyphs: Iterable<number>): Promise<Uint8Array> {
  const hb = await harfbuzzSubset()
  const face = faceOf(hb, font)
  const input = hb.hb_subset_input_create_or_fail()
  if (input === 0) fail('FONT_NOT_READABLE', `hb-subset could not start for ${font.file.path}`)
  try {
    const glyphSet = hb.hb_subset_input_glyph_set(input)
    hb.hb_set_add(glyphSet, 0)
    for (const glyph of glyphs) hb.hb_set_add(glyphSet, glyph)
    const dropped = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
    for (const table of DROPPED) hb.hb_set_add(dropped, tag(table))
    hb.hb_subset_input_set_flags(
      input,
      hb.hb_subset_input_get_flags(input) |
        HB_SUBSET_FLAGS_NO_HINTING |
        HB_SUBSET_FLAGS_RETAIN_GIDS |
        HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE,
    )
    const subset = hb.hb_subset_or_fail(face, input)
    if (subset === 0) fail('FONT_NOT_READABLE', `hb-subset could not subset ${font.file.path}`)
    const blob = hb.hb_face_reference_blob(subset)
    const bytes = new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(blob, 0), hb.hb_blob_get_length(blob))
    const copy = bytes.slice()
    hb.hb_blob_destroy(blob)
    hb.hb_face_destroy(subset)
    return copy
  } finally {
    hb.hb_subset_input_destroy(input)
  }
}
