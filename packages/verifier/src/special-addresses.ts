/**
 * Which IP addresses a verifier never fetches from: every block of IANA's IPv4 and IPv6 Special-Purpose
 * Address Registries (RFC 6890, RFC 8190), plus multicast and the deprecated IPv6 site-local block from
 * the address space registries, and every IPv6 address outside global unicast (2000::/3). An IPv4
 * address carried in an IPv4-mapped or NAT64 (64:ff9b::/96) address is judged as that IPv4 address:
 * DNS64 networks give every IPv4-only host such an address. Kept as a table, one row per registry
 * entry, so that it can be read against the registries.
 *
 * Registry rows as IANA lists them in 2025: the IPv4 registry as last changed by RFC 8880
 * (192.0.0.170-171), the IPv6 registry as last changed by RFC 9780 (100:0:0:1::/64).
 */

export interface SpecialBlock {
  /** The block, as the registry writes it: `127.0.0.0/8`. */
  range: string
  /** The registry's name for it, and the RFC that set it aside. */
  name: string
  /** 127.0.0.0/8 or ::1: what `allowLoopback` lets through. */
  loopback: boolean
}

// IANA IPv4 Special-Purpose Address Registry, every row; then multicast (IANA IPv4 Address Space).
const IPV4_ROWS: readonly (readonly [string, string])[] = [
  ['0.0.0.0/8', '"this network" (RFC 791)'],
  ['0.0.0.0/32', '"this host on this network" (RFC 1122)'],
  ['10.0.0.0/8', 'private use (RFC 1918)'],
  ['100.64.0.0/10', 'shared address space, carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback (RFC 1122)'],
  ['169.254.0.0/16', 'link local, cloud metadata (RFC 3927)'],
  ['172.16.0.0/12', 'private use (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments (RFC 6890)'],
  ['192.0.0.0/29', 'IPv4 service continuity prefix (RFC 7335)'],
  ['192.0.0.8/32', 'IPv4 dummy address (RFC 7600)'],
  ['192.0.0.9/32', 'Port Control Protocol anycast (RFC 7723)'],
  ['192.0.0.10/32', 'TURN anycast (RFC 8155)'],
  ['192.0.0.170/32', 'NAT64/DNS64 discovery (RFC 8880)'],
  ['192.0.0.171/32', 'NAT64/DNS64 discovery (RFC 8880)'],
  ['192.0.2.0/24', 'documentation, TEST-NET-1 (RFC 5737)'],
  ['192.31.196.0/24', 'AS112-v4 (RFC 7535)'],
  ['192.52.193.0/24', 'AMT (RFC 7450)'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast (RFC 7526)'],
  ['192.88.99.2/32', '6a44 relay anycast (RFC 6751)'],
  ['192.168.0.0/16', 'private use (RFC 1918)'],
  ['192.175.48.0/24', 'direct delegation AS112 service (RFC 7534)'],
  ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'documentation, TEST-NET-2 (RFC 5737)'],
  ['203.0.113.0/24', 'documentation, TEST-NET-3 (RFC 5737)'],
  ['240.0.0.0/4', 'reserved (RFC 1112)'],
  ['255.255.255.255/32', 'limited broadcast (RFC 8190)'],
  ['224.0.0.0/4', 'multicast (RFC 5771)'],
]

// IANA IPv6 Special-Purpose Address Registry, every row; then, from the IPv6 Address Space registry and
// RFC 4291, the IPv4-compatible, site-local and multicast blocks.
const IPV6_ROWS: readonly (readonly [string, string])[] = [
  ['::1/128', 'loopback (RFC 4291)'],
  ['::/128', 'unspecified (RFC 4291)'],
  ['::ffff:0:0/96', 'IPv4-mapped (RFC 4291)'],
  ['64:ff9b::/96', 'IPv4-IPv6 translation, NAT64 (RFC 6052)'],
  ['64:ff9b:1::/48', 'local-use IPv4-IPv6 translation (RFC 8215)'],
  ['100::/64', 'discard-only (RFC 6666)'],
  ['100:0:0:1::/64', 'dummy IPv6 prefix (RFC 9780)'],
  ['2001::/23', 'IETF protocol assignments (RFC 2928)'],
  ['2001::/32', 'Teredo (RFC 4380)'],
  ['2001:1::1/128', 'Port Control Protocol anycast (RFC 7723)'],
  ['2001:1::2/128', 'TURN anycast (RFC 8155)'],
  ['2001:1::3/128', 'DNS-SD service registration protocol anycast (RFC 9665)'],
  ['2001:2::/48', 'benchmarking (RFC 5180)'],
  ['2001:3::/32', 'AMT (RFC 7450)'],
  ['2001:4:112::/48', 'AS112-v6 (RFC 7535)'],
  ['2001:10::/28', 'deprecated ORCHID (RFC 4843)'],
  ['2001:20::/28', 'ORCHIDv2 (RFC 7343)'],
  ['2001:30::/28', 'drone remote ID entity tags (RFC 9374)'],
  ['2001:db8::/32', 'documentation (RFC 3849)'],
  ['2002::/16', '6to4 (RFC 3056)'],
  ['2620:4f:8000::/48', 'direct delegation AS112 service (RFC 7534)'],
  ['3fff::/20', 'documentation (RFC 9637)'],
  ['5f00::/16', 'segment routing SIDs (RFC 9602)'],
  ['fc00::/7', 'unique local (RFC 4193)'],
  ['fe80::/10', 'link-local unicast (RFC 4291)'],
  ['::/96', 'deprecated IPv4-compatible (RFC 4291)'],
  ['fec0::/10', 'deprecated site-local (RFC 3879)'],
  ['ff00::/8', 'multicast (RFC 4291)'],
]

/** A dotted-decimal IPv4 address (four parts, 0-255, no leading zero) as a 32-bit number. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined
    value = value * 256 + Number(part)
  }
  return value
}

/** An IPv6 address in any RFC 4291 text form (`::` once, a dotted IPv4 tail, a `%zone` ignored) as a 128-bit number. */
export function parseIpv6(text: string): bigint | undefined {
  let body = text.toLowerCase()
  const zone = body.indexOf('%')
  if (zone >= 0) body = body.slice(0, zone)
  const lastColon = body.lastIndexOf(':')
  if (lastColon < 0) return undefined
  if (body.includes('.', lastColon)) {
    const v4 = parseIpv4(body.slice(lastColon + 1))
    if (v4 === undefined) return undefined
    body = `${body.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`
  }
  const halves = body.split('::')
  if (halves.length > 2) return undefined
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'))
  const head = groupsOf(halves[0] as string)
  const tail = halves.length === 2 ? groupsOf(halves[1] as string) : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  let value = 0n
  for (const group of [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined
    value = (value << 16n) | BigInt(Number.parseInt(group, 16))
  }
  return value
}

interface Row<T> {
  base: T
  bits: number
  block: SpecialBlock
}

function rows<T>(
  table: typeof IPV4_ROWS,
  parse: (text: string) => T | undefined,
  loopback: string,
): Row<T>[] {
  return table.map(([range, name]) => {
    const [address = '', bits = ''] = range.split('/')
    const base = parse(address)
    if (base === undefined) throw new Error(`special-addresses: ${range} is not a range`)
    return { base, bits: Number(bits), block: { range, name, loopback: range === loopback } }
  })
}

// Read from the tables with the first address checked, not at import (about 2 ms of a cold start).
let ipv4Rows: Row<number>[] | undefined
let ipv6Rows: Row<bigint>[] | undefined

/** The most specific row whose block holds `value`. */
function mostSpecific<T>(table: Row<T>[], inBlock: (row: Row<T>) => boolean): SpecialBlock | undefined {
  let found: Row<T> | undefined
  for (const row of table) if ((found === undefined || row.bits > found.bits) && inBlock(row)) found = row
  return found?.block
}

function ipv4Block(value: number): SpecialBlock | undefined {
  ipv4Rows ??= rows(IPV4_ROWS, parseIpv4, '127.0.0.0/8')
  return mostSpecific(ipv4Rows, (row) => row.bits === 0 || (value ^ row.base) >>> (32 - row.bits) === 0)
}

/** The first 96 bits of IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) addresses; the first 3 of global unicast (2000::/3). */
const MAPPED_96 = 0xffffn
const NAT64_96 = 0x64ff9b0000000000000000n
const GLOBAL_UNICAST_3 = 1n

function ipv6Block(value: bigint): SpecialBlock | undefined {
  const high96 = value >> 32n
  if (high96 === MAPPED_96 || high96 === NAT64_96) {
    // an IPv4 address in IPv6 dress: judged as the IPv4 address it carries
    const v4 = Number(value & 0xffffffffn)
    const inner = ipv4Block(v4)
    if (inner === undefined) return undefined
    const form = high96 === MAPPED_96 ? 'IPv4-mapped' : 'NAT64'
    return { ...inner, name: `${inner.name}, in ${form} form` }
  }
  ipv6Rows ??= rows(IPV6_ROWS, parseIpv6, '::1/128')
  const block = mostSpecific(ipv6Rows, (row) => (value ^ row.base) >> BigInt(128 - row.bits) === 0n)
  if (block !== undefined) return block
  if (value >> 125n !== GLOBAL_UNICAST_3) {
    return { range: '2000::/3', name: 'outside global unicast, 2000::/3 (RFC 4291)', loopback: false }
  }
  return undefined
}

/**
 * The special-purpose block an IP address (IPv4 dotted decimal, or IPv6 text without brackets) falls
 * in, or undefined for an ordinary global unicast address. Text that is no IP address is undefined too:
 * check with `isIpAddress` first.
 */
export function specialPurposeBlock(address: string): SpecialBlock | undefined {
  const v4 = parseIpv4(address)
  if (v4 !== undefined) return ipv4Block(v4)
  const v6 = parseIpv6(address)
  return v6 === undefined ? undefined : ipv6Block(v6)
}

/** Whether the text is an IPv4 or IPv6 address in the forms `specialPurposeBlock` reads. */
export function isIpAddress(address: string): boolean {
  return parseIpv4(address) !== undefined || parseIpv6(address) !== undefined
}
