// Whether a request's source address is inside a set of bound CIDRs (logins, bound tokens): Vault's
// sdk/helper/cidrutil/cidr.go RemoteAddrIsOk over go-sockaddr (sockaddr.NewSockAddr of the remote
// address; IPv4Addr/IPv6Addr Contains = the CIDR's network..broadcast range covers the remote's).
// The bound CIDRs are kept as go-sockaddr prints them (src/framework/token-params.ts), so this
// parses that printed form back: `10.0.0.0/8`, `127.0.0.1`, `1.2.3.4:80`, `fe80::/10`, `[::1]:80`;
// a UNIX socket entry (quoted) is never an IP and matches nothing.
import { parseBoundCidrs } from './token-params.js';

interface IpRange {
  readonly v6: boolean;
  readonly first: bigint;
  readonly last: bigint;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

/** RFC 5952 text as go-sockaddr prints it (no embedded dotted quad: the URL parser already rewrote it). */
function parseV6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const out: bigint[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const given = head.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  return [...head, ...Array<bigint>(8 - given).fill(0n), ...tail].reduce((acc, g) => (acc << 16n) | g, 0n);
}

function range(v6: boolean, addr: bigint, bits: number): IpRange {
  const width = v6 ? 128n : 32n;
  const hostBits = width - BigInt(bits);
  const hostMask = (1n << hostBits) - 1n;
  const first = addr & ~hostMask & ((1n << width) - 1n);
  return { v6, first, last: first | hostMask };
}

/** A go-sockaddr String() form as an address range; undefined for UNIX sockets and anything else. */
export function ipRange(printed: string): IpRange | undefined {
  let s = printed;
  if (s.startsWith('"')) return undefined; // unixsock.go String is %+q
  const bracketed = /^\[([^\]]+)\]:\d+$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  let bits: number | undefined;
  const slash = s.indexOf('/');
  if (slash >= 0) {
    if (!/^\d+$/.test(s.slice(slash + 1))) return undefined;
    bits = Number(s.slice(slash + 1));
    s = s.slice(0, slash);
  }
  if (!s.includes(':') || /^[\d.]+:\d+$/.test(s)) {
    const v4 = parseV4(s.replace(/:\d+$/, ''));
    if (v4 === undefined || (bits ?? 32) > 32) return undefined;
    return range(false, v4, bits ?? 32);
  }
  const v6 = parseV6(s);
  if (v6 === undefined || (bits ?? 128) > 128) return undefined;
  return range(true, v6, bits ?? 128);
}

/**
 * cidrutil.RemoteAddrIsOk: true when there are no bound CIDRs, or the remote address parses
 * (sockaddr.NewSockAddr; `::ffff:a.b.c.d` is IPv4 there) and some IP entry of the same family
 * contains it. An unparsable remote address is refused ("err on the side of less access").
 */
export function remoteAddrIsOk(remoteAddr: string, boundCidrs: readonly string[]): boolean {
  if (boundCidrs.length === 0) return true;
  let remote: IpRange | undefined;
  try {
    remote = ipRange(parseBoundCidrs([remoteAddr])[0]!);
  } catch {
    return false;
  }
  if (remote === undefined) return false;
  for (const c of boundCidrs) {
    const r = ipRange(c);
    if (r !== undefined && r.v6 === remote.v6 && r.first <= remote.first && r.last >= remote.last) return true;
  }
  return false;
}
