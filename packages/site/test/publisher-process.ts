/**
 * The kill tests' publisher process: a child script (publish-child.ts, publish-branch-child.ts) started
 * with tsx on a target, which says a line once it starts publishing; the test kills it with SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface PublisherProcess {
  process: ChildProcess
  /** Resolves once the child said it is publishing. */
  started: Promise<void>
  exited: Promise<void>
}

/** Starts `script` (a file beside this one) on `target`. */
export function startPublisher(script: string, target: string): PublisherProcess {
  const file = fileURLToPath(new URL(`./${script}`, import.meta.url))
  const running = spawn(process.execPath, ['--import', 'tsx', file, target], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const started = new Promise<void>((resolve) => running.stdout?.once('data', () => resolve()))
  const exited = new Promise<void>((resolve) => running.on('exit', () => resolve()))
  return { process: running, started, exited }
}
