/**
 * @tessera/schema/clr: Comprehensive Learner Record 2.0, the builder and the validator, an entry of its own
 * because the CLR schema's compiled validators weigh more than the rest of the package (an OB-only
 * verifier does not load them). Its types, context URLs and vocabulary are in the main entry.
 */
export * from './clr-builder.js'
export * from './clr-validate.js'
