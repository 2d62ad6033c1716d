// Fenced code blocks of a Markdown file, read as CommonMark does (a fence of N backticks or tildes closes
// only at a fence of the same character at least N long), so that a README's examples can be run and a
// four-backtick block that quotes a three-backtick one is not cut in two.

export interface CodeBlock {
  /** The info string's first word: `ts`, `sh`, `console`, ... */
  lang: string
  /** The info string's other words, such as `no-run`. */
  flags: string[]
  code: string
  /** 1-based line of the opening fence. */
  line: number
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = []
  let open: { fence: string; lang: string; flags: string[]; line: number; lines: string[] } | undefined
  markdown.split('\n').forEach((text, index) => {
    if (open === undefined) {
      const start = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/.exec(text)
      if (start === null) return
      const [lang = '', ...flags] = (start[2] ?? '').trim().split(/\s+/).filter(Boolean)
      open = { fence: start[1] as string, lang, flags, line: index + 1, lines: [] }
      return
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(text)?.[1]
    if (close !== undefined && close[0] === open.fence[0] && close.length >= open.fence.length) {
      blocks.push({ lang: open.lang, flags: open.flags, code: `${open.lines.join('\n')}\n`, line: open.line })
      open = undefined
      return
    }
    open.lines.push(text)
  })
  return blocks
}

/** The TypeScript examples meant to run: ```ts blocks, except those marked `no-run`. */
export function runnableExamples(markdown: string): CodeBlock[] {
  return codeBlocks(markdown).filter((b) => b.lang === 'ts' && !b.flags.includes('no-run'))
}

/** What an example says it prints: the `// ...` comment after each `console.log(...)`, line by line. */
export function expectedOutput(code: string): string[] {
  return [...code.matchAll(/console\.log\(.*\)\s*\/\/ (.*)$/gm)].map((m) => m[1] as string)
}

/** The packages a README tells its reader to install: the names after `npm install` in its ```sh blocks. */
export function installedByReadme(markdown: string): string[] {
  const names: string[] = []
  for (const block of codeBlocks(markdown).filter((b) => b.lang === 'sh')) {
    for (const match of block.code.matchAll(/^npm (?:install|i) (.+)$/gm)) {
      for (const word of (match[1] as string).replace(/\s#.*$/, '').split(/\s+/)) {
        if (word !== '' && !word.startsWith('-')) names.push(word.replace(/(?<=.)@[^/]*$/, ''))
      }
    }
  }
  return names
}

/** The bare module specifiers a piece of code imports (`node:` built-ins left out), as package names. */
export function importedPackages(code: string): string[] {
  const names = new Set<string>()
  for (const match of code.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"./][^'"]*)['"]/g)) {
    const specifier = match[1] as string
    if (specifier.startsWith('node:')) continue
    const parts = specifier.split('/')
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string))
  }
  return [...names]
}
