import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { yamlObjects } from '../../support/yaml.js';

// The requests of the VAP differential test. Each case is one CREATE, UPDATE or DELETE of a Cluster, NodePool or
// ClusterCIDRConfig in one namespace; what it needs stored first (the old object of an UPDATE, the Cluster of its
// namespace) is stored before the policies exist, as objects stored before a policy are in a real cluster (D19).

export type Kind = 'Cluster' | 'NodePool' | 'ClusterCIDRConfig';
export type Json = Record<string, any>;

export interface VapCase {
  readonly name: string;
  /** Where it comes from, for the summary: documentation, invalid-example, ratchet, variant, long-list, generated. */
  readonly source: string;
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly namespace: string;
  /** The request's object (CREATE, UPDATE); its metadata.name is the case's object name. */
  readonly object?: Json;
  /** UPDATE and DELETE: the object stored before the policies, whose stored form is the review's oldObject. */
  readonly old?: Json;
}

/** A namespace of the test and what it holds before any case runs (stored before the policies). */
export interface Setting {
  readonly namespace: string;
  readonly objects: readonly Json[];
}

export const GENERATED_SEED = 20261207;
export const GENERATED_COUNT = 2000;

const GROUP = 'baremetal.cluster.gke.io';
export const API_VERSION: Record<Kind, string> = {
  Cluster: `${GROUP}/v1`, NodePool: `${GROUP}/v1`, ClusterCIDRConfig: `${GROUP}/v1alpha1`,
};
export const RESOURCE: Record<Kind, string> = { Cluster: 'clusters', NodePool: 'nodepools', ClusterCIDRConfig: 'clustercidrconfigs' };
const KINDS: readonly string[] = Object.keys(RESOURCE);

/** Namespaces: Clusters are judged in their own (no NodePool or config there); NodePools and configs beside the documentation's Cluster. */
const CLUSTERS = 'vap-clusters';
const DOCUMENTATION = 'vap-doc';
/** No Cluster at all: R-1 and X-1 refuse a config or NodePool here. */
const NO_CLUSTER = 'vap-no-cluster';

function read(relative: string): Json[] {
  const file = path.join(PACKAGE_ROOT, relative);
  return yamlObjects<Json>(readFileSync(file, 'utf8'), file);
}

const DOCUMENTATION_FILE = read('examples/dual-stack-cluster.yaml');
const DOC_CLUSTER = DOCUMENTATION_FILE.find((object) => object.kind === 'Cluster')!;
const DOC_POOL = DOCUMENTATION_FILE.find((object) => object.kind === 'NodePool')!;
const DOC_CONFIG = DOCUMENTATION_FILE.find((object) => object.kind === 'ClusterCIDRConfig')!;

/** The object as `kind` in `namespace` named `name`: only identity changes; everything the rules read stays. */
function placed(object: Json, namespace: string, name: string): Json {
  const { resourceVersion: _version, uid: _uid, ...metadata } = object.metadata ?? {};
  return { ...structuredClone(object), metadata: { ...structuredClone(metadata), name, namespace } };
}

function withSpec(object: Json, edit: (spec: Json) => void): Json {
  const copy = structuredClone(object);
  copy.spec ??= {};
  edit(copy.spec);
  return copy;
}

function labelled(object: Json): Json {
  const copy = structuredClone(object);
  copy.metadata.labels = { ...copy.metadata.labels, 'vap-differential/touched': 'yes' };
  return copy;
}

/** The namespace a case of `kind` runs in, from the namespace its file names (`cluster-other` has no Cluster). */
function namespaceFor(kind: string, fileNamespace: string | undefined): string {
  if (fileNamespace === 'cluster-other') return NO_CLUSTER;
  return kind === 'Cluster' ? CLUSTERS : DOCUMENTATION;
}

/**
 * The cases and the namespaces they need. An UPDATE of a NodePool gets a namespace of its own (with its Cluster):
 * C-39 compares a NodePool with the other NodePools of its namespace, and stored old objects would meet each other.
 */
export class Corpus {
  readonly cases: VapCase[] = [];
  private readonly settings = new Map<string, Json[]>([
    [CLUSTERS, []], [DOCUMENTATION, [placed(DOC_CLUSTER, DOCUMENTATION, 'dual-stack')]], [NO_CLUSTER, []],
  ]);
  private names = 0;
  private homes = 0;

  name(prefix: string): string {
    this.names += 1;
    return `${prefix}-${this.names}`;
  }

  setting(namespace: string, objects: readonly Json[]): void {
    this.settings.set(namespace, [...objects]);
  }

  /** The namespace for the old object of an UPDATE of `kind` that would otherwise run in `namespace`. */
  updateNamespace(kind: Kind, namespace: string): string {
    if (kind !== 'NodePool') return namespace;
    this.homes += 1;
    const own = `${namespace}-${this.homes}`;
    this.settings.set(own, (this.settings.get(namespace) ?? []).filter((object) => object.kind === 'Cluster')
      .map((object) => placed(object, own, object.metadata.name)));
    return own;
  }

  add(each: VapCase): void {
    this.cases.push(each);
  }

  /** Every namespace and what it holds before the cases run. */
  namespaces(): Setting[] {
    return [...this.settings].map(([namespace, objects]) => ({ namespace, objects }));
  }
}

/** Every Cluster, NodePool and config of examples/*.yaml: CREATE, an UPDATE that only adds a label, and a config's DELETE (R-16). */
export function addDocumentationCases(corpus: Corpus): void {
  const files = readdirSync(path.join(PACKAGE_ROOT, 'examples')).filter((file) => file.endsWith('.yaml')).sort();
  for (const file of files) {
    for (const object of read(`examples/${file}`).filter((each) => KINDS.includes(each.kind))) {
      const namespace = namespaceFor(object.kind, object.metadata?.namespace);
      const title = `${file} ${object.kind} ${object.metadata.name}`;
      corpus.add({ name: title, source: 'documentation', operation: 'CREATE', namespace, object: placed(object, namespace, corpus.name('doc')) });
      const home = corpus.updateNamespace(object.kind, namespace);
      const stored = placed(object, home, corpus.name('doc-old'));
      corpus.add({ name: `${title} (label UPDATE)`, source: 'documentation', operation: 'UPDATE', namespace: home, old: stored, object: labelled(stored) });
      if (object.kind === 'ClusterCIDRConfig') {
        const deleted = placed(object, namespace, corpus.name('doc-deleted'));
        corpus.add({ name: `${title} (DELETE)`, source: 'documentation', operation: 'DELETE', namespace, old: deleted });
      }
    }
  }
}

export interface InvalidExample {
  readonly id: string;
  readonly file: string;
  /** The objects of the file before the offending one, in their own namespace (a Cluster that differs from the documentation's). */
  readonly setting: Setting;
  readonly offending: Json;
}

/** examples/invalid/*.yaml of our three kinds: the offending object is the file's last one of the kind the rule judges. */
export function invalidExamples(): InvalidExample[] {
  const folder = path.join(PACKAGE_ROOT, 'examples', 'invalid');
  return readdirSync(folder).filter((file) => file.endsWith('.yaml') && !file.startsWith('S-')).sort().map((file) => {
    const id = path.basename(file, '.yaml');
    const objects = read(`examples/invalid/${file}`);
    const kind = id.startsWith('C-') || id === 'X-2' || id === 'X-3' ? 'Cluster' : id === 'X-1' ? 'NodePool' : 'ClusterCIDRConfig';
    const offending = objects.filter((object) => object.kind === kind).at(-1)!;
    const namespace = `vap-inv-${id.toLowerCase()}`;
    const home = offending.metadata?.namespace;
    const before = objects.slice(0, objects.indexOf(offending))
      .filter((object) => KINDS.includes(object.kind) && object.metadata?.namespace === home)
      .map((object) => placed(object, namespace, object.metadata.name));
    return { id, file, setting: { namespace, objects: home === 'cluster-other' ? [] : before }, offending };
  });
}

/**
 * Per examples/invalid file: its offending object as a CREATE beside its file's own objects; as an UPDATE of the
 * documentation's object of that kind (a valid object broken by the update); and D19's UPDATEs of the offending
 * object stored before the policies: a label change (the existing violation goes through) and, where the rule's field
 * may change, a change to another wrong value (refused).
 */
export function addInvalidExampleCases(corpus: Corpus, examples: readonly InvalidExample[]): void {
  for (const example of examples) {
    const { offending, setting } = example;
    const kind = offending.kind as Kind;
    corpus.setting(setting.namespace, setting.objects);
    const namespace = offending.metadata?.namespace === 'cluster-other' ? NO_CLUSTER : setting.namespace;
    corpus.add({
      name: `${example.file} CREATE`, source: 'invalid-example', operation: 'CREATE', namespace,
      object: placed(offending, namespace, corpus.name('inv')),
    });
    if (namespace === NO_CLUSTER) continue;
    const documented = { Cluster: DOC_CLUSTER, NodePool: DOC_POOL, ClusterCIDRConfig: DOC_CONFIG }[kind];
    const home = (): string => corpus.updateNamespace(kind, namespace);
    const fromDocumentation = placed(documented, home(), corpus.name('inv-upd'));
    corpus.add({
      name: `${example.file} UPDATE from the documentation's ${kind}`, source: 'invalid-example', operation: 'UPDATE',
      namespace: fromDocumentation.metadata.namespace, old: fromDocumentation,
      object: placed(offending, fromDocumentation.metadata.namespace, fromDocumentation.metadata.name),
    });
    // R-11's old object is the documentation's (an UPDATE rule): there is no stored violation to ratchet.
    if (example.id === 'R-11') continue;
    const stored = placed(offending, home(), corpus.name('inv-ratchet'));
    corpus.add({
      name: `${example.file} D19 label UPDATE of the stored violation`, source: 'ratchet', operation: 'UPDATE',
      namespace: stored.metadata.namespace, old: stored, object: labelled(stored),
    });
    const other = OTHER_WRONG_VALUE[example.id];
    if (other) {
      const again = placed(offending, home(), corpus.name('inv-ratchet'));
      corpus.add({
        name: `${example.file} D19 UPDATE to another wrong value`, source: 'ratchet', operation: 'UPDATE',
        namespace: again.metadata.namespace, old: again, object: other(again),
      });
    }
  }
}

/** For D19: the offending field changed to another value that breaks the same rule (only fields the rules let change). */
const OTHER_WRONG_VALUE: Record<string, (object: Json) => Json> = {
  'C-16': (object) => withSpec(object, (spec) => {
    spec.clusterNetwork.services.cidrBlocks = spec.clusterNetwork.services.cidrBlocks.map((block: string) => block.toUpperCase());
  }),
  'C-28': (object) => withSpec(object, (spec) => {
    spec.loadBalancer.addressPools[0].addresses = [...spec.loadBalancer.addressPools[0].addresses, '10.2.0.300-10.2.0.301'];
  }),
  'C-31': (object) => withSpec(object, (spec) => {
    spec.loadBalancer.addressPools = [...spec.loadBalancer.addressPools, { name: 'pool-v4', addresses: ['10.2.0.230-10.2.0.231'] }];
  }),
  'C-35': (object) => withSpec(object, (spec) => {
    spec.loadBalancer.addressPools[0].addresses = [...spec.loadBalancer.addressPools[0].addresses, '10.2.0.240/30'];
  }),
  'R-18': (object) => withSpec(object, (spec) => {
    spec.nodeSelector = { matchLabels: { '-still-bad-': 'x' } };
  }),
  'X-1': (object) => withSpec(object, (spec) => {
    spec.clusterName = 'another-wrong-cluster';
  }),
};

// ---- hand-written variants of the rules no examples/invalid file shows ------------------------------------------

interface Variant {
  readonly rule: string;
  readonly kind: Kind;
  /** The documentation's object of the kind, edited; `old` edits the stored object of the UPDATE (default: none). */
  readonly edit: (spec: Json, object: Json) => void;
  readonly old?: (spec: Json, object: Json) => void;
  /** An UPDATE rule: the edit only means something against a stored object. */
  readonly updateOnly?: boolean;
}

const LB_NODES = { nodes: [{ address: '10.2.0.10' }, { address: '10.2.0.11' }] };

/** Each breaks one rule of the catalog (the unit tests' own examples), as a CREATE and as an UPDATE of the documentation's object. */
const VARIANTS: readonly Variant[] = [
  { rule: 'C-4', kind: 'Cluster', edit: (spec) => { spec.clusterNetwork.services.cidrBlocks = ['fd12::5:0/116', '172.16.0.0/20']; } },
  { rule: 'C-6', kind: 'Cluster', updateOnly: true, edit: (spec) => { spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/20']; } },
  { rule: 'C-10', kind: 'Cluster', edit: (spec) => { spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/20', 'fd12::5:0/122']; } },
  { rule: 'C-15', kind: 'Cluster', edit: (spec) => { spec.clusterNetwork.pods.cidrBlocks = ['100.64.0.0/16']; } },
  { rule: 'C-19', kind: 'Cluster', edit: (spec) => { spec.clusterNetwork.advancedNetworking = true; spec.loadBalancer.bgpPeers = [{ ip: '192.168.200.1', asn: 65001 }]; } },
  { rule: 'C-20', kind: 'Cluster', updateOnly: true, edit: (spec) => { spec.loadBalancer.vips.controlPlaneVIP = '10.2.0.201'; } },
  { rule: 'C-20', kind: 'Cluster', updateOnly: true, edit: (spec) => { spec.nodeConfig.podDensity.maxPodsPerNode = 120; } },
  { rule: 'C-21', kind: 'Cluster', updateOnly: true, edit: (spec) => { spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/24', 'fd12::5:0/116']; } },
  { rule: 'C-21', kind: 'Cluster', updateOnly: true, edit: (spec) => { spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/16', 'fd12::5:0/116']; } },
  { rule: 'C-22', kind: 'Cluster', updateOnly: true, edit: (spec) => { spec.loadBalancer.nodePoolSpec = LB_NODES; } },
  {
    rule: 'C-22', kind: 'Cluster', updateOnly: true,
    old: (spec) => { spec.anthosBareMetalVersion = '1.32.0'; },
    edit: (spec) => { spec.anthosBareMetalVersion = '1.32.0'; spec.controlPlane.loadBalancer = { mode: 'bundled' }; spec.loadBalancer.nodePoolSpec = LB_NODES; },
  },
  { rule: 'C-29', kind: 'Cluster', updateOnly: true, edit: (spec) => { spec.loadBalancer.addressPools[0].name = 'pool-renamed'; } },
  { rule: 'C-29', kind: 'Cluster', updateOnly: true, edit: (spec) => { spec.loadBalancer.addressPools[0].addresses = ['10.2.0.212-10.2.0.222', 'fd12::4:101-fd12::4:110']; } },
  { rule: 'C-29', kind: 'Cluster', updateOnly: true, edit: (spec) => { spec.loadBalancer.addressPools[0].manualAssign = true; } },
  { rule: 'C-32', kind: 'Cluster', edit: (spec) => { spec.loadBalancer.addressPools.push({ name: 'pool-v6', addresses: ['fd12::4:200-fd12::4:210'], avoidBuggyIPs: true }); } },
  {
    rule: 'C-33', kind: 'Cluster',
    edit: (spec) => { spec.loadBalancer.addressPools = [{ name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221'] }, { name: 'pool-v6', addresses: ['fd12::4:101-fd12::4:110'], manualAssign: true }]; },
  },
  { rule: 'C-37', kind: 'Cluster', edit: (spec) => { spec.loadBalancer.vips.ingressVIP = '10.9.0.212'; spec.loadBalancer.addressPools[0].addresses = ['10.9.0.212-10.9.0.221', 'fd12::4:101-fd12::4:110']; } },
  { rule: 'C-41', kind: 'Cluster', edit: (spec) => { spec.clusterNetwork.flatIPv4 = true; } },
  { rule: 'C-43', kind: 'Cluster', edit: (spec) => { spec.clusterNetwork.flatIPv4 = true; spec.clusterNetwork.advancedNetworking = true; delete spec.clusterNetwork.pods; } },
  {
    rule: 'C-45', kind: 'Cluster',
    edit: (_spec, object) => { object.metadata.annotations = { 'onprem.cluster.gke.io/user-cluster-resource-link': '//gkeonprem.googleapis.com/projects/p/locations/l/bareMetalClusters/x' }; },
  },
  { rule: 'R-7', kind: 'ClusterCIDRConfig', edit: (spec) => { spec.ipv4 = { cidr: '10.0.0.0/8', perNodeMaskSize: 28 }; delete spec.ipv6; spec.nodeSelector = { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } }; } },
  { rule: 'R-8', kind: 'ClusterCIDRConfig', edit: (spec) => { spec.ipv4.perNodeMaskSize = 30; spec.ipv6.perNodeMaskSize = 126; } },
  { rule: 'R-9', kind: 'ClusterCIDRConfig', edit: (spec) => { spec.ipv4.perNodeMaskSize = 25; spec.ipv6.perNodeMaskSize = 121; } },
  { rule: 'R-12', kind: 'ClusterCIDRConfig', updateOnly: true, edit: (spec) => { spec.nodeSelector = { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } }; } },
  {
    rule: 'R-13', kind: 'ClusterCIDRConfig',
    edit: (spec) => { spec.nodeSelector = { matchLabels: { 'kubernetes.io/hostname': 'node-1' }, matchExpressions: [{ key: 'zone', operator: 'Exists' }] }; },
  },
  { rule: 'R-15', kind: 'ClusterCIDRConfig', edit: (spec) => { spec.ipv6 = { cidr: 'fd12::1:0/112', perNodeMaskSize: 120 }; } },
  { rule: 'C-38', kind: 'NodePool', edit: (spec) => { spec.nodes = [{ address: '10.2.0.7' }, { address: 'fd12::2:8' }]; } },
  { rule: 'C-39', kind: 'NodePool', edit: (spec) => { spec.nodes = [{ address: '10.2.0.7' }, { address: '10.2.0.7' }]; } },
  { rule: 'C-39', kind: 'NodePool', edit: (spec) => { spec.nodes = [{ address: '10.2.0.7' }, { address: '10.2.0.3' }]; } },
  { rule: 'C-17', kind: 'NodePool', edit: (spec) => { spec.nodes = [{ address: '172.16.0.9' }]; } },
];

/** The namespace of R-15's variant: its Cluster serves IPv4 Services only. */
const IPV4_ONLY = 'vap-ipv4-only';

/** VARIANTS as CREATEs (unless an UPDATE rule) and as UPDATEs of the documentation's object (or the variant's old one). */
export function addVariantCases(corpus: Corpus): void {
  corpus.setting(IPV4_ONLY, [withSpec(placed(DOC_CLUSTER, IPV4_ONLY, 'dual-stack'), (spec) => { spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/20']; })]);
  VARIANTS.forEach((variant, index) => {
    const documented = { Cluster: DOC_CLUSTER, NodePool: DOC_POOL, ClusterCIDRConfig: DOC_CONFIG }[variant.kind];
    const namespace = variant.rule === 'R-15' ? IPV4_ONLY : namespaceFor(variant.kind, undefined);
    const edited = (base: Json, edit: Variant['edit']): Json => {
      const copy = structuredClone(base);
      edit(copy.spec, copy);
      return copy;
    };
    const title = `${variant.rule} variant ${index + 1}`;
    if (!variant.updateOnly) {
      corpus.add({ name: `${title} CREATE`, source: 'variant', operation: 'CREATE', namespace, object: placed(edited(documented, variant.edit), namespace, corpus.name('var')) });
    }
    const home = corpus.updateNamespace(variant.kind, namespace);
    const stored = placed(variant.old ? edited(documented, variant.old) : documented, home, corpus.name('var-old'));
    corpus.add({ name: `${title} UPDATE`, source: 'variant', operation: 'UPDATE', namespace: home, old: stored, object: edited(stored, variant.edit) });
  });
}

// ---- long lists: the cost guards of C-28 and C-39 (VP-6) ---------------------------------------------------------

function spreadAddresses(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `10.3.${index >> 8}.${index & 255}`);
}

/**
 * Lists long enough to pass the policies' cost guards (matchConditions on list size, left to the webhook) and just
 * short enough to be judged in CEL, each with one duplicate node or one overlapping pool entry at its end.
 */
export function addLongListCases(corpus: Corpus): void {
  for (const count of [100, 128, 129, 290, 700, 999]) {
    const nodes = [...spreadAddresses(count - 1), '10.3.0.0'].map((address) => ({ address }));
    const cluster = withSpec(DOC_CLUSTER, (spec) => { spec.controlPlane.nodePoolSpec.nodes = nodes; });
    corpus.add({ name: `C-39 ${count} control-plane nodes, one twice`, source: 'long-list', operation: 'CREATE', namespace: CLUSTERS, object: placed(cluster, CLUSTERS, corpus.name('long')) });
    const pool = { ...structuredClone(DOC_POOL), spec: { clusterName: 'dual-stack', nodes } };
    corpus.add({ name: `C-39 NodePool of ${count} nodes, one twice`, source: 'long-list', operation: 'CREATE', namespace: DOCUMENTATION, object: placed(pool, DOCUMENTATION, corpus.name('long')) });
  }
  for (const count of [100, 126, 127, 140, 200, 256]) {
    const addresses = [...spreadAddresses(count - 1).map((address) => `${address}/32`), '10.3.0.0-10.3.0.1'];
    const cluster = withSpec(DOC_CLUSTER, (spec) => {
      spec.loadBalancer.addressPools = [...spec.loadBalancer.addressPools, { name: 'pool-long', addresses }];
    });
    corpus.add({ name: `C-28 pool of ${count} entries, the last overlapping the first`, source: 'long-list', operation: 'CREATE', namespace: CLUSTERS, object: placed(cluster, CLUSTERS, corpus.name('long')) });
  }
}

// ---- the generated corpus: CIDR, address and range spellings --------------------------------------------------

const V4_BASES = ['10.2.0.0', '172.16.0.0', '192.168.0.0', '10.96.0.0', '100.64.0.0', '8.8.0.0', '0.0.0.0'];
const V6_BASES = ['fd12::5:0', 'fd12::1:0', 'fd12::4:100', 'fd12::', '2001:db8::', '::'];

function v4Octets(text: string): number[] {
  return text.split('.').map(Number);
}

function v6Groups(text: string): number[] {
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (value: string | undefined) => (value ? value.split(':').map((group) => parseInt(group, 16)) : []);
  const left = part(head);
  const right = part(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/** The canonical text of 8 groups (RFC 5952: longest run of two or more zero groups compressed, lower case). */
function v6Text(groups: readonly number[]): string {
  let best = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > bestLength) [best, bestLength] = [start, length];
  }
  const hex = groups.map((group) => group.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

/** How an address is written: canonical, or one of the spellings the rules must judge (D5, D17). */
type Spelling = 'plain' | 'upper' | 'expanded' | 'leading-zeros' | 'mapped' | 'zone' | 'space' | 'embedded-v4';
const SPELLINGS: readonly Spelling[] = ['plain', 'plain', 'plain', 'upper', 'expanded', 'leading-zeros', 'mapped', 'zone', 'space', 'embedded-v4'];

function spellV4(octets: readonly number[], spelling: Spelling): string {
  const plain = octets.join('.');
  switch (spelling) {
    case 'leading-zeros': return octets.map((octet, index) => (index === 2 ? String(octet).padStart(3, '0') : String(octet))).join('.');
    case 'mapped': return `::ffff:${plain}`;
    case 'space': return ` ${plain}`;
    case 'zone': return `${plain}%eth0`;
    default: return plain;
  }
}

function spellV6(groups: readonly number[], spelling: Spelling): string {
  const plain = v6Text(groups);
  switch (spelling) {
    case 'upper': return plain.toUpperCase();
    case 'expanded': return groups.map((group) => group.toString(16).padStart(4, '0')).join(':');
    case 'leading-zeros': return groups.map((group) => group.toString(16).padStart(2, '0')).join(':');
    case 'zone': return `${plain}%eth0`;
    case 'space': return `${plain} `;
    // The last 32 bits as a dotted quad (RFC 4291 2.2 form 3), the groups before it uncompressed.
    case 'embedded-v4': return `${groups.slice(0, 6).map((group) => group.toString(16)).join(':')}:${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
    default: return plain;
  }
}

/** An address `offset` past a base, spelled. */
function addressText(family: 4 | 6, base: string, offset: number, spelling: Spelling): string {
  if (family === 4) {
    const octets = v4Octets(base);
    let value = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]! + offset;
    value = Math.max(0, Math.min(value, 0xffffffff));
    return spellV4([value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255], spelling);
  }
  const groups = v6Groups(base);
  const last = groups[7]! + offset;
  groups[7] = ((last % 65536) + 65536) % 65536;
  groups[6] = (groups[6]! + Math.floor(last / 65536) + 65536) % 65536;
  return spellV6(groups, spelling);
}

const family = fc.constantFrom<4 | 6>(4, 6);
const spelling = fc.constantFrom(...SPELLINGS);

/** A CIDR: a base, a prefix (sometimes out of range or written with a leading zero), host bits sometimes set. */
const cidrText = fc.record({
  family, spelling, v4: fc.constantFrom(...V4_BASES), v6: fc.constantFrom(...V6_BASES),
  prefix4: fc.integer({ min: 6, max: 33 }), prefix6: fc.integer({ min: 96, max: 129 }),
  hostBits: fc.constantFrom(0, 0, 0, 1, 5, 256), prefixSpelling: fc.constantFrom('plain', 'plain', 'plain', 'plain', 'zero', 'none'),
}).map(({ family: chosen, spelling: spelled, v4, v6, prefix4, prefix6, hostBits, prefixSpelling }) => {
  const address = addressText(chosen, chosen === 4 ? v4 : v6, hostBits, spelled);
  const prefix = chosen === 4 ? prefix4 : prefix6;
  if (prefixSpelling === 'none') return address;
  return `${address}/${prefixSpelling === 'zero' ? `0${prefix}` : prefix}`;
});

/** A pool entry: a CIDR or a range `a-b` near the documentation's pools, so that overlaps and adjacency are common. */
const poolEntry = fc.oneof(
  { weight: 1, arbitrary: cidrText },
  {
    weight: 3,
    arbitrary: fc.record({
      family, start: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: -3, max: 12 }), spelling, otherEnd: fc.constantFrom('same', 'same', 'same', 'same', 'other-family', 'spaced'),
    }).map(({ family: chosen, start, length, spelling: spelled, otherEnd }) => {
      const base = chosen === 4 ? '10.2.0.200' : 'fd12::4:100';
      const from = addressText(chosen, base, start, spelled);
      const to = otherEnd === 'other-family'
        ? addressText(chosen === 4 ? 6 : 4, chosen === 4 ? 'fd12::4:100' : '10.2.0.200', start + length, 'plain')
        : addressText(chosen, base, start + length, 'plain');
      return otherEnd === 'spaced' ? `${from} - ${to}` : `${from}-${to}`;
    }),
  },
);

const nodeAddress = fc.record({ family: fc.constantFrom<4 | 6>(4, 4, 4, 6), offset: fc.integer({ min: 0, max: 12 }), spelling })
  .map(({ family: chosen, offset, spelling: spelled }) => addressText(chosen, chosen === 4 ? '10.2.0.2' : 'fd12::2:1', offset, spelled));

const serviceBlocks = fc.oneof(
  fc.array(cidrText, { minLength: 1, maxLength: 3 }),
  fc.tuple(cidrText, cidrText).map((pair) => [...pair]),
  fc.constant(['fd12::5:0/116', '172.16.0.0/20']),
);

const generatedCluster: fc.Arbitrary<Json> = fc.record({
  services: fc.option(serviceBlocks, { nil: undefined, freq: 3 }),
  pods: fc.option(fc.array(cidrText, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
  pools: fc.option(fc.array(fc.array(poolEntry, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 4 }),
  nodes: fc.option(fc.array(nodeAddress, { minLength: 1, maxLength: 4 }), { nil: undefined, freq: 3 }),
  controlPlaneVip: fc.option(nodeAddress, { nil: undefined, freq: 4 }),
}).map(({ services, pods, pools, nodes, controlPlaneVip }) => withSpec(DOC_CLUSTER, (spec) => {
  if (services) spec.clusterNetwork.services.cidrBlocks = services;
  if (pods) spec.clusterNetwork.pods.cidrBlocks = pods;
  if (pools) spec.loadBalancer.addressPools = pools.map((addresses, index) => ({ name: `pool-${index + 1}`, addresses }));
  if (nodes) spec.controlPlane.nodePoolSpec.nodes = nodes.map((address) => ({ address }));
  if (controlPlaneVip) spec.loadBalancer.vips.controlPlaneVIP = controlPlaneVip;
}));

const LABEL_KEYS = ['baremetal.cluster.gke.io/node-pool', 'baremetal.cluster.gke.io/k8s-ip', 'example.com/zone', 'Bad_Key-', '-x', 'a/b/c', 'UPPER.example.com/x'];
const LABEL_VALUES = ['workers', '10.2.0.5', '', 'bad value', '-edge-', 'x'.repeat(64)];

const familyBlock = (chosen: 4 | 6) => fc.record({
  cidr: fc.oneof({ weight: 3, arbitrary: cidrText }, {
    weight: 2,
    arbitrary: fc.record({ prefix: fc.integer({ min: chosen === 4 ? 14 : 104, max: chosen === 4 ? 26 : 124 }), spelled: spelling })
      .map(({ prefix, spelled }) => `${addressText(chosen, chosen === 4 ? '192.168.0.0' : 'fd12::1:0', 0, spelled)}/${prefix}`),
  }),
  perNodeMaskSize: fc.integer({ min: chosen === 4 ? 16 : 100, max: chosen === 4 ? 33 : 129 }),
});

const generatedConfig = fc.record({
  ipv4: fc.option(familyBlock(4), { nil: undefined, freq: 6 }),
  ipv6: fc.option(familyBlock(6), { nil: undefined, freq: 4 }),
  selector: fc.option(fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 2 }), { nil: undefined, freq: 2 }),
}).map(({ ipv4, ipv6, selector }): Json => ({
  ...structuredClone(DOC_CONFIG),
  spec: { ...(ipv4 ? { ipv4 } : {}), ...(ipv6 ? { ipv6 } : {}), ...(selector ? { nodeSelector: { matchLabels: selector } } : {}) },
}));

const generatedPool = fc.record({
  nodes: fc.array(nodeAddress, { minLength: 1, maxLength: 4 }),
  clusterName: fc.constantFrom('dual-stack', 'dual-stack', 'dual-stack', 'other'),
}).map(({ nodes, clusterName }): Json => ({ ...structuredClone(DOC_POOL), spec: { clusterName, nodes: nodes.map((address) => ({ address })) } }));

/**
 * GENERATED_COUNT generated objects (seeded, the same every run): Clusters, configs and NodePools with generated
 * CIDR, range and address spellings, nine CREATEs for every UPDATE. An UPDATE's old object is a generated Cluster or
 * config (stored before the policies, violations and all); half the UPDATEs only add a label (D19), the others put a
 * generated object of the same kind in its place.
 */
export function addGeneratedCases(corpus: Corpus): void {
  const draws = fc.sample(fc.record({
    object: fc.oneof({ weight: 5, arbitrary: generatedCluster }, { weight: 3, arbitrary: generatedConfig }, { weight: 2, arbitrary: generatedPool }),
    update: fc.integer({ min: 0, max: 9 }),
    labelOnly: fc.boolean(),
    old: fc.oneof(generatedCluster, generatedConfig),
  }), { seed: GENERATED_SEED, numRuns: GENERATED_COUNT });
  draws.forEach(({ object, update, labelOnly, old }, index) => {
    const name = `generated-${index + 1}`;
    if (update !== 0) {
      const namespace = namespaceFor(object.kind, undefined);
      corpus.add({ name, source: 'generated', operation: 'CREATE', namespace, object: placed(object, namespace, corpus.name('gen')) });
      return;
    }
    const namespace = namespaceFor(old.kind, undefined);
    const stored = placed(old, namespace, corpus.name('gen-old'));
    const replaced = !labelOnly && object.kind === old.kind;
    corpus.add({
      name: `${name} (UPDATE${replaced ? '' : ', label only'})`, source: 'generated', operation: 'UPDATE', namespace, old: stored,
      object: replaced ? placed(object, namespace, stored.metadata.name) : labelled(stored),
    });
  });
}
