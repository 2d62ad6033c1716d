// rdf-canonize ships no type declarations: the one function the canonicaliser calls.
declare module 'rdf-canonize' {
  /** RDFC-1.0 canonical N-Quads of a dataset of RDF/JS-shaped quads (as jsonld.js's `toRDF` makes). */
  export function canonize(
    dataset: readonly object[],
    options: {
      algorithm: 'RDFC-1.0'
      /** The hash of blank nodes (default node:crypto on Node, `crypto.subtle` elsewhere). */
      createMessageDigest?: () => { update(text: string): void; digest(): Promise<string> }
    },
  ): Promise<string>
}
