// A throwaway PostgreSQL for the tests: initdb in a temporary folder (trust auth, 127.0.0.1 on a free port,
// the unix socket in that folder), pg_ctl start, one database; stop() stops the server and deletes the
// folder. initdb refuses to run as root, so as root the server runs as the `postgres` user (or `nobody`)
// through runuser, in a folder chown'ed to it. Used by scripts/test.mjs; by hand:
//   node scripts/postgres.mjs   (prints the URL, stops on Ctrl-C)
import { spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where the server binaries may be: PATH, then Debian's versioned folders (newest first). */
function binDirs() {
  const dirs = (process.env.PATH ?? '').split(':').filter(Boolean)
  dirs.push('/usr/local/bin', '/usr/local/pgsql/bin')
  const debian = '/usr/lib/postgresql'
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    for (const v of versions) dirs.push(join(debian, v, 'bin'))
  }
  return dirs
}

/** The folder holding initdb, pg_ctl and createdb, or undefined when the server is not installed. */
export function findPostgresBin() {
  return binDirs().find((dir) => ['initdb', 'pg_ctl', 'createdb'].every((b) => existsSync(join(dir, b))))
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** The unprivileged user to run the server as when we are root: `postgres` if it exists, else `nobody`. */
function serverUser() {
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' })
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' })
    if (id.status === 0 && gid.status === 0) return { name, uid: Number(id.stdout), gid: Number(gid.stdout) }
  }
  throw new Error('running as root, and there is neither a postgres nor a nobody user to run PostgreSQL as')
}

/**
 * Starts a throwaway cluster. Returns `{ url, stop }` (stop is synchronous and idempotent: it can run
 * from a signal handler or a `finally`), or throws with the server's output when it cannot start.
 */
export async function startPostgres({ bin = findPostgresBin(), database = 'tessera_test' } = {}) {
  if (bin === undefined) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found')
  const root = process.getuid?.() === 0
  const user = root ? serverUser() : undefined
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pg-'))
  const data = join(dir, 'data')
  if (user !== undefined) chownSync(dir, user.uid, user.gid)
  /** Runs a server binary (as the unprivileged user when root); throws with its output on failure. */
  const exec = (name, args) => {
    const [command, argv] =
      user === undefined
        ? [join(bin, name), args]
        : ['runuser', ['-u', user.name, '--', join(bin, name), ...args]]
    const result = spawnSync(command, argv, {
      encoding: 'utf8',
      cwd: dir,
      env: { ...process.env, LC_ALL: 'C' },
    })
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim()
      throw new Error(`${name} failed (exit ${result.status}): ${output}`)
    }
    return result
  }
  let started = false
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    try {
      if (started) exec('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w'])
    } catch {
      // Already gone: nothing to stop.
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  try {
    exec('initdb', ['-D', data, '-A', 'trust', '-U', 'tessera', '-E', 'UTF8', '--locale=C', '--no-sync'])
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-k ${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ]
    for (let attempt = 0; ; attempt++) {
      const port = await freePort()
      try {
        // Waits up to 5 minutes for the server to accept connections: a start that outlasts the wait is
        // taken for a failure (and retried on another port, which the half-started server's data folder
        // refuses), so the wait is far above a start on a slow, loaded machine (seconds).
        exec('pg_ctl', [
          'start',
          '-w',
          '-t',
          '300',
          '-D',
          data,
          '-l',
          join(dir, 'server.log'),
          '-o',
          `${options.join(' ')} -p ${port}`,
        ])
        started = true
      } catch (error) {
        // The port may have been taken between probing and binding: try another, a few times.
        if (attempt < 3) continue
        throw error
      }
      exec('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'tessera', database])
      return { url: `postgres://tessera@127.0.0.1:${port}/${database}`, dir, stop }
    }
  } catch (error) {
    stop()
    throw error
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url, stop } = await startPostgres()
  process.stdout.write(`${url}\n`)
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stop()
      process.exit(0)
    })
  }
  setInterval(() => undefined, 1 << 30)
}
