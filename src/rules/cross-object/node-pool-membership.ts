import { clusterInNamespace } from '../cluster-view.js';
import { factsAvailable } from '../cluster-cidr-config-view.js';
import { type FieldError, immutable, invalid, required } from '../field-errors.js';
import { type NodePool, nameOf, namespaceOf } from '../objects.js';
import { type Rule } from '../rule.js';

// X-1 (seed doc, REF): a NodePool lives in its Cluster's namespace and names that Cluster; clusterName never changes.
// (The ClusterCIDRConfig half of X-1 is R-1.) D0: a namespace mismatch names metadata.namespace, a wrong name spec.clusterName.
export const nodePoolBelongsToCluster: Rule<NodePool> = {
  id: 'X-1',
  check({ object, oldObject, operation, facts }) {
    const found: FieldError[] = [];
    const clusterName = object.spec?.clusterName;
    const oldName = oldObject?.spec?.clusterName;
    if (operation === 'UPDATE' && oldObject !== undefined && oldName !== clusterName) {
      found.push(immutable('spec.clusterName', clusterName, oldName));
    }
    if (typeof clusterName !== 'string' || clusterName === '') {
      return [...found, required('spec.clusterName', 'must name the Cluster in the NodePool\'s namespace')];
    }
    if (!factsAvailable(facts, 'Cluster')) return found;
    const namespace = namespaceOf(object);
    const cluster = clusterInNamespace(facts, namespace);
    if (cluster) {
      if (nameOf(cluster) !== clusterName) {
        found.push(invalid('spec.clusterName', clusterName, `must be "${nameOf(cluster)}", the Cluster in namespace "${namespace}"`));
      }
      return found;
    }
    // Nothing known about any Cluster (a lone NodePool checked without its configuration): nothing to compare with.
    if (facts.clusters.length === 0 && !facts.complete) return found;
    const named = facts.clusters.find((candidate) => nameOf(candidate) === clusterName);
    found.push(invalid('metadata.namespace', namespace, named
      ? `must be "${namespaceOf(named)}", the namespace of Cluster "${clusterName}"`
      : `no Cluster found in namespace "${namespace}"; a NodePool must be in its Cluster's namespace`));
    return found;
  },
};
