// Narrowing a caught error by its code, without casts: Tessera's errors, Node's and a driver's alike.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { errorCodeOf, hasErrorCode, isSchemaError, parseJson, TesseraError } from '../src/index.js'

function caught(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('nothing was thrown')
}

test('errorCodeOf reads a string code of any thrown value, and nothing else', () => {
  assert.is(errorCodeOf(new TesseraError('MALFORMED_JSON', 'x')), 'MALFORMED_JSON')
  assert.is(errorCodeOf(Object.assign(new Error('exists'), { code: 'EEXIST' })), 'EEXIST')
  assert.is(errorCodeOf({ code: '23505' }), '23505')
  for (const value of [new Error('plain'), { code: 42 }, null, undefined, 'EEXIST', 7]) {
    assert.is(errorCodeOf(value), undefined)
  }
})

test('hasErrorCode narrows an Error with one of the codes asked for', () => {
  const node = Object.assign(new Error('exists'), { code: 'EEXIST' })
  assert.ok(hasErrorCode(node, 'EEXIST', 'ENOENT'))
  assert.not.ok(hasErrorCode(node, 'ENOENT'))
  // not an Error: a plain object with a code is not narrowed
  assert.not.ok(hasErrorCode({ code: 'EEXIST' }, 'EEXIST'))
  const error: unknown = caught(() => parseJson('{'))
  if (hasErrorCode(error, 'MALFORMED_JSON')) assert.is(error.code, 'MALFORMED_JSON')
  else assert.unreachable('not narrowed')
})

test('isSchemaError narrows to a TesseraError of the schema codes asked for', () => {
  const error = caught(() => parseJson('[]'.repeat(1) + '['.repeat(100)))
  assert.ok(isSchemaError(error, 'JSON_TOO_DEEP', 'MALFORMED_JSON'))
  assert.not.ok(isSchemaError(error, 'UNSAFE_KEY'))
  assert.not.ok(isSchemaError(Object.assign(new Error('x'), { code: 'JSON_TOO_DEEP' }), 'JSON_TOO_DEEP'))
})

test.run()
