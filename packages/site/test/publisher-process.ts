/**
 * The kill tests' publisher process: a child script (publish-child.ts, publish-branch-child.ts) started
 * with tsx on a target, which says "published" after each whole publish; the
 * test kills it with SIGKILL at a random point of a publish, measured on the child's own pace.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

export interface PublisherProcess {
  process: ChildProcess
  exited: Promise<void>
  /**
   * Waits for two whole publishes, then kills the child (SIGKILL) at a random fraction of the second one's
   * duration after it ended: within the publish after it (or a later one, if that one runs faster) whatever
   * the machine's speed, since the child publishes without pause. Resolves once the child is gone, with the
   * fraction and how many publishes the child had finished when it was killed.
   */
  killMidPublish(): Promise<{ fraction: number; publishes: number }>
}

/** Starts `script` (a file beside this one) on `target`. */
export function startPublisher(script: string, target: string): PublisherProcess {
  const file = fileURLToPath(new URL(`./${script}`, import.meta.url))
  const running = spawn(process.execPath, ['--import', 'tsx', file, target], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let said = ''
  const ends: number[] = []
  /** Called at each whole publish the child reports. */
  let onPublished = () => {}
  running.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    said += chunk
    const lines = said.split('\n')
    said = lines.pop() ?? ''
    for (const line of lines)
      if (line === 'published') {
        ends.push(performance.now())
        onPublished()
      }
  })
  const exited = new Promise<void>((resolve) => running.on('exit', () => resolve()))
  const killMidPublish = async () => {
    await new Promise<void>((resolve, reject) => {
      onPublished = () => ends.length >= 2 && resolve()
      onPublished()
      running.once('exit', (code, signal) =>
        reject(new Error(`the publisher ended (${signal ?? code}) after ${ends.length} publishes`)),
      )
    })
    const [first, second] = ends as [number, number]
    const fraction = Math.random()
    const timer = setTimeout(() => running.kill('SIGKILL'), fraction * (second - first))
    await exited
    clearTimeout(timer)
    return { fraction, publishes: ends.length }
  }
  return { process: running, exited, killMidPublish }
}
