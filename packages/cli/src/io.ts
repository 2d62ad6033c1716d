/** What a command sees of the world: its output streams, its folder, its clock, where it writes files. */
export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Where relative paths are resolved from. */
  cwd: string
  /** The clock every command judges and issues at (the one place the CLI reads the time). */
  now: () => Date
  /**
   * Writes an output file whole or not at all; default `writeFileAtomic`. Tests put a full disk here.
   */
  writeFile?: (path: string, data: string) => Promise<unknown>
}

/** 0 success; 1 the input was read and judged negatively (an invalid credential); 2 it could not be used. */
export const EXIT = { ok: 0, negative: 1, unusable: 2 } as const
