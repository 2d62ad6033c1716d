/**
 * JSON Pointers (RFC 6901), as validation issues and refused input name the value they are about: one
 * place that escapes a key into a pointer's segment (`~` as `~0`, `/` as `~1`).
 */

/** `base` with `key` appended as one more segment. */
export function pointer(base: string, key: string | number): string {
  return `${base}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`
}
