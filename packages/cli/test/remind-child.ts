// `tessera remind` in a process of its own at the clock of REMIND_NOW, for the SIGKILL rounds of
// remind.test.ts (bin.ts reads the system clock).
import { main } from '../src/main.js'

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  now: () => new Date(process.env.REMIND_NOW as string),
})
