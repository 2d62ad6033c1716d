/**
 * Whether two credentials are about one learner, from what their subjects say: shared by the `embedded`
 * check (a CLR's credentials and its learner) and the `evidence` check (a milestone and the credentials it
 * rests on). A subject is known by its `id` (a DID) and by its identities (IdentityObjects); a `name`
 * identity binds nothing. Hashed identities compare only when hashed alike (type, salt, hashing): two
 * hashes of one email with different salts cannot be told apart from two people.
 */
import { isJsonObject, type JsonObject, subjectsOf } from '@tessera/schema'
import { asArray } from './values.js'

/** The identities of a subject that can bind it, as comparable text: its id, and each identity but a name. */
export function identitiesOf(subject: JsonObject | undefined): Set<string> {
  const keys = new Set<string>()
  if (subject === undefined) return keys
  if (typeof subject.id === 'string') keys.add(`id ${subject.id}`)
  for (const identity of asArray(subject.identifier)) {
    if (!isJsonObject(identity) || identity.identityType === 'name') continue
    const { identityType, identityHash, hashed, salt } = identity
    if (typeof identityHash !== 'string') continue
    keys.add(JSON.stringify([identityType, identityHash, hashed === true, salt ?? null]))
  }
  return keys
}

/** Whether `credential`'s first subject shares one of the identities of `learner` (`identitiesOf`). */
export function boundTo(learner: Set<string>, credential: JsonObject | undefined): boolean {
  if (credential === undefined) return false
  for (const key of identitiesOf(subjectsOf(credential)[0])) if (learner.has(key)) return true
  return false
}

/** What an identity key can be compared with: `id`, or an identity's type, hashing and salt. */
function kindOf(key: string): string {
  if (key.startsWith('id ')) return 'id'
  const [type, , hashed, salt] = JSON.parse(key) as [unknown, unknown, unknown, unknown]
  return JSON.stringify([type, hashed, salt])
}

/**
 * Whether the first subjects of `a` and `b` are one learner: `same` when they share an identity,
 * `different` when they have identities of a comparable kind and share none, `unknown` otherwise (say,
 * one email hashed with two salts).
 */
export function sameLearner(a: JsonObject, b: JsonObject): 'same' | 'different' | 'unknown' {
  const mine = identitiesOf(subjectsOf(a)[0])
  const theirs = identitiesOf(subjectsOf(b)[0])
  for (const key of theirs) if (mine.has(key)) return 'same'
  const kinds = new Set([...mine].map(kindOf))
  for (const key of theirs) if (kinds.has(kindOf(key))) return 'different'
  return 'unknown'
}
