import { main } from '../src/main.js'

/** Runs one `tessera` command line in `cwd`, capturing its exit code and output. */
export async function run(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  return runAt(TEST_NOW, cwd, ...argv)
}

/**
 * The clock the CLI's tests run at, whatever today's date: a command line never reads the system clock
 * in a test.
 */
export const TEST_NOW = new Date('2026-12-01T00:00:00Z')

/** Runs one `tessera` command line with the clock at `now`. */
export async function runAt(
  now: Date,
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd,
    now: () => now,
  })
  return { code, out: out.join(''), err: err.join('') }
}
