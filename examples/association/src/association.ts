/** The example association: its profile, its achievements, and a few members. */
import type { AchievementInput, IssuerInput } from '@tessera/schema'

export const association: IssuerInput = {
  // A did:key until the issuer package creates the association's own DID.
  id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  name: 'Guild of Independent Bookbinders',
  url: 'https://bookbinders.example',
  email: 'office@bookbinders.example',
}

export const term = { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' }

export const certifiedPractitioner: AchievementInput = {
  id: 'https://bookbinders.example/achievements/certified-practitioner',
  name: 'Certified Practitioner',
  description: 'Masters sewing, forwarding and finishing of hand-bound books.',
  criteria:
    'Passed the practical examination (a full leather binding) and the written examination of the Guild.',
  alignment: [
    {
      targetName: 'Bookbinder (ESCO occupation)',
      targetUrl: 'http://data.europa.eu/esco/occupation/6a4fa7d5-3d61-43f0-8a2d-0c1a0f0e8c1e',
      targetFramework: 'ESCO',
    },
  ],
}

export interface Member {
  memberId: string
  name: string
  email: string
  did?: string
  certified?: boolean
  conference2026?: boolean
}

export const members: Member[] = [
  {
    memberId: 'M-0001',
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    certified: true,
    conference2026: true,
  },
  { memberId: 'M-0002', name: 'Grace Hopper', email: 'grace@example.org', did: 'did:example:grace' },
  { memberId: 'M-0003', name: 'Tim Berners-Lee', email: 'tim@example.org', conference2026: true },
]
