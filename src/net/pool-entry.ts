import { formatIp, parseIp } from './address.js';
import { parseCidr } from './cidr.js';
import { type Parsed, parsed, refused } from './family.js';
import { BoundedMemo, deepFreeze } from './parse-cache.js';
import { type IpRange } from './range.js';

/** A load-balancer pool entry: a CIDR or an `a-b` range ("no spaces around the dash"). */
export interface PoolEntry {
  readonly range: IpRange;
  readonly form: 'cidr' | 'range';
  /** How the entry is best written; differs from the input when it was not canonical. */
  readonly canonical: string;
}

export const POOL_ENTRY_EXAMPLE = 'must be a CIDR (10.2.0.0/28) or a range with no spaces around the dash (10.2.0.212-10.2.0.221)';

const parsedEntries = new BoundedMemo<string, Parsed<PoolEntry>>(16_384);

export function parsePoolEntry(text: unknown): Parsed<PoolEntry> {
  if (typeof text !== 'string' || text.length > 200) return parsePoolEntryText(text);
  return parsedEntries.get(text, (key) => deepFreeze(parsePoolEntryText(key)));
}

function parsePoolEntryText(text: unknown): Parsed<PoolEntry> {
  if (typeof text !== 'string' || text.length === 0 || text.length > 200) return refused(POOL_ENTRY_EXAMPLE);
  if (text.includes('/')) {
    const cidr = parseCidr(text);
    if (!cidr.ok) return refused(`${POOL_ENTRY_EXAMPLE}: ${cidr.reason}`);
    return parsed({ range: cidr.value.cidr, form: 'cidr', canonical: cidr.value.canonical });
  }
  const dash = text.indexOf('-');
  if (dash < 0 || dash !== text.lastIndexOf('-')) return refused(POOL_ENTRY_EXAMPLE);
  const startText = text.slice(0, dash);
  const endText = text.slice(dash + 1);
  if (startText !== startText.trim() || endText !== endText.trim()) return refused(POOL_ENTRY_EXAMPLE);
  const start = parseIp(startText);
  const end = parseIp(endText);
  if (!start.ok) return refused(`${POOL_ENTRY_EXAMPLE}: start ${start.reason}`);
  if (!end.ok) return refused(`${POOL_ENTRY_EXAMPLE}: end ${end.reason}`);
  if (start.value.family !== end.value.family) return refused('both ends of a range must be of the same IP family');
  if (start.value.value > end.value.value) return refused('the start of a range must not be greater than its end');
  return parsed({
    range: { family: start.value.family, first: start.value.value, last: end.value.value },
    form: 'range',
    canonical: `${formatIp(start.value)}-${formatIp(end.value)}`,
  });
}
