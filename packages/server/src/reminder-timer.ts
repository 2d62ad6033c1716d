/**
 * The membership reminders, run by the service itself when it is the association's deployment (`tessera
 * serve --remind-schedule 60d,14d,0d`): at start and then every hour, `sendReminders` of @tessera/issuer,
 * the same function `tessera remind` calls from cron, on the service's clock. One run at a time; a run's
 * failure is told (`onError`) and the next tick tries again: the communications log makes every run send
 * only what is due and not sent yet.
 */
import {
  type IssuerStore,
  type MailSender,
  type MembershipSettings,
  type RemindReport,
  sendReminders,
} from '@tessera/issuer'

export interface ReminderTimerOptions {
  store: IssuerStore
  clock: () => Date
  /** Days before the end, latest first (`parseSchedule` of @tessera/issuer). */
  schedule: readonly number[]
  settings: MembershipSettings
  sender: MailSender
  /** How often the schedule is looked at, in ms. Default an hour. */
  everyMs?: number
  onReport?: (report: RemindReport) => void
  onError?: (error: unknown) => void
}

export class ReminderTimer {
  private timer: ReturnType<typeof setInterval> | undefined
  private running: Promise<void> | undefined

  constructor(private readonly options: ReminderTimerOptions) {}

  /** Runs the schedule now, then every `everyMs`. */
  start(): void {
    if (this.timer !== undefined) return
    this.tick()
    this.timer = setInterval(() => this.tick(), this.options.everyMs ?? 3_600_000)
    this.timer.unref?.()
  }

  /** Stops the ticks and waits for a run under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.running
  }

  /** One run of the schedule at the clock's now (what each tick does). */
  runOnce(): Promise<RemindReport> {
    const { store, clock, schedule, settings, sender } = this.options
    return sendReminders({ store, clock, schedule, settings, sender })
  }

  private tick(): void {
    if (this.running !== undefined) return
    this.running = this.runOnce()
      .then(
        (report) => this.options.onReport?.(report),
        (error: unknown) => this.options.onError?.(error),
      )
      .finally(() => {
        this.running = undefined
      })
  }
}
