import { describe, expect, it } from 'vitest';
import { isRefusedAddress, OutboundAllowList } from './outbound-address-guard.js';

describe('the SSRF guard of action server calls', () => {
  const none = OutboundAllowList.parse('');

  it('refuses loopback, private, shared, link-local (cloud metadata), multicast and reserved addresses', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isRefusedAddress(address, 'actions.example', none), address).toBe(true);
    }
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
