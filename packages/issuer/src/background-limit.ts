/**
 * At most a few of a batch's background jobs (signatures and their checks on libuv's thread pool) running
 * at once, the rest queued here in the batch; and the batch's own thread doing a queued job itself when it
 * has nothing else to do. On a machine with two cores, the pool's four threads each signing or checking
 * compete with the batch's own thread and the garbage collector, and the batch's thread then waits for a
 * core; one job at a time keeps the pool on the core the batch leaves free. On a busy machine that one
 * pool thread may wait for a core itself: the batch's thread, rather than idle, takes the next queued job
 * and does it in place. The process's pool size (UV_THREADPOOL_SIZE) is the application's to set, not a
 * library's: this limits only the batch's own jobs.
 */

interface Queued {
  /** Starts the job in the background, in the slot just handed to it. */
  start(): void
  /** Does the job on this thread instead, when it has one to do so. */
  inPlace: (() => void) | undefined
}

/** Where the runtime has it, setImmediate: run after the I/O callbacks ready now, when nothing else is left. */
const whenIdle: (run: () => void) => void =
  typeof setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0)

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
  private idleCheck = false

  constructor(readonly max: number) {}

  /**
   * `background()`, started when fewer than `max` others run; its result (or failure) as it settles. With
   * `inPlace` (the same job done on this thread), a job still queued when this thread would otherwise
   * wait is done in place instead.
   */
  run<T>(background: () => Promise<T>, inPlace?: () => Promise<T>): Promise<T> {
    if (this.running < this.max) {
      this.running++
      return this.settle(background)
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        start: () => void this.settle(background).then(resolve, reject),
        inPlace: inPlace === undefined ? undefined : () => void attempt(inPlace).then(resolve, reject),
      })
      if (inPlace !== undefined) this.checkWhenIdle()
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
    else next.start()
  }

  /**
   * Once this thread has run everything it can (the I/O callbacks ready, their promises' reactions), the
   * first queued job that can be done in place is, and the check comes again while jobs wait.
   */
  private checkWhenIdle(): void {
    if (this.idleCheck) return
    this.idleCheck = true
    whenIdle(() => {
      this.idleCheck = false
      const at = this.waiting.findIndex((job) => job.inPlace !== undefined)
      if (at === -1) return
      const [job] = this.waiting.splice(at, 1)
      job?.inPlace?.()
      if (this.waiting.some((queued) => queued.inPlace !== undefined)) this.checkWhenIdle()
    })
  }
}
