/**
 * At most a few of a batch's background jobs (signatures and their checks on libuv's thread pool) running
 * at once, the rest queued here in the batch. On a machine with two cores, the pool's four threads each
 * signing or checking compete with the batch's own thread and the garbage collector, and the batch's
 * thread then waits for a core; one or two jobs at a time keep the pool on the core the batch leaves
 * free. The process's pool size (UV_THREADPOOL_SIZE) is the application's to set, not a library's: this
 * limits only the batch's own jobs.
 */

/** Runs jobs with at most `max` of them started and not yet settled; the others wait, first come first. */
export class BackgroundLimit {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(readonly max: number) {}

  /** `job`, started when fewer than `max` others run; its result (or failure) as it settles. */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running < this.max) {
      this.running++
      return this.settle(job)
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.settle(job))
  }

  /** Runs `job` in a slot already taken, and hands the slot on (or frees it) when it settles. */
  private settle<T>(job: () => Promise<T>): Promise<T> {
    let started: Promise<T>
    try {
      started = job()
    } catch (error) {
      started = Promise.reject(error)
    }
    return started.finally(() => this.handOn())
  }

  /** The slot goes to the first waiting job, or is freed. */
  private handOn(): void {
    // The queue holds at most a batch's window of jobs (a few dozen): shift() is cheap at that size.
    const wake = this.waiting.shift()
    if (wake === undefined) this.running--
    else wake()
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.waiting.length
  }
}
