/**
 * What a value from a spreadsheet or a template may hold, shared by the recipients sheet and the template
 * filler: a length limit per column, and no control or bidirectional characters (a line break in a name
 * printed overlapping lines on a certificate; an override reverses what a reader sees).
 */

/** Each column's length limit, in characters; any other column: `other`. */
export const COLUMN_LIMITS = {
  member_id: 64,
  name: 200,
  email: 254,
  did: 2048,
  valid_until: 35,
  other: 1000,
} as const

/** Controls (C0, DEL, C1: Unicode category Cc) and the line and paragraph separators. */
export const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u
/** Bidirectional formatting: embeddings and overrides, isolates, and the implicit marks. */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u
