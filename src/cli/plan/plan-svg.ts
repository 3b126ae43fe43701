import { create } from 'xmlbuilder2';
import { type XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { type IpFamily, type IpRange } from '../../net/index.js';
import { formatCount } from '../../rules/index.js';
import { type ClusterPlan, type PlannedRange } from '../../plan/plan-model.js';
import { planHeading } from './plan-tables.js';

const COLOURS: Record<string, string> = {
  pods: '#4e79a7',
  'cluster-cidr-config': '#59a14f',
  services: '#f28e2b',
  'load-balancer-pool': '#b07aa1',
};
const WARNING = '#d62728';
const LEFT = 70;
const BAR_HEIGHT = 56;
const LINE = 15;
const GAP = 28;

const ROLE_NAMES: Record<string, string> = {
  pods: 'pods', 'cluster-cidr-config': 'ClusterCIDRConfig', services: 'services', 'load-balancer-pool': 'LB pool',
};

/** Ranges far apart in the address space: each region is drawn to its own scale, with a break between regions. */
interface Region {
  readonly first: bigint;
  readonly last: bigint;
  readonly ranges: PlannedRange[];
}

function regionsOf(ranges: readonly PlannedRange[]): Region[] {
  const sorted = [...ranges].sort((a, b) => (a.range.first < b.range.first ? -1 : a.range.first > b.range.first ? 1 : 0));
  const regions: { first: bigint; last: bigint; ranges: PlannedRange[] }[] = [];
  for (const range of sorted) {
    const current = regions.at(-1);
    if (current && range.range.first <= current.last) {
      current.ranges.push(range);
      if (range.range.last > current.last) current.last = range.range.last;
    } else {
      regions.push({ first: range.range.first, last: range.range.last, ranges: [range] });
    }
  }
  return regions;
}

function bitLength(value: bigint): number {
  return value <= 1n ? 0 : (value - 1n).toString(2).length;
}

/** The share of a region's width before `address`, exact for any size (BigInt in, a fraction out). */
function fraction(region: Region, address: bigint): number {
  const size = region.last - region.first + 1n;
  return Number(((address - region.first) * 1_000_000n) / size) / 1_000_000;
}

function usedShare(range: PlannedRange, plan: ClusterPlan): IpRange[] {
  if (range.pool) {
    return plan.ranges.filter((vip) => vip.role === 'vip' && vip.family === range.family
      && range.range.first <= vip.range.first && vip.range.first <= range.range.last).map((vip) => vip.range);
  }
  if (range.perNode && (range.role === 'pods' || range.role === 'cluster-cidr-config')) {
    // Planned nodes fill node blocks from the start of the range, as the allocator hands them out.
    const blocks = BigInt(plan.capacity.plannedNodes) < range.perNode.nodeBlocks.value ? BigInt(plan.capacity.plannedNodes) : range.perNode.nodeBlocks.value;
    if (blocks === 0n) return [];
    return [{ family: range.family, first: range.range.first, last: range.range.first + blocks * range.perNode.addresses.value - 1n }];
  }
  return [];
}

function drawFamily(svg: XMLBuilder, plan: ClusterPlan, family: IpFamily, top: number, width: number): number {
  const drawn = plan.ranges.filter((range) => range.family === family && COLOURS[range.role]);
  const regions = regionsOf(drawn);
  svg.ele('text', { x: 10, y: top + 18 + BAR_HEIGHT / 2, 'font-size': 16, 'font-weight': 'bold' }).txt(family).up();
  if (regions.length === 0) {
    svg.ele('text', { x: LEFT, y: top + 18 + BAR_HEIGHT / 2, 'font-size': 13 }).txt('no ranges of this family').up();
    return top + BAR_HEIGHT + 40;
  }
  const weights = regions.map((region) => bitLength(region.last - region.first + 1n) + 6);
  const total = weights.reduce((a, b) => a + b, 0);
  const available = width - LEFT - 20 - GAP * (regions.length - 1);
  const barTop = top + 18;
  let x = LEFT;
  let deepest = 0;
  regions.forEach((region, index) => {
    const regionWidth = (available * weights[index]!) / total;
    const lane = BAR_HEIGHT / region.ranges.length;
    region.ranges.forEach((range, laneIndex) => {
      const colour = COLOURS[range.role]!;
      const x0 = x + fraction(region, range.range.first) * regionWidth;
      const x1 = x + fraction(region, range.range.last + 1n) * regionWidth;
      const y = barTop + lane * laneIndex;
      const w = Math.max(x1 - x0, 1.5);
      svg.ele('rect', { x: x0.toFixed(2), y: y.toFixed(2), width: w.toFixed(2), height: lane.toFixed(2), fill: colour, 'fill-opacity': 0.3 }).up();
      svg.ele('rect', { x: x0.toFixed(2), y: y.toFixed(2), width: w.toFixed(2), height: lane.toFixed(2), fill: 'url(#free)', stroke: colour, 'stroke-width': 1 }).up();
      for (const used of usedShare(range, plan)) {
        const u0 = x + fraction(region, used.first) * regionWidth;
        const u1 = x + fraction(region, used.last + 1n) * regionWidth;
        svg.ele('rect', { x: u0.toFixed(2), y: y.toFixed(2), width: Math.max(u1 - u0, 2).toFixed(2), height: lane.toFixed(2), fill: colour }).up();
      }
    });
    for (const overlap of plan.overlaps.filter((entry) => entry.family === family)) {
      const a = region.ranges.find((range) => range.value === overlap.first.value && range.source === overlap.first.source);
      const b = region.ranges.find((range) => range.value === overlap.second.value && range.source === overlap.second.source);
      if (!a || !b) continue;
      const first = a.range.first > b.range.first ? a.range.first : b.range.first;
      const last = a.range.last < b.range.last ? a.range.last : b.range.last;
      const o0 = x + fraction(region, first) * regionWidth;
      const o1 = x + fraction(region, last + 1n) * regionWidth;
      svg.ele('rect', {
        x: o0.toFixed(2), y: barTop - 3, width: Math.max(o1 - o0, 2).toFixed(2), height: BAR_HEIGHT + 6,
        fill: WARNING, 'fill-opacity': 0.35, stroke: WARNING, 'stroke-width': 2, class: 'overlap',
      }).ele('title').txt(`overlap: ${overlap.first.value} and ${overlap.second.value}`).up().up();
    }
    let labelY = barTop + BAR_HEIGHT + LINE;
    for (const range of region.ranges) {
      const extra = range.pool ? `, ${formatCount(range.pool.free.value)} free` : range.usable ? `, ${formatCount(range.usable.value)} usable`
        : range.perNode ? `, ${formatCount(range.perNode.nodeBlocks.value)} × /${range.perNode.maskSize}` : '';
      const name = range.pool ? `${ROLE_NAMES[range.role]} ${range.pool.name}` : ROLE_NAMES[range.role];
      svg.ele('text', { x: x.toFixed(2), y: labelY, 'font-size': 11, fill: COLOURS[range.role], class: 'label' })
        .txt(`${name}: ${range.value}`).up();
      svg.ele('text', { x: x.toFixed(2), y: labelY + 12, 'font-size': 11, fill: '#333' })
        .txt(`${formatCount(range.addresses.value)} addresses${extra}`).up();
      labelY += 28;
    }
    deepest = Math.max(deepest, labelY);
    x += regionWidth;
    if (index < regions.length - 1) {
      // A break: the address space between two regions is left out.
      const mid = x + GAP / 2;
      for (const offset of [-4, 4]) {
        svg.ele('line', { x1: mid + offset - 5, y1: barTop + BAR_HEIGHT + 4, x2: mid + offset + 5, y2: barTop - 4, stroke: '#555', 'stroke-width': 2 }).up();
      }
      x += GAP;
    }
  });
  const addresses = plan.ranges.filter((range) => range.family === family && (range.role === 'node' || range.role === 'vip'));
  if (addresses.length) {
    const text = addresses.map((range) => `${range.value}${range.role === 'vip' ? ` (${range.source.field.slice(range.source.field.lastIndexOf('.') + 1)})` : ''}`).join(', ');
    svg.ele('text', { x: LEFT, y: deepest + 4, 'font-size': 11, fill: '#333' }).txt(`nodes and VIPs: ${text}`).up();
    deepest += LINE;
  }
  return deepest + 20;
}

function legend(svg: XMLBuilder, top: number): number {
  let x = LEFT;
  const items: [string, string, string][] = [
    ['pods (island)', COLOURS.pods!, ''], ['ClusterCIDRConfig', COLOURS['cluster-cidr-config']!, ''],
    ['services', COLOURS.services!, ''], ['LB pool', COLOURS['load-balancer-pool']!, ''],
    ['free (hatched)', '#999', 'url(#free)'], ['solid: in use (planned nodes, VIPs)', '#555', ''], ['overlap', WARNING, ''],
  ];
  for (const [label, colour, pattern] of items) {
    svg.ele('rect', { x, y: top, width: 14, height: 14, fill: pattern ? '#ddd' : colour, stroke: colour }).up();
    if (pattern) svg.ele('rect', { x, y: top, width: 14, height: 14, fill: pattern }).up();
    svg.ele('text', { x: x + 18, y: top + 11, 'font-size': 11 }).txt(label).up();
    x += 26 + label.length * 6.2;
  }
  return top + 30;
}

/** One bar per family, every range to scale inside its region, free space hatched, overlaps in a warning colour. */
export function formatPlanSvg(plans: readonly ClusterPlan[]): string {
  const width = 1200;
  const svg = create({ version: '1.0', encoding: 'UTF-8' }).ele('http://www.w3.org/2000/svg', 'svg', {
    width, 'font-family': 'sans-serif',
  });
  svg.ele('rect', { width: '100%', height: '100%', fill: 'white' }).up();
  svg.ele('defs').ele('pattern', { id: 'free', patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' })
    .ele('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#666', 'stroke-width': 1.2, 'stroke-opacity': 0.6 }).up().up().up();
  let y = 10;
  if (plans.length === 0) {
    svg.ele('text', { x: 10, y: 30, 'font-size': 14 }).txt('No Cluster in the input: nothing to plan.').up();
    y = 50;
  }
  for (const plan of plans) {
    svg.ele('text', { x: 10, y: y + 20, 'font-size': 16, 'font-weight': 'bold' }).txt(planHeading(plan)).up();
    y += 36;
    for (const family of ['IPv4', 'IPv6'] as IpFamily[]) {
      if (!plan.families.includes(family) && !plan.ranges.some((range) => range.family === family && COLOURS[range.role])) continue;
      y = drawFamily(svg, plan, family, y, width);
    }
    y += 6;
  }
  y = legend(svg, y);
  svg.att('height', String(y));
  svg.att('viewBox', `0 0 ${width} ${y}`);
  return svg.end({ prettyPrint: true }) + '\n';
}
