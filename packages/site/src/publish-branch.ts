/**
 * Publishing a site as one commit on a branch of a git repository, for static-pages services that serve
 * a branch (GitHub Pages, GitLab Pages, Codeberg Pages, Cloudflare Pages...). Through the git command
 * (a child process; git is on every machine that pushes to such a service): one `git fast-import`
 * stream holds every file and the commit, and git moves the branch only once the whole commit is
 * written, and only from the commit this publish started from. So the branch moves to a full new
 * commit or not at all: a publish killed half-way, or raced by another, leaves it where it was.
 *
 * Incremental: each file's git blob id is computed here and compared with the branch's tree; what is
 * unchanged is not sent, and a publish that changes nothing makes no commit. Pushing the branch to the
 * service is the caller's (`git push origin <branch>`, itself atomic for one branch).
 */
import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { errorCodeOf } from '@tessera/schema'
import { fail } from './errors.js'
import type { Site } from './model.js'
import type { PublishReport } from './publish.js'

export interface BranchOptions {
  /** The repository: a bare one, or a working copy whose checked-out branch is another. */
  repository: string
  /** The branch the pages service serves, such as `gh-pages`. */
  branch: string
  /** The commit's time (the caller's clock). */
  now: Date
  /** The commit message. Default "Publish the site". */
  message?: string
  /** The committer. Default `Tessera <tessera@localhost>`. */
  committer?: { name: string; email: string }
  /** The git command. Default `git` (on PATH). */
  git?: string
}

export interface BranchReport extends Omit<PublishReport, 'release' | 'live'> {
  /** The branch's ref, `refs/heads/<branch>`. */
  ref: string
  /** The commit the branch now names (the same as before when nothing changed). */
  commit: string
  /** The commit it named before, if it existed. */
  previous?: string
}

const MAX_OUTPUT = 64 * 1024 * 1024

type GitResult = { ok: true; stdout: string } | { ok: false; stderr: string }

function gitMissing(options: BranchOptions, cause: unknown): never {
  fail('GIT_UNAVAILABLE', `the git command (${options.git ?? 'git'}) is not installed or not on PATH`, cause)
}

/** Runs one git command in the repository; a failure is its stderr (git missing: GIT_UNAVAILABLE). */
function git(options: BranchOptions, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      options.git ?? 'git',
      ['-C', options.repository, ...args],
      { maxBuffer: MAX_OUTPUT, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error === null) resolve({ ok: true, stdout })
        else if (errorCodeOf(error) === 'ENOENT') {
          try {
            gitMissing(options, error)
          } catch (missing) {
            reject(missing)
          }
        } else resolve({ ok: false, stderr: String(stderr).trim() })
      },
    )
  })
}

/** Git's blob id of `bytes` (SHA-1 of `blob <length>\0<bytes>`), to compare with the branch's tree. */
function blobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

/** The branch's files (path → blob id) at `commit`. */
async function treeOf(options: BranchOptions, commit: string): Promise<Map<string, string>> {
  const listed = await git(options, ['ls-tree', '-r', '-z', '--full-tree', commit])
  if (!listed.ok) fail('PUBLISH_TARGET_INVALID', `cannot read ${commit}: ${listed.stderr}`)
  const files = new Map<string, string>()
  for (const entry of listed.stdout.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry)
    if (match !== null) files.set(match[2] as string, match[1] as string)
  }
  return files
}

/** Runs `git fast-import` on `stream`; resolves when git has written the commit and moved the branch. */
function fastImport(options: BranchOptions, stream: readonly (Uint8Array | string)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.git ?? 'git', ['-C', options.repository, 'fast-import', '--quiet'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString('utf8')
    })
    child.on('error', reject)
    child.stdin.on('error', () => {
      // git stopped reading (it failed): its exit status says why
    })
    child.on('close', (code) => {
      if (code === 0) return resolve()
      reject(new Error(stderr.trim() || `git fast-import exited with ${code}`))
    })
    for (const part of stream) child.stdin.write(part)
    child.stdin.end()
  })
}

const encoder = new TextEncoder()

/** Publishes `site` as one commit on `options.branch` (see the file's header); returns what changed. */
export async function publishToBranch(site: Site, options: BranchOptions): Promise<BranchReport> {
  const ref = `refs/heads/${options.branch}`
  const valid = await git(options, ['check-ref-format', ref])
  if (!valid.ok || options.branch.startsWith('-'))
    fail('BRANCH_INVALID', `${JSON.stringify(options.branch)} is not a valid branch name`)
  const inside = await git(options, ['rev-parse', '--is-bare-repository'])
  if (!inside.ok) fail('PUBLISH_TARGET_INVALID', `${options.repository} is not a git repository`)
  if (inside.stdout.trim() === 'false') {
    const head = await git(options, ['symbolic-ref', '-q', 'HEAD'])
    if (head.ok && head.stdout.trim() === ref)
      fail(
        'PUBLISH_TARGET_INVALID',
        `${options.branch} is checked out in ${options.repository}: publish to a branch that is not (or to a bare repository)`,
      )
  }
  const tip = await git(options, ['rev-parse', '-q', '--verify', `${ref}^{commit}`])
  const previous = tip.ok ? tip.stdout.trim() : undefined
  const before = previous === undefined ? new Map<string, string>() : await treeOf(options, previous)

  const written: string[] = []
  const kept: string[] = []
  const files: { path: string; bytes: Uint8Array }[] = []
  for (const file of [...site.files.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const bytes = await file.content()
    if (before.get(file.path) === blobId(bytes)) kept.push(file.path)
    else {
      written.push(file.path)
      files.push({ path: file.path, bytes })
    }
  }
  const removed = [...before.keys()].filter((path) => !site.files.has(path)).sort()
  if (previous !== undefined && written.length === 0 && removed.length === 0)
    return { ref, commit: previous, previous, written, kept, removed }

  const committer = options.committer ?? { name: 'Tessera', email: 'tessera@localhost' }
  const message = encoder.encode(`${options.message ?? 'Publish the site'}\n`)
  const seconds = Math.floor(options.now.getTime() / 1000)
  const stream: (Uint8Array | string)[] = [
    `commit ${ref}\n`,
    `committer ${committer.name.replace(/[<>\n]/g, '')} <${committer.email.replace(/[<>\n]/g, '')}> ${seconds} +0000\n`,
    `data ${message.length}\n`,
    message,
    '\n',
  ]
  if (previous !== undefined) stream.push(`from ${previous}\n`)
  for (const path of removed) stream.push(`D ${JSON.stringify(path)}\n`)
  for (const { path, bytes } of files)
    stream.push(`M 100644 inline ${JSON.stringify(path)}\ndata ${bytes.length}\n`, bytes, '\n')
  stream.push('done\n')
  try {
    await fastImport(options, ['feature done\n', ...stream])
  } catch (error) {
    const text = (error as Error).message
    if (/not updating|does not contain/i.test(text))
      fail(
        'BRANCH_MOVED',
        `${options.branch} moved while publishing: nothing was changed; publish again`,
        error,
      )
    if (errorCodeOf(error) === 'ENOENT') gitMissing(options, error)
    fail('PUBLISH_TARGET_INVALID', `git could not commit to ${options.branch}: ${text}`, error)
  }
  const now = await git(options, ['rev-parse', '-q', '--verify', `${ref}^{commit}`])
  if (!now.ok) fail('PUBLISH_TARGET_INVALID', `${options.branch} was not written`)
  return {
    ref,
    commit: now.stdout.trim(),
    ...(previous === undefined ? {} : { previous }),
    written,
    kept,
    removed,
  }
}
