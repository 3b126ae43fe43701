import { formatIp, parseIp } from '../../net/index.js';
import { type FieldError, duplicate, invalid, required } from '../field-errors.js';
import { type Cluster, type NodeAddress } from '../objects.js';
import { type Rule } from '../rule.js';
import { CONTROL_PLANE_NODES, LOAD_BALANCER_NODES, controlPlaneNodesOf, loadBalancerNodesOf } from './cluster-fields.js';

/** A list of nodes and the field that holds it, on the object judged or (as `owner`) on another object. */
export interface NodeList {
  readonly field: string;
  readonly nodes: readonly NodeAddress[];
  /** Set for lists of other objects (`NodePool "workers"`): they are compared against, never reported. */
  readonly owner?: string;
}

export function clusterNodeLists(cluster: Cluster, owner?: string): NodeList[] {
  return [
    { field: CONTROL_PLANE_NODES, nodes: controlPlaneNodesOf(cluster), owner },
    { field: LOAD_BALANCER_NODES, nodes: loadBalancerNodesOf(cluster), owner },
  ];
}

// C-38 (REF): node addresses are IPv4, also in dual-stack clusters (the IPv6 address comes from the host). D17: strict.
export function nodeAddressErrors(list: NodeList): FieldError[] {
  return list.nodes.flatMap((node, index) => {
    const errors: FieldError[] = [];
    const field = `${list.field}[${index}]`;
    if (node.address === undefined) errors.push(required(`${field}.address`));
    for (const key of ['address', 'k8sIP'] as const) {
      const text = node[key];
      if (text === undefined) continue;
      const address = parseIp(text);
      if (!address.ok) errors.push(invalid(`${field}.${key}`, text, address.reason));
      else if (address.value.family !== 'IPv4') {
        errors.push(invalid(`${field}.${key}`, text,
          'must be an IPv4 address: node addresses are IPv4, also in dual-stack clusters'));
      }
    }
    return errors;
  });
}

/**
 * C-39 (REF, LB): "Overlapping node IP addresses block cluster creation". Every IP a node is known by (address and
 * k8sIP) belongs to that node alone. Lists with an `owner` are only compared against; the cause is on the object judged.
 */
export function duplicateNodeErrors(lists: readonly NodeList[]): FieldError[] {
  const seen = new Map<string, { where: string; node: string }>();
  const errors: FieldError[] = [];
  const ordered = [...lists.filter((list) => list.owner !== undefined), ...lists.filter((list) => list.owner === undefined)];
  for (const list of ordered) {
    list.nodes.forEach((node, index) => {
      const nodeId = `${list.owner ?? ''}/${list.field}[${index}]`;
      for (const key of ['address', 'k8sIP'] as const) {
        const address = parseIp(node[key]);
        if (!address.ok) continue;
        const ip = formatIp(address.value);
        const field = `${list.field}[${index}].${key}`;
        const other = seen.get(ip);
        if (!other) {
          seen.set(ip, { where: list.owner ? `${list.owner} ${field}` : field, node: nodeId });
        } else if (other.node !== nodeId && list.owner === undefined) {
          const error = duplicate(field, node[key]);
          const detail = `already used by ${other.where}; a node IP belongs to one node pool only`;
          errors.push({ ...error, body: `${error.body}: ${detail}`, detail });
        }
      }
    });
  }
  return errors;
}

export const clusterNodesAreIpv4: Rule<Cluster> = {
  id: 'C-38',
  check: ({ object }) => clusterNodeLists(object).flatMap(nodeAddressErrors),
};

// The Cluster judges its own control-plane and load-balancer node pools; NodePools judge themselves against it.
export const clusterNodesUnique: Rule<Cluster> = {
  id: 'C-39',
  check: ({ object }) => duplicateNodeErrors(clusterNodeLists(object)),
};

export const nodeRules: readonly Rule<Cluster>[] = [clusterNodesAreIpv4, clusterNodesUnique];
