/**
 * `tessera serve`: the store folder's issuer as an OpenID4VCI service for wallets (@tessera/server), on
 * a Node HTTP server, until SIGTERM or SIGINT. Then it stops taking requests, lets those under way finish,
 * and closes the store: nothing is left half-written. The service's public URL (`--base-url`, what
 * wallets reach through the TLS proxy in front) is recorded in the store for `tessera offer`.
 */
import cluster from 'node:cluster'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseSchedule } from '@tessera/issuer'
import { readProfile } from '@tessera/issuer/node'
import { terminalText } from '@tessera/schema'
import { listen, openWalletService, ReminderTimer, type ServiceMembership } from '@tessera/server'
import { EXIT, type Io } from './io.js'
import { readRules } from './rules-file.js'
import { serveWorkers, untilStopSignal, WORKER_NUMBER } from './serve-workers.js'
import { usage } from './store-folder.js'

/** The origin of a site URL (`https://guild.example/` → `https://guild.example`), as browsers send it. */
function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return usage(`--site-origin is the site's URL, not ${url}`)
  }
}

/**
 * How the service mails members: with the store's membership settings and a sender (SMTP_URL, or
 * --mail-out's .eml files), the admin API's change notices go out; with --remind-schedule, the reminders
 * too. Undefined when nothing is to be mailed.
 */
async function remindingOf(
  store: string,
  scheduleText: string | undefined,
  out: string | undefined,
  io: Io,
): Promise<{ membership: ServiceMembership; schedule?: number[]; close(): void } | undefined> {
  const schedule = scheduleText === undefined ? undefined : parseSchedule(scheduleText)
  const { mailSender, settingsOf } = await import('./remind.js')
  const sender = mailSender(out, io)
  if (sender === undefined) {
    if (schedule !== undefined) usage('--remind-schedule needs SMTP_URL or --mail-out DIR')
    return undefined
  }
  const profile = readProfile(resolve(io.cwd, store))
  if (schedule === undefined && profile.membership === undefined) return undefined
  const settings = settingsOf(profile, store)
  return {
    membership: { settings, sender },
    ...(schedule === undefined ? {} : { schedule }),
    close: () => sender.close?.(),
  }
}

/** `tessera serve --store DIR [--port N] [--host H] [--base-url URL] [--site-origin URL]... [--rules FILE]
 *  [--remind-schedule 60d,14d,0d] [--mail-out DIR] [--workers N]` */
export async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      'base-url': { type: 'string' },
      'site-origin': { type: 'string', multiple: true },
      rules: { type: 'string' },
      'remind-schedule': { type: 'string' },
      'mail-out': { type: 'string' },
      workers: { type: 'string' },
    },
  })
  if (values.store === undefined) usage('give --store')
  const workers = values.workers === undefined ? undefined : Number(values.workers)
  if (workers !== undefined && (!/^\d{1,2}$/.test(values.workers ?? '') || workers < 1 || workers > 64))
    usage(`--workers is a number of processes from 1 to 64, not ${values.workers}`)
  // Worker processes: this one hands the connections to them, each of which runs what follows.
  if (workers !== undefined && cluster.isPrimary) return serveWorkers(args, workers, io)
  // A worker: its channel to the primary would keep its event loop alive, so it no longer does once the
  // service ends (stopped, or failed to open): the worker exits with its own code and message.
  const settings: ServeValues = { ...values, store: values.store }
  if (cluster.isWorker)
    try {
      return await serveHere(settings, io, process.env[WORKER_NUMBER])
    } finally {
      process.channel?.unref()
    }
  return serveHere(settings, io, undefined)
}

interface ServeValues {
  store: string
  port: string
  host: string
  'base-url'?: string
  'site-origin'?: string[]
  rules?: string
  'remind-schedule'?: string
  'mail-out'?: string
}

/**
 * The service in this process until SIGTERM or SIGINT; `worker` is its number when it is one of
 * `--workers`: the first runs the timers (webhooks, reminders), and the primary prints the lines.
 */
async function serveHere(values: ServeValues, io: Io, worker: string | undefined): Promise<number> {
  const first = worker === undefined || worker === '1'
  const say = worker === undefined ? io.stdout : () => {}
  // The award rules, read before anything listens: a bad file is refused with its line and path.
  const awardRules = values.rules === undefined ? undefined : readRules(io, values.rules)
  const reminding = await remindingOf(values.store, values['remind-schedule'], values['mail-out'], io)
  const port = Number(values.port)
  if (!/^\d{1,5}$/.test(values.port) || port > 65_535) usage(`--port is a port number, not ${values.port}`)
  // The server listens first (the port may be 0: any free one); requests wait for the service to open.
  let handler: (request: Request) => Promise<Response> = async () =>
    Response.json({ error: 'server_error', error_description: 'starting' }, { status: 503 })
  // This process only serves: @hono/node-server's lightweight Request and Response may replace the globals.
  const running = await listen((request) => handler(request), {
    port,
    host: values.host,
    overrideGlobalObjects: true,
  })
  const open = (baseUrl: string | undefined) =>
    openWalletService(resolve(io.cwd, values.store as string), process.env, {
      clock: io.now,
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(values['site-origin'] === undefined
        ? {}
        : { engagement: { origins: values['site-origin'].map(originOf) } }),
      ...(awardRules === undefined ? {} : { awardRules }),
      onEvent: (event) => io.stderr(`tessera serve: ${event.kind}: ${terminalText(event.message)}\n`),
      ...(reminding === undefined ? {} : { membership: reminding.membership }),
    })
  let opened: Awaited<ReturnType<typeof openWalletService>>
  try {
    opened = await open(values['base-url']).catch((error: unknown) => {
      // No URL given and none recorded: the service answers at its own address (a trial on this machine).
      if ((error as { code?: string }).code !== 'BASE_URL_UNKNOWN') throw error
      return open(running.url)
    })
  } catch (error) {
    await running.close()
    throw error
  }
  handler = opened.service.fetch
  // Webhook deliveries run beside the requests, never in their way; stopped with the service.
  if (first) opened.service.webhooks.start()
  // The membership reminders, when asked: at once, then every hour, on the service's clock.
  const timer =
    reminding?.schedule === undefined || !first
      ? undefined
      : new ReminderTimer({
          store: opened.issuer.store,
          clock: io.now,
          schedule: reminding.schedule,
          ...reminding.membership,
          onReport: (r) => {
            if (r.sent + r.failed + r.cancelled > 0)
              io.stdout(
                `tessera serve: reminders: sent ${r.sent}, failed ${r.failed}, cancelled ${r.cancelled}\n`,
              )
          },
          onError: (error) => io.stderr(`tessera serve: reminders: ${terminalText(String(error))}\n`),
        })
  timer?.start()
  // The signals are taken before the line is printed: a SIGTERM sent on reading it finds them taken.
  const stopped = untilStopSignal()
  const line = `tessera serve: ${opened.service.urls.issuer} listening on ${running.url}`
  if (worker === undefined) io.stdout(`${line}\n`)
  else process.send?.({ listening: line })
  await stopped
  say('tessera serve: stopping: no new requests; finishing those under way\n')
  await running.close()
  await timer?.stop()
  reminding?.close()
  await opened.close()
  say('tessera serve: stopped\n')
  return EXIT.ok
}
