import { rangesOverlap } from '../../net/index.js';
import { configRangesOf, otherConfigsInNamespace, selectorOf } from '../cluster-cidr-config-view.js';
import { type ClusterCidrConfig, nameOf } from '../objects.js';
import { invalid } from '../field-errors.js';
import { labelValueErrors, qualifiedNameErrors } from '../label-syntax.js';
import { type Finding, type Rule, warn } from '../rule.js';
import { DOCUMENTED_LABELS } from '../node-selection.js';

const MAX_KEY_WARNINGS = 3;
// A namespace may hold many configs; naming the first few twins is enough to act on.
const MAX_TWIN_WARNINGS = 3;

// R-13 (REF, seed doc): only matchLabels with the node-pool and k8s-ip labels is documented.
export const documentedSelector: Rule<ClusterCidrConfig> = {
  id: 'R-13',
  check({ object }) {
    const selector = selectorOf(object);
    const found: Finding[] = [];
    if (selector.expressions.length > 0) {
      found.push(warn('spec.nodeSelector.matchExpressions is not documented for ClusterCIDRConfig; use matchLabels'));
    }
    const unknown = selector.labels.map(([key]) => key).filter((key) => !DOCUMENTED_LABELS.includes(key));
    for (const key of unknown.slice(0, MAX_KEY_WARNINGS)) {
      found.push(warn(`spec.nodeSelector.matchLabels: ${JSON.stringify(key)} is not a documented label (node-pool, k8s-ip)`));
    }
    return found;
  },
};

// R-14 (K-CC, KEP2593, D2): with the same selector and overlapping ranges, only the allocator's tie-breaks decide.
export const ambiguousTwin: Rule<ClusterCidrConfig> = {
  id: 'R-14',
  check({ object, facts }) {
    const selector = selectorOf(object).identity;
    const ranges = configRangesOf(object);
    return otherConfigsInNamespace(facts, object)
      .filter((other) => selectorOf(other).identity === selector)
      .filter((other) => configRangesOf(other).some((theirs) => ranges.some((ours) => rangesOverlap(ours.cidr, theirs.cidr))))
      .slice(0, MAX_TWIN_WARNINGS)
      .map((other) => warn(`same nodeSelector and overlapping ranges as "${nameOf(other)}": the allocator's tie-breaks pick one`));
  },
};

// R-18 (K-CCC, metav1validation.ValidateLabels): a selector that breaks label syntax can never match a node. Causes as
// upstream places them: a bad key at matchLabels (the key as the value), a bad value at matchLabels[key].
export const labelSyntax: Rule<ClusterCidrConfig> = {
  id: 'R-18',
  check({ object }) {
    const field = 'spec.nodeSelector.matchLabels';
    return selectorOf(object).labels.flatMap(([key, value]) => [
      ...qualifiedNameErrors(key).map((error) => invalid(field, key, error)),
      ...labelValueErrors(value).map((error) => invalid(`${field}[${key}]`, value, error)),
    ]);
  },
};
