import { describe, expect, it } from 'vitest';
import { isRefusedAddress, OutboundAllowList } from './outbound-address-guard.js';

describe('the SSRF guard of action server calls', () => {
  const none = OutboundAllowList.parse('');

  it('refuses loopback, private, shared, link-local (cloud metadata), multicast and reserved addresses', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isRefusedAddress(address, 'actions.example', none), address).toBe(true);
    }
  });

  it('refuses an IPv6 address that embeds a refused IPv4 address: mapped (either notation), compatible, translated, 6to4; NAT64 prefixes whole', () => {
    const embedding = [
      '::ffff:7f00:1',
      '::127.0.0.1',
      '::7f00:1',
      '::10.0.0.1',
      '::ffff:0:7f00:1',
      '::ffff:0:127.0.0.1',
      '::ffff:0:a9fe:a9fe',
      '2002:7f00:1::',
      '2002:7f00:1::1',
      '2002:a9fe:a9fe::1',
      '2002:c0a8:101:1::1',
      '2002:a00:1::',
      '64:ff9b::7f00:1',
      '64:ff9b::808:808',
      '64:ff9b:1::a00:1',
    ];
    for (const address of embedding) expect(isRefusedAddress(address, 'actions.example', none), address).toBe(true);
  });

  it('lets through an IPv6 address that embeds a public IPv4 address, and an embedding one HELPER_OUTBOUND_ALLOW names', () => {
    for (const address of ['::ffff:808:808', '::8.8.8.8', '::ffff:0:808:808', '2002:808:808::1']) {
      expect(isRefusedAddress(address, 'actions.example', none), address).toBe(false);
    }
    // Allowing 10.0.0.0/8 allows those IPv4 hosts (and their mapped form, the same connection), not a 6to4 site named after one.
    const allow = OutboundAllowList.parse('10.0.0.0/8, 2002:a00:2::/48');
    expect(isRefusedAddress('::ffff:10.0.0.1', 'x', allow)).toBe(false);
    expect(isRefusedAddress('2002:a00:1::1', 'x', allow)).toBe(true);
    expect(isRefusedAddress('2002:a00:2::1', 'x', allow)).toBe(false);
  });

  it('lets public addresses through', () => {
    for (const address of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isRefusedAddress(address, 'actions.example', none), address).toBe(false);
    }
  });

  it('lets through what HELPER_OUTBOUND_ALLOW names: a host name, an address or a network', () => {
    const allow = OutboundAllowList.parse('actions.internal, 10.20.0.0/16, 127.0.0.1,fd00::/8');
    expect(isRefusedAddress('10.0.0.5', 'Actions.Internal', allow)).toBe(false);
    expect(isRefusedAddress('10.20.3.4', 'other.internal', allow)).toBe(false);
    expect(isRefusedAddress('10.21.3.4', 'other.internal', allow)).toBe(true);
    expect(isRefusedAddress('127.0.0.1', '127.0.0.1', allow)).toBe(false);
    expect(isRefusedAddress('fd00::5', 'x', allow)).toBe(false);
    expect(isRefusedAddress('169.254.169.254', 'x', allow)).toBe(true);
  });

  it('names an entry that is neither a host, an address nor a CIDR', () => {
    expect(() => OutboundAllowList.parse('10.0.0.0/33')).toThrow(/10.0.0.0\/33/);
    expect(() => OutboundAllowList.parse('http://x.example')).toThrow(/http:\/\/x.example/);
  });
});
