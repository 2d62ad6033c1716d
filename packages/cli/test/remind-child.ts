// `tessera remind` in a process of its own at the clock of REMIND_NOW, for the SIGKILL rounds of
// remind.test.ts (bin.ts reads the system clock). With KILL_AT=<k>:<before|after> the process kills
// itself with SIGKILL as it writes its k-th mail, before the file is written or after it is written and
// before the store records it sent: the test picks the moment, so a round dies mid-work on a machine of
// any speed.
import { writeFileAtomic } from '@tessera/issuer/node'
import { main } from '../src/main.js'

const [at, phase] = (process.env.KILL_AT ?? '').split(':')
const killAt = at === undefined || at === '' ? undefined : Number(at)
let writes = 0

async function writeFile(path: string, data: string): Promise<unknown> {
  const nth = path.endsWith('.eml') ? ++writes : 0
  if (nth === killAt && phase === 'before') process.kill(process.pid, 'SIGKILL')
  const written = await writeFileAtomic(path, data)
  if (nth === killAt && phase === 'after') process.kill(process.pid, 'SIGKILL')
  return written
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  now: () => new Date(process.env.REMIND_NOW as string),
  writeFile,
})
