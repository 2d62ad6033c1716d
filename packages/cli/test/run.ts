import { main } from '../src/main.js'

/** Runs one `tessera` command line in `cwd`, capturing its exit code and output. */
export async function run(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd })
  return { code, out: out.join(''), err: err.join('') }
}
