import { randomIndex } from '@tessera/schema'

/** Shuffles in place (Fisher-Yates) with `randomIndex`. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1)
    const item = items[i] as T
    items[i] = items[j] as T
    items[j] = item
  }
  return items
}
