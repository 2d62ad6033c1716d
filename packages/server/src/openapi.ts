/**
 * The admin API's OpenAPI 3.1 document, as data: served at `<base>/admin/openapi.json` for a member-
 * management system's developers (and their code generators), and held to the routes admin-app.ts
 * registers by a test (every route documented, nothing documented that is not a route, every example valid
 * against its schema).
 */
import type { JsonObject } from '@tessera/schema'
import { ADMIN_SCOPES } from './admin-tokens.js'
import { WEBHOOK_EVENT_TYPES } from './events.js'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const EXAMPLE_ID = 'urn:uuid:5b0d9a48-2f55-4d1c-9a59-3c1b6c0e6a11'
const COPY_ID = 'urn:uuid:0f6a5a8e-9a54-4b7e-8e27-1a1e2b3c4d5e'

const error = (code: string, description: string) => ({
  description,
  content: {
    'application/json': {
      schema: ref('Error'),
      example: { error: code, error_description: description },
    },
  },
})

/** The refusals every authorised route can give. */
const REFUSALS = {
  '400': error('invalid_request', 'the body is not acceptable JSON'),
  '401': error('invalid_token', 'this admin token was revoked'),
  '403': error('insufficient_scope', 'this admin token does not have the scope ledger:read'),
  '413': error('invalid_request', 'the body is larger than the 65536 bytes accepted'),
  '500': error('server_error', 'the service failed on this request; the failure is logged'),
}

const ok = (description: string, schema: JsonObject, example: unknown, status = '200') => ({
  [status]: { description, content: { 'application/json': { schema, example } } },
})

const jsonBody = (schema: JsonObject, example: unknown) => ({
  required: true,
  content: { 'application/json': { schema, example } },
})

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: "The credential's id, URL-encoded",
  schema: { type: 'string', minLength: 1, maxLength: 300 },
}

const LEDGER_ROW_EXAMPLE = {
  credentialId: EXAMPLE_ID,
  recipient: 'M-1042',
  achievementId: 'https://guild.example/achievements/membership',
  validFrom: '2027-01-01T00:00:00Z',
  validUntil: '2027-12-31T23:59:59Z',
  state: 'active',
  format: 'data-integrity',
  issuedAt: '2027-01-01T09:00:00.000Z',
}

const PROGRESS_EXAMPLE = {
  memberId: 'M-1042',
  pathways: [
    {
      pathway: 'practitioner',
      name: 'Practitioner pathway',
      completion: { key: 'certified-practitioner', name: 'Certified Practitioner' },
      done: 2,
      total: 3,
      complete: false,
      next: { key: 'workshop-ethics', name: 'Ethics workshop' },
      steps: [
        { achievement: 'workshop-basics', name: 'Basics workshop', optional: false, done: true },
        { achievement: 'first-aid', name: 'First aider', optional: false, done: true },
        { achievement: 'workshop-ethics', name: 'Ethics workshop', optional: false, done: false },
      ],
      summary: '2 of 3 steps toward Certified Practitioner; next: Ethics workshop',
    },
  ],
  milestones: [
    {
      achievement: 'three-volunteering',
      name: 'Stalwart Volunteer',
      have: 1,
      need: 3,
      complete: false,
      summary: '1 of 3 toward Stalwart Volunteer',
    },
  ],
}
/** The optional body of a change: staff's reason (recorded privately, told to the member) and quiet. */
const changeBody = (reason: string) => ({
  required: false,
  content: { 'application/json': { schema: ref('Change'), example: { reason, quiet: false } } },
})

const lifecycle = (action: string, done: string) => ({
  post: {
    operationId: `${action}Credential`,
    summary: `${action[0]?.toUpperCase()}${action.slice(1)} a credential and its wallet copies`,
    security: [{ adminToken: ['credentials:revoke'] }],
    parameters: [idParameter],
    requestBody: changeBody(action === 'revoke' ? 'expelled' : 'dues unpaid'),
    responses: {
      ...ok(`${done}: the ids changed, the credential's first, then its wallet copies'`, ref('Lifecycle'), {
        credentialId: EXAMPLE_ID,
        changed: [EXAMPLE_ID, COPY_ID],
        notice: 'sent',
      }),
      '404': error('not_found', `${EXAMPLE_ID} was not issued by this issuer`),
      '409': error('conflict', `${EXAMPLE_ID} is revoked, and revocation is final`),
      ...REFUSALS,
    },
  },
})

/** The document, with the service's admin URL as its server. */
export function openApiDocument(issuerUrl: string): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tessera admin API',
      version: '1.0.0',
      description:
        "Issue, revoke, suspend, reinstate and renew an association's Open Badges 3.0 credentials (revoke, suspend and reinstate reach the wallet copies made from a credential), make wallet offers, read the ledger, and manage webhooks. Every operation needs an admin token with its scope (`tessera token create --scope ...`), sent as `Authorization: Bearer tsa_...`.",
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: `${issuerUrl}/admin` }],
    security: [],
    paths: {
      '/openapi.json': {
        get: {
          operationId: 'openApiDocument',
          summary: 'This document (no token needed)',
          responses: {
            '200': {
              description: 'The OpenAPI 3.1 document',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
      '/credentials': {
        post: {
          operationId: 'issueCredential',
          summary: 'Issue a credential (validated, given status entries, signed, recorded in the ledger)',
          security: [{ adminToken: ['credentials:issue'] }],
          requestBody: jsonBody(ref('IssueRequest'), {
            credential: {
              '@context': [
                'https://www.w3.org/ns/credentials/v2',
                'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
              ],
              type: ['VerifiableCredential', 'OpenBadgeCredential'],
              name: 'Guild membership 2027',
              credentialSubject: {
                type: ['AchievementSubject'],
                achievement: { id: 'https://guild.example/achievements/membership' },
              },
            },
            member: 'M-1042',
            key: 'M-1042 membership 2027',
            suspension: true,
          }),
          responses: {
            ...ok(
              'Issued',
              ref('Issued'),
              { credentialId: EXAMPLE_ID, existing: false, credential: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' },
              '201',
            ),
            ...ok('Issued before under that key: the first credential', ref('Issued'), {
              credentialId: EXAMPLE_ID,
              existing: true,
              credential: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
            }),
            ...REFUSALS,
          },
        },
        get: {
          operationId: 'readLedger',
          summary: 'The ledger, in issuing order, a page at a time',
          security: [{ adminToken: ['ledger:read'] }],
          parameters: [
            { name: 'member', in: 'query', schema: { type: 'string', maxLength: 200 } },
            { name: 'state', in: 'query', schema: ref('LedgerState') },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            },
            {
              name: 'after',
              in: 'query',
              description: 'The `next` of the previous page',
              schema: { type: 'string', maxLength: 300 },
            },
          ],
          responses: {
            ...ok('A page of the ledger', ref('LedgerPage'), {
              credentials: [LEDGER_ROW_EXAMPLE],
              next: EXAMPLE_ID,
            }),
            ...REFUSALS,
          },
        },
      },
      '/credentials/{id}': {
        get: {
          operationId: 'readCredential',
          summary: "A credential's ledger row, with its wallet copies",
          security: [{ adminToken: ['ledger:read'] }],
          parameters: [idParameter],
          responses: {
            ...ok('The row', ref('LedgerRowWithCopies'), {
              ...LEDGER_ROW_EXAMPLE,
              copies: [{ credentialId: COPY_ID, state: 'active', issuedAt: '2027-01-02T10:00:00.000Z' }],
            }),
            '404': error('not_found', 'no credential of that id in the ledger'),
            ...REFUSALS,
          },
        },
      },
      '/members/{id}/progress': {
        get: {
          operationId: 'readMemberProgress',
          summary: "A member's progress on the award rules' pathways and milestones",
          security: [{ adminToken: ['ledger:read'] }],
          parameters: [{ ...idParameter, description: "The member's id, as the ledger names recipients" }],
          responses: {
            ...ok('The progress', ref('Progress'), PROGRESS_EXAMPLE),
            '404': error('not_found', 'this service has no award rules (tessera serve --rules FILE)'),
            ...REFUSALS,
          },
        },
      },
      '/credentials/{id}/revoke': lifecycle('revoke', 'Revoked'),
      '/credentials/{id}/suspend': lifecycle('suspend', 'Suspended'),
      '/credentials/{id}/reinstate': lifecycle('reinstate', 'Reinstated'),
      '/credentials/{id}/renew': {
        post: {
          operationId: 'renewCredential',
          summary: "Issue a credential's next term (renewing twice gives the same renewal)",
          security: [{ adminToken: ['credentials:issue'] }],
          parameters: [idParameter],
          requestBody: changeBody('paid at the annual meeting'),
          responses: {
            ...ok(
              'Renewed',
              ref('Issued'),
              { credentialId: COPY_ID, existing: false, credential: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' },
              '201',
            ),
            ...ok('Renewed before: that renewal', ref('Issued'), {
              credentialId: COPY_ID,
              existing: true,
              credential: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
            }),
            '404': error('not_found', `${EXAMPLE_ID} was not issued by this issuer`),
            '409': error('conflict', `${EXAMPLE_ID} is revoked: it is not renewed`),
            ...REFUSALS,
          },
        },
      },
      '/members/{member}/reminders': {
        put: {
          operationId: 'setMemberReminders',
          summary:
            'A member wants reminders before their membership ends, or not (notices of changes to their credentials go all the same)',
          security: [{ adminToken: ['credentials:issue'] }],
          parameters: [
            {
              name: 'member',
              in: 'path',
              required: true,
              description: 'The member id, as the ledger names the recipient',
              schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
            },
          ],
          requestBody: jsonBody(ref('RemindersChoice'), { reminders: false }),
          responses: {
            ...ok('Recorded', ref('MemberReminders'), { member: 'M-1042', reminders: false }),
            ...REFUSALS,
          },
        },
      },
      '/offers': {
        post: {
          operationId: 'createOffer',
          summary: "A one-time wallet offer for a member's standing credentials",
          security: [{ adminToken: ['offers:create'] }],
          requestBody: jsonBody(ref('OfferRequest'), {
            member: 'M-1042',
            txCode: true,
            byReference: true,
            lifetimeDays: 14,
          }),
          responses: {
            ...ok(
              'The offer: send the link (or its QR code) to the member, the transaction code another way',
              ref('Offer'),
              {
                offerId: '9d0c7a56-4c1e-4f39-bd0b-8b5b1c2a3d4e',
                link: 'openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fguild.example%2Fwallet%2Fcredential-offer%2Fabc',
                offerUri: 'https://guild.example/wallet/credential-offer/abc',
                txCode: '493817',
                expiresAt: '2027-01-15T09:00:00.000Z',
                credentials: [
                  {
                    credentialId: EXAMPLE_ID,
                    achievementId: 'https://guild.example/achievements/membership',
                    configurationId: 'membership_ldp_vc',
                    name: 'Guild membership 2027',
                  },
                ],
                qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
              },
              '201',
            ),
            '409': error('conflict', 'member M-1042 holds no active, unexpired credential to offer'),
            ...REFUSALS,
          },
        },
      },
      '/webhooks': {
        post: {
          operationId: 'addWebhook',
          summary: 'Add a webhook (its signing secret is shown this once)',
          security: [{ adminToken: ['webhooks:manage'] }],
          requestBody: jsonBody(ref('WebhookRequest'), {
            url: 'https://members.guild.example/hooks/tessera',
            events: ['credential.issued', 'credential.revoked', 'credential.accepted'],
            description: 'members system',
          }),
          responses: {
            ...ok(
              'Added',
              ref('Webhook'),
              {
                id: 'wh_3q2-7wNz5XbA',
                url: 'https://members.guild.example/hooks/tessera',
                events: ['credential.issued', 'credential.revoked', 'credential.accepted'],
                description: 'members system',
                createdAt: '2027-01-01T09:00:00.000Z',
                secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
              },
              '201',
            ),
            ...REFUSALS,
          },
        },
        get: {
          operationId: 'listWebhooks',
          summary: 'The webhooks (without their secrets)',
          security: [{ adminToken: ['webhooks:manage'] }],
          responses: {
            ...ok(
              'The webhooks',
              {
                type: 'object',
                required: ['webhooks'],
                properties: { webhooks: { type: 'array', items: ref('Webhook') } },
              },
              {
                webhooks: [
                  {
                    id: 'wh_3q2-7wNz5XbA',
                    url: 'https://members.guild.example/hooks/tessera',
                    events: ['credential.issued'],
                    createdAt: '2027-01-01T09:00:00.000Z',
                  },
                ],
              },
            ),
            ...REFUSALS,
          },
        },
      },
      '/webhooks/{id}': {
        delete: {
          operationId: 'removeWebhook',
          summary: 'Remove a webhook and its undelivered deliveries',
          security: [{ adminToken: ['webhooks:manage'] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '204': { description: 'Removed' },
            '404': error('not_found', 'no webhook of that id'),
            ...REFUSALS,
          },
        },
      },
      '/webhooks/{id}/deliveries': {
        get: {
          operationId: 'webhookDeliveries',
          summary: "A webhook's last 100 deliveries, newest first",
          security: [{ adminToken: ['webhooks:manage'] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            ...ok(
              'The deliveries',
              {
                type: 'object',
                required: ['deliveries'],
                properties: { deliveries: { type: 'array', items: ref('Delivery') } },
              },
              {
                deliveries: [
                  {
                    eventId: 'evt_Qm9vYmFyYmF6cXV4',
                    type: 'credential.issued',
                    state: 'pending',
                    attempts: 2,
                    nextAt: '2027-01-01T09:00:20.000Z',
                    lastStatus: 503,
                    lastError: 'HTTP 503',
                  },
                ],
              },
            ),
            '404': error('not_found', 'no webhook of that id'),
            ...REFUSALS,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: `An admin token (tsa_...). Scopes: ${Object.entries(ADMIN_SCOPES)
            .map(([s, what]) => `${s} (${what})`)
            .join('; ')}.`,
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'error_description'],
          properties: {
            error: {
              type: 'string',
              enum: [
                'invalid_request',
                'invalid_token',
                'insufficient_scope',
                'not_found',
                'conflict',
                'server_error',
              ],
            },
            error_description: { type: 'string' },
            scope: { type: 'string' },
          },
        },
        LedgerState: { type: 'string', enum: ['pending', 'active', 'suspended', 'revoked'] },
        Progress: {
          type: 'object',
          required: ['memberId', 'pathways', 'milestones'],
          properties: {
            memberId: { type: 'string' },
            pathways: {
              type: 'array',
              items: {
                type: 'object',
                required: ['pathway', 'name', 'completion', 'done', 'total', 'complete', 'steps', 'summary'],
                properties: {
                  pathway: { type: 'string' },
                  name: { type: 'string' },
                  completion: {
                    type: 'object',
                    required: ['key', 'name'],
                    properties: { key: { type: 'string' }, name: { type: 'string' } },
                  },
                  done: { type: 'integer' },
                  total: { type: 'integer' },
                  complete: { type: 'boolean' },
                  next: {
                    type: 'object',
                    required: ['key', 'name'],
                    properties: { key: { type: 'string' }, name: { type: 'string' } },
                  },
                  steps: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['achievement', 'name', 'optional', 'done'],
                      properties: {
                        achievement: { type: 'string' },
                        name: { type: 'string' },
                        optional: { type: 'boolean' },
                        done: { type: 'boolean' },
                      },
                    },
                  },
                  summary: {
                    type: 'string',
                    description: '"2 of 3 steps toward Certified Practitioner; next: Ethics workshop"',
                  },
                },
              },
            },
            milestones: {
              type: 'array',
              items: {
                type: 'object',
                required: ['achievement', 'name', 'have', 'need', 'complete', 'summary'],
                properties: {
                  achievement: { type: 'string' },
                  name: { type: 'string' },
                  have: { type: 'integer' },
                  need: { type: 'integer' },
                  complete: { type: 'boolean' },
                  summary: { type: 'string' },
                },
              },
            },
          },
        },
        LedgerRow: {
          type: 'object',
          required: [
            'credentialId',
            'recipient',
            'achievementId',
            'validFrom',
            'state',
            'format',
            'issuedAt',
          ],
          properties: {
            credentialId: { type: 'string' },
            key: { type: 'string' },
            recipient: { type: 'string' },
            achievementId: { type: 'string' },
            validFrom: { type: 'string' },
            validUntil: { type: 'string' },
            state: ref('LedgerState'),
            format: { type: 'string', enum: ['jwt', 'data-integrity'] },
            credential: { type: 'string', description: 'The signed credential: JSON text or a compact JWT' },
            issuedAt: { type: 'string' },
            copyOf: { type: 'string', description: 'For a wallet copy: the credential it copies' },
          },
        },
        LedgerRowWithCopies: {
          allOf: [
            ref('LedgerRow'),
            {
              type: 'object',
              required: ['copies'],
              properties: {
                copies: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['credentialId', 'state'],
                    properties: {
                      credentialId: { type: 'string' },
                      state: ref('LedgerState'),
                      issuedAt: { type: 'string' },
                    },
                  },
                },
              },
            },
          ],
        },
        LedgerPage: {
          type: 'object',
          required: ['credentials'],
          properties: { credentials: { type: 'array', items: ref('LedgerRow') }, next: { type: 'string' } },
        },
        IssueRequest: {
          type: 'object',
          required: ['credential'],
          additionalProperties: false,
          properties: {
            credential: { type: 'object', description: 'The unsigned Open Badges 3.0 credential' },
            member: { type: 'string', maxLength: 200, description: 'How the ledger names the recipient' },
            format: { type: 'string', enum: ['jwt', 'data-integrity'] },
            key: {
              type: 'string',
              maxLength: 200,
              description: 'A stable key: issuing again under it returns the first credential',
            },
            suspension: { type: 'boolean', description: 'Give the credential a suspension entry too' },
          },
        },
        Issued: {
          type: 'object',
          required: ['credentialId', 'existing', 'credential'],
          properties: {
            credentialId: { type: 'string' },
            existing: { type: 'boolean' },
            credential: { oneOf: [{ type: 'string' }, { type: 'object' }] },
            notice: ref('NoticeOutcome'),
          },
        },
        Lifecycle: {
          type: 'object',
          required: ['credentialId', 'changed'],
          properties: {
            credentialId: { type: 'string' },
            changed: { type: 'array', items: { type: 'string' } },
            notice: ref('NoticeOutcome'),
          },
        },
        NoticeOutcome: {
          description:
            "What became of the member's notice: sent, failed, quiet (asked for none), no email (none recorded), no sender (the service mails nobody)",
          type: 'string',
          enum: ['sent', 'failed', 'quiet', 'no email', 'no sender'],
        },
        Change: {
          type: 'object',
          additionalProperties: false,
          properties: {
            reason: {
              description:
                "Why: recorded in the ledger's private notes (never in a status list) and told to the member",
              type: 'string',
              minLength: 1,
              maxLength: 500,
            },
            quiet: { description: 'Record only: no notice (a staff correction)', type: 'boolean' },
          },
        },
        RemindersChoice: {
          type: 'object',
          required: ['reminders'],
          additionalProperties: false,
          properties: { reminders: { type: 'boolean' } },
        },
        MemberReminders: {
          type: 'object',
          required: ['member', 'reminders'],
          properties: { member: { type: 'string' }, reminders: { type: 'boolean' } },
        },
        OfferRequest: {
          type: 'object',
          required: ['member'],
          additionalProperties: false,
          properties: {
            member: { type: 'string', maxLength: 200 },
            achievement: { type: 'string', maxLength: 500 },
            formats: { type: 'array', items: { type: 'string', enum: ['ldp_vc', 'jwt_vc_json'] } },
            txCode: { type: 'boolean' },
            byReference: { type: 'boolean' },
            lifetimeDays: { type: 'integer', minimum: 1, maximum: 366 },
          },
        },
        Offer: {
          type: 'object',
          required: ['offerId', 'link', 'expiresAt', 'credentials', 'qrSvg'],
          properties: {
            offerId: { type: 'string' },
            link: { type: 'string' },
            offerUri: { type: 'string' },
            txCode: { type: 'string' },
            expiresAt: { type: 'string', format: 'date-time' },
            credentials: {
              type: 'array',
              items: {
                type: 'object',
                required: ['credentialId', 'achievementId', 'configurationId', 'name'],
                properties: {
                  credentialId: { type: 'string' },
                  achievementId: { type: 'string' },
                  configurationId: { type: 'string' },
                  name: { type: 'string' },
                },
              },
            },
            qrSvg: { type: 'string' },
          },
        },
        WebhookEventType: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] },
        WebhookRequest: {
          type: 'object',
          required: ['url', 'events'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', description: 'https (http only on loopback)' },
            events: { type: 'array', minItems: 1, items: ref('WebhookEventType') },
            description: { type: 'string', maxLength: 300 },
          },
        },
        Webhook: {
          type: 'object',
          required: ['id', 'url', 'events', 'createdAt'],
          properties: {
            id: { type: 'string' },
            url: { type: 'string' },
            events: { type: 'array', items: ref('WebhookEventType') },
            description: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            secret: {
              type: 'string',
              description: 'The Standard Webhooks signing secret (whsec_...), only when the webhook is added',
            },
          },
        },
        Delivery: {
          type: 'object',
          required: ['eventId', 'type', 'state', 'attempts', 'nextAt'],
          properties: {
            eventId: { type: 'string' },
            type: ref('WebhookEventType'),
            state: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
            attempts: { type: 'integer' },
            nextAt: { type: 'string', format: 'date-time' },
            lastStatus: { type: 'integer' },
            lastError: { type: 'string' },
            deliveredAt: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  } as unknown as JsonObject
}
