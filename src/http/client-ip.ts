import { getConnInfo } from '@hono/node-server/conninfo';
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

/**
 * Which proxies in front of Netra may be believed about the client address (`TRUST_PROXY`):
 * none (the peer address is the client), a number of hops (the client is that many entries from
 * the right of `X-Forwarded-For`), or the addresses/CIDRs of the trusted proxies (entries from
 * those are skipped from the right; the first other one is the client).
 */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: BlockList };

/** Parses `TRUST_PROXY`: empty/`false` → none, `1` → one hop, `10.0.0.0/8, 127.0.0.1` → those proxies. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return { kind: 'none' };
  if (/^\d+$/.test(text)) return { kind: 'hops', hops: Number(text) };
  const list = new BlockList();
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address, prefix] = item.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) throw new Error(`not an IP address or CIDR: ${item}`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(prefix), type);
  }
  return { kind: 'list', list };
}

function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** The peer address of the TCP connection, or undefined when not served by @hono/node-server. */
export function peerAddress(c: Context): string | undefined {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? plain(address) : undefined;
  } catch {
    return undefined;
  }
}

/** The client's address as far as the configured trust allows; 'unknown' when there is none. */
export function clientIp(c: Context, trust: TrustProxy): string {
  const peer = peerAddress(c) ?? 'unknown';
  if (trust.kind === 'none') return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => plain(s.trim()))
    .filter((s) => isIP(s) !== 0);
  const chain = [...forwarded, peer];
  if (trust.kind === 'hops') return chain[Math.max(0, chain.length - 1 - trust.hops)] ?? peer;
  for (let i = chain.length - 1; i > 0; i -= 1) if (!trusted(trust.list, chain[i]!)) return chain[i]!;
  return chain[0] ?? peer;
}
