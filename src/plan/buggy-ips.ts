import { type IpRange } from '../net/index.js';

// MetalLB `avoidBuggyIPs`: IPv4 addresses ending in .0 or .255 are never handed out (some old clients drop them).
function countUpTo(limit: bigint, remainder: bigint): bigint {
  return limit < remainder ? 0n : (limit - remainder) / 256n + 1n;
}

/** How many addresses of an IPv4 range end in .0 or .255; IPv6 ranges have none to avoid. */
export function avoidedBuggyIps(range: IpRange): bigint {
  if (range.family !== 'IPv4') return 0n;
  const inRange = (remainder: bigint) => countUpTo(range.last, remainder) - (range.first === 0n ? 0n : countUpTo(range.first - 1n, remainder));
  return inRange(0n) + inRange(255n);
}
