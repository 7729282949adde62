import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { clientAddress, isTrustProxySetting, trustProxy } from './trust-proxy.js';

const req = (socket: string, forwarded?: string) =>
  ({
    socket: { remoteAddress: socket },
    connection: { remoteAddress: socket },
    headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
  }) as unknown as IncomingMessage;

describe('TRUST_PROXY and the client address', () => {
  it('uses the socket address and ignores X-Forwarded-For by default', () => {
    expect(clientAddress(req('10.0.0.5', '203.0.113.9'), trustProxy('false'))).toBe('10.0.0.5');
  });

  it('believes X-Forwarded-For only through the trusted proxies', () => {
    const trust = trustProxy('loopback, 10.0.0.0/8');
    expect(clientAddress(req('127.0.0.1', '203.0.113.9'), trust)).toBe('203.0.113.9');
    // A client behind the proxy cannot prepend a forged address: the first untrusted hop from the right wins.
    expect(clientAddress(req('10.0.0.5', '198.51.100.1, 203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress(req('192.0.2.7', '203.0.113.9'), trust)).toBe('192.0.2.7');
  });

  it('takes a hop count and true', () => {
    expect(clientAddress(req('10.0.0.5', '198.51.100.1, 203.0.113.9'), trustProxy('1'))).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.5', '198.51.100.1, 203.0.113.9'), trustProxy('true'))).toBe('198.51.100.1');
  });

  it('rejects a setting that is not an address list', () => {
    expect(isTrustProxySetting('loopback,10.0.0.0/8')).toBe(true);
    expect(isTrustProxySetting('not an address')).toBe(false);
  });
});
