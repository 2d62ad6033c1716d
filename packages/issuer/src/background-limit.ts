/**
 * At most a few of a batch's background jobs (signatures and their checks on libuv's thread pool) running
 * at once, the rest queued here in the batch, not in the pool's own queue, where the process's other work
 * on the pool (files, DNS, zlib) would wait behind a whole window of them. The process's pool size
 * (UV_THREADPOOL_SIZE) is the application's to set, not a library's: this limits only the batch's jobs.
 * (Doing a queued job on the batch's thread when it would otherwise wait was tried: it helped on a loaded
 * machine and cost a quiet one a fifth of its speed, bench/README.md.)
 */

/** Starts a queued job in the background, in the slot just handed to it. */
type Queued = () => void

/** A promise of what `run` gives, rejected if it throws before giving one. */
function attempt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run()
  } catch (error) {
    return Promise.reject(error)
  }
}

/** Runs jobs with at most `max` of them in the background at once; the others wait, first come first. */
export class BackgroundLimit {
  private running = 0
  private readonly waiting: Queued[] = []

  constructor(readonly max: number) {}

  /** `background()`, started when fewer than `max` others run; its result (or failure) as it settles. */
  run<T>(background: () => Promise<T>): Promise<T> {
    if (this.running < this.max) {
      this.running++
      return this.settle(background)
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => void this.settle(background).then(resolve, reject))
    })
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.waiting.length
  }

  /** Runs `job` in a slot already taken, and hands the slot on (or frees it) when it settles. */
  private settle<T>(job: () => Promise<T>): Promise<T> {
    return attempt(job).finally(() => this.handOn())
  }

  /** The slot goes to the first waiting job, or is freed. */
  private handOn(): void {
    // The queue holds at most a batch's window of jobs (a few dozen): shift() is cheap at that size.
    const next = this.waiting.shift()
    if (next === undefined) this.running--
    else next()
  }
}
