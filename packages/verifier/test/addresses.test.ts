// The address table (special-addresses.ts): its parsers read every text form of an address and nothing
// else, and each row of the table refuses both ends of its block while the addresses just outside stay
// allowed unless another row holds them.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { addressProblem, hostProblem } from '../src/fetch.js'
import { parseIpv4, parseIpv6, specialPurposeBlock } from '../src/special-addresses.js'

test('IPv4: four decimal parts of 0-255, nothing else', () => {
  assert.is(parseIpv4('0.0.0.0'), 0)
  assert.is(parseIpv4('255.255.255.255'), 0xffffffff)
  assert.is(parseIpv4('192.0.2.1'), 0xc0000201)
  for (const text of [
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.-4',
    '0x7f.0.0.1',
    '',
    '1..2.3',
    ' 1.2.3.4',
  ])
    assert.is(parseIpv4(text), undefined, text)
})

test('IPv6: every RFC 4291 text form, a zone ignored, nothing else', () => {
  assert.is(parseIpv6('::'), 0n)
  assert.is(parseIpv6('::1'), 1n)
  assert.is(parseIpv6('1::'), 1n << 112n)
  assert.is(parseIpv6('0:0:0:0:0:0:0:1'), 1n)
  assert.is(parseIpv6('::ffff:127.0.0.1'), 0xffff7f000001n)
  assert.is(parseIpv6('::FFFF:7F00:1'), 0xffff7f000001n)
  assert.is(parseIpv6('64:ff9b::169.254.169.254'), parseIpv6('64:ff9b::a9fe:a9fe'))
  assert.is(parseIpv6('fe80::1%eth0'), parseIpv6('fe80::1'))
  assert.is(parseIpv6('2001:db8:0:0:1:0:0:1'), parseIpv6('2001:db8::1:0:0:1'))
  for (const text of [
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    'g::1',
    '12345::',
    ':1::',
    '1.2.3.4',
    '::256.0.0.1',
    '::1.2.3',
    '',
  ])
    assert.is(parseIpv6(text), undefined, text)
})

/** The dotted form of a 32-bit number. */
const ipv4 = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join('.')
/** The full (uncompressed) form of a 128-bit number. */
const ipv6 = (n: bigint): string =>
  Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':')

test('every IPv4 row refuses both ends of its block', () => {
  for (const range of [
    '0.0.0.0/8',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.0.0.0/24',
    '192.0.2.0/24',
    '192.31.196.0/24',
    '192.52.193.0/24',
    '192.88.99.0/24',
    '192.168.0.0/16',
    '192.175.48.0/24',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/4',
    '240.0.0.0/4',
  ]) {
    const [base = '', bits = ''] = range.split('/')
    const first = parseIpv4(base) as number
    const last = first + 2 ** (32 - Number(bits)) - 1
    assert.ok(specialPurposeBlock(ipv4(first)), `${range}: ${ipv4(first)}`)
    assert.ok(specialPurposeBlock(ipv4(last)), `${range}: ${ipv4(last)}`)
  }
})

test('IPv4 neighbours of the blocks are ordinary addresses', () => {
  for (const address of [
    '1.0.0.0',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '191.255.255.255',
    '192.0.1.0',
    '192.0.3.0',
    '192.88.98.255',
    '192.88.100.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '8.8.8.8',
  ])
    assert.is(specialPurposeBlock(address), undefined, address)
})

test('every IPv6 row refuses both ends of its block; the rest of 2000::/3 is ordinary', () => {
  for (const range of [
    '::1/128',
    '::/128',
    '64:ff9b:1::/48',
    '100::/64',
    '100:0:0:1::/64',
    '2001::/23',
    '2001:db8::/32',
    '2002::/16',
    '2620:4f:8000::/48',
    '3fff::/20',
    '5f00::/16',
    'fc00::/7',
    'fe80::/10',
    'fec0::/10',
    'ff00::/8',
    '::/96',
  ]) {
    const [base = '', bits = ''] = range.split('/')
    const first = parseIpv6(base) as bigint
    const last = first + (1n << BigInt(128 - Number(bits))) - 1n
    assert.ok(specialPurposeBlock(ipv6(first)), `${range}: ${ipv6(first)}`)
    assert.ok(specialPurposeBlock(ipv6(last)), `${range}: ${ipv6(last)}`)
  }
  for (const address of [
    '2000::',
    '2001:200::',
    '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff',
    '2001:db9::',
    '2003::',
    '2620:4f:7fff:ffff:ffff:ffff:ffff:ffff',
    '2620:4f:8001::',
    '2606:4700:4700::1111',
    '3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  ])
    assert.is(specialPurposeBlock(address), undefined, address)
})

test('IPv4 in IPv6 dress: mapped and NAT64 judged as the IPv4 address; the other forms refused', () => {
  assert.match(specialPurposeBlock('::ffff:127.0.0.1')?.name ?? '', /loopback.*IPv4-mapped/)
  assert.ok(specialPurposeBlock('::ffff:127.0.0.1')?.loopback, 'still loopback')
  assert.match(specialPurposeBlock('64:ff9b::a9fe:a9fe')?.name ?? '', /link local.*NAT64/)
  assert.is(specialPurposeBlock('::ffff:8.8.8.8'), undefined)
  assert.is(specialPurposeBlock('64:ff9b::8.8.8.8'), undefined)
  assert.match(specialPurposeBlock('::8.8.8.8')?.name ?? '', /IPv4-compatible/)
  assert.match(specialPurposeBlock('2002:808:808::')?.name ?? '', /6to4/)
  assert.match(specialPurposeBlock('2001:0:4136:e378:8000:63bf:3fff:fdd2')?.name ?? '', /Teredo/)
  assert.match(specialPurposeBlock('::ffff:0:808:808')?.name ?? '', /outside global unicast/)
})

test('the most specific row names the block', () => {
  assert.match(specialPurposeBlock('192.0.0.170')?.name ?? '', /NAT64\/DNS64 discovery/)
  assert.match(specialPurposeBlock('192.0.0.171')?.name ?? '', /NAT64\/DNS64 discovery/)
  assert.match(specialPurposeBlock('192.0.0.172')?.name ?? '', /IETF protocol assignments/)
  assert.match(specialPurposeBlock('2001::1')?.name ?? '', /Teredo/)
  assert.match(specialPurposeBlock('2001:1::3')?.name ?? '', /DNS-SD/)
  assert.match(specialPurposeBlock('::1')?.name ?? '', /loopback/)
})

test('allowLoopback lets loopback alone through, literal or named localhost', () => {
  assert.is(addressProblem('127.8.9.10', { allowLoopback: true }), undefined)
  assert.is(addressProblem('::1', { allowLoopback: true }), undefined)
  assert.is(addressProblem('::ffff:127.0.0.1', { allowLoopback: true }), undefined)
  assert.match(addressProblem('10.0.0.1', { allowLoopback: true }) ?? '', /private use/)
  assert.match(addressProblem('127.0.0.1') ?? '', /loopback/)
  assert.is(hostProblem('localhost', { allowLoopback: true }), undefined)
  assert.is(hostProblem('api.localhost', { allowLoopback: true }), undefined)
  assert.match(hostProblem('vm', { allowLoopback: true }) ?? '', /without a dot/)
  assert.match(hostProblem('localhost') ?? '', /without a dot/)
})

test.run()
