#!/usr/bin/env node
/**
 * The `tessera` executable. A reader that closes the pipe early (`tessera ledger --json | head -3`)
 * ends the command quietly with exit 0, whatever the command: no EPIPE stack trace, no more work.
 */
import { main } from './main.js'

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  now: () => new Date(),
})
