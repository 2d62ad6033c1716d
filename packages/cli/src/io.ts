export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Where relative paths are resolved from. */
  cwd: string
  /** The clock every command judges and issues at (the one place the CLI reads the time). */
  now: () => Date
}

/** 0 success; 1 the input was read and judged negatively (an invalid credential); 2 it could not be used. */
export const EXIT = { ok: 0, negative: 1, unusable: 2 } as const
