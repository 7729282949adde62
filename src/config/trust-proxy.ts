/**
 * The TRUST_PROXY setting, read as Express reads its `trust proxy` setting: which hops of
 * X-Forwarded-For may be believed. Used for the Express setting and for the client address
 * of WebSocket upgrades (which Express never sees), so both transports agree.
 *
 *   const trust = trustProxy('loopback, 10.0.0.0/8');
 *   clientAddress(req, trust); // the first untrusted address, right to left
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

export type TrustFunction = (address: string, hop: number) => boolean;

/** `false`, `true`, a hop count, or a comma list of addresses/subnets (`loopback`, `10.0.0.0/8`). */
export function trustProxy(setting: string): TrustFunction {
  const value = setting.trim().toLowerCase();
  if (value === 'false' || value === '') return () => false;
  if (value === 'true') return () => true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(
    value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );
}

export function isTrustProxySetting(setting: string): boolean {
  try {
    trustProxy(setting);
    return true;
  } catch {
    return false;
  }
}

/** The client's address: the socket's, or X-Forwarded-For's first hop not trusted by `trust`. */
export function clientAddress(req: IncomingMessage, trust: TrustFunction): string {
  if (!req.socket) return 'unknown';
  return proxyAddr(req, trust) || 'unknown';
}
