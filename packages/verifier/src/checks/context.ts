/** The `context` check: the W3C credentials context first, an Open Badges 3.0 context present. */
import { failed, type Outcome, passed } from '@tessera/proofs'
import { CREDENTIALS_V1_CONTEXT, CREDENTIALS_V2_CONTEXT, type JsonObject, OB_CONTEXTS } from '@tessera/schema'
import { asArray } from './values.js'

export function checkContext(credential: JsonObject): Outcome {
  const context = asArray(credential['@context'])
  if (context[0] !== CREDENTIALS_V2_CONTEXT && context[0] !== CREDENTIALS_V1_CONTEXT) {
    return failed('CONTEXT_INVALID', 'the first @context entry is not the W3C credentials context')
  }
  if (!context.some((c) => (OB_CONTEXTS as readonly unknown[]).includes(c))) {
    return failed('CONTEXT_INVALID', 'the Open Badges 3.0 context is missing from @context')
  }
  return passed(
    context[0] === CREDENTIALS_V2_CONTEXT
      ? 'VC Data Model 2.0, Open Badges 3.0'
      : 'VC Data Model 1.1, Open Badges 3.0',
  )
}
