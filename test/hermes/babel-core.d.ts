// @babel/core ships no type declarations: the one function the Hermes bundler calls.
declare module '@babel/core' {
  export function transformAsync(
    code: string,
    options: {
      babelrc: boolean
      configFile: boolean
      compact: boolean
      sourceType: 'script' | 'module'
      plugins: string[]
    },
  ): Promise<{ code?: string | null } | null>
}
