// The admin API's OpenAPI document: valid OpenAPI 3.1 (@readme/openapi-parser, which validates 3.1 against
// the OpenAPI Initiative's schema), served by the service, naming exactly the admin routes the app
// registers (method and path, both ways), and every request and response example valid against its schema
// (Ajv, JSON Schema 2020-12, the dialect of OpenAPI 3.1).
import { validate } from '@readme/openapi-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { MemoryServerStore, openApiDocument, WalletService } from '../src/index.js'
import { type Guild, startGuild } from './guild.js'

let guild: Guild

test.before(async () => {
  guild = await startGuild()
})
test.after(async () => {
  await guild?.close()
})

type Doc = {
  paths: Record<string, Record<string, Operation>>
  components: Record<string, unknown>
}
type Media = { schema: Record<string, unknown>; example?: unknown }
type Operation = {
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { content?: Record<string, Media> }>
}

test('the document is valid OpenAPI 3.1', async () => {
  const document = openApiDocument('https://guild.example/wallet')
  const result = await validate(structuredClone(document) as never)
  assert.ok(result.valid, JSON.stringify(result, null, 1).slice(0, 3000))
  assert.is(document.openapi, '3.1.0')
})

test('the service serves it, without a token', async () => {
  const response = await fetch(`${guild.base}/admin/openapi.json`)
  assert.is(response.status, 200)
  const served = (await response.json()) as { servers: { url: string }[] }
  assert.is(served.servers[0]?.url, `${guild.base}/admin`)
})

test('every admin route the app registers is documented, and every documented operation is a route', async () => {
  const service = await WalletService.create({
    issuer: guild.opened.issuer.issuer,
    issuerStore: guild.opened.issuer.store,
    signerAlg: 'EdDSA',
    credentialIssuer: 'https://guild.example/wallet',
    store: new MemoryServerStore(),
  })
  const prefix = '/wallet/admin'
  const registered = new Set(
    service.app.routes
      .filter((r) => r.path.startsWith(prefix) && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.slice(prefix.length).replace(/:(\w+)/g, '{$1}')}`),
  )
  const document = openApiDocument('https://guild.example/wallet') as unknown as Doc
  const documented = new Set(
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    ),
  )
  assert.ok(registered.size >= 13, [...registered].join(', '))
  assert.equal([...registered].sort(), [...documented].sort())
})

test('every example is valid against its schema', () => {
  const document = openApiDocument('https://guild.example/wallet') as unknown as Doc
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })
  let checked = 0
  const check = (where: string, media: Media | undefined) => {
    if (media?.example === undefined) return
    const validator = ajv.compile({ ...media.schema, components: document.components })
    assert.ok(validator(media.example), `${where}: ${ajv.errorsText(validator.errors)}`)
    checked++
  }
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(item)) {
      check(`${method} ${path} request`, operation.requestBody?.content['application/json'])
      for (const [status, response] of Object.entries(operation.responses))
        check(`${method} ${path} ${status}`, response.content?.['application/json'])
    }
  assert.ok(checked > 40, `${checked} examples`)
})

test.run()
