/**
 * Reading JSON text outside its strings, for what JSON.parse does not say: how deep the text nests
 * (checked before parsing, so that a deep text never reaches the parser's recursion) and which member
 * name an object repeats (JSON.parse keeps the last one silently). One way to step over a string, shared.
 */
import { pointer } from './json-pointer.js'

/** The index of the quote that closes the string opening at `start`, or `text.length` if none does. */
function stringEnd(text: string, start: number): number {
  let i = start + 1
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x5c) i++
    else if (c === 0x22) break
  }
  return i
}

/** Deepest nesting of `[`/`{` outside strings; stops counting once past `max`. Any text, valid or not. */
export function nestingDepth(text: string, max: number): number {
  let depth = 0
  let deepest = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) i = stringEnd(text, i)
    else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > deepest) {
        deepest = depth
        if (deepest > max) return deepest
      }
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

/** JSON's insignificant whitespace (RFC 8259, 2). */
function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

/** An object or array open at a point of the text: an object's names so far, and where the text is in it. */
interface Open {
  names: Set<string> | undefined
  /** The member being read (an object's) or the element's index (an array's). */
  at: string | number
}

/**
 * The JSON Pointer of the first member whose name an object of `text` already has, names compared decoded
 * (`"\u0070"` is `"p"`); undefined when none repeats. `text` must be valid JSON (parsed already). One pass,
 * a set of names for each object open at that point.
 */
export function repeatedMember(text: string): string | undefined {
  const open: Open[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      const start = i
      i = stringEnd(text, i)
      const top = open.at(-1)
      if (top?.names === undefined) continue
      let next = i + 1
      while (isJsonSpace(text.charCodeAt(next))) next++
      if (text.charCodeAt(next) !== 0x3a) continue
      top.at = JSON.parse(text.slice(start, i + 1)) as string
      if (top.names.has(top.at)) return pointerOf(open)
      top.names.add(top.at)
    } else if (c === 0x7b) open.push({ names: new Set(), at: '' })
    else if (c === 0x5b) open.push({ names: undefined, at: 0 })
    else if (c === 0x7d || c === 0x5d) open.pop()
    else if (c === 0x2c) {
      const top = open.at(-1)
      if (typeof top?.at === 'number') top.at++
    }
  }
  return undefined
}

/** The JSON Pointer of the value being read where `open` are open. */
function pointerOf(open: readonly Open[]): string {
  return open.reduce((path, { at }) => pointer(path, at), '')
}
