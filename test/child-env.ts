// The environment a test's child process runs in when its output is compared as text: colour off, whatever
// the caller asked for. FORCE_COLOR overrides NO_COLOR in Node, and uvu's own bin sets FORCE_COLOR=1 when a
// test file is run with it directly (`node_modules/uvu/bin.js test packed.test.ts`), so a child's
// `console.log(true)` would print `\u001b[33mtrue\u001b[39m`.

export function withoutColour(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _, ...rest } = env
  return { ...rest, NO_COLOR: '1' }
}
