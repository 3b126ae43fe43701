import { parseCidr, sameCidr } from '../../net/index.js';
import { FAMILY_KEYS, selectorOf } from '../cluster-cidr-config-view.js';
import { type FieldError, immutable } from '../field-errors.js';
import { type ClusterCidrConfig, isRecord, nameOf } from '../objects.js';
import { type Rule, warn } from '../rule.js';

function blockAt(config: unknown, key: string): unknown {
  return isRecord(config) && isRecord(config.spec) ? config.spec[key] : undefined;
}

function sameCidrText(a: unknown, b: unknown): boolean {
  const left = parseCidr(a);
  const right = parseCidr(b);
  return left.ok && right.ok ? sameCidr(left.value.cidr, right.value.cidr) : a === b;
}

// R-11 (REF, KEP2593, KR-12): the family blocks are fixed at creation; nodeSelector is mutable (D1).
export const familyBlocksImmutable: Rule<ClusterCidrConfig> = {
  id: 'R-11',
  check({ object, oldObject, operation }) {
    if (operation !== 'UPDATE' || oldObject === undefined) return [];
    return FAMILY_KEYS.flatMap((key) => {
      const now = blockAt(object, key);
      const before = blockAt(oldObject, key);
      if (!isRecord(now) || !isRecord(before)) {
        return isRecord(now) === isRecord(before) ? [] : [immutable(`spec.${key}`, now, before)];
      }
      const found: FieldError[] = [];
      if (!sameCidrText(now.cidr, before.cidr)) found.push(immutable(`spec.${key}.cidr`, now.cidr, before.cidr));
      if (now.perNodeMaskSize !== before.perNodeMaskSize) {
        found.push(immutable(`spec.${key}.perNodeMaskSize`, now.perNodeMaskSize, before.perNodeMaskSize));
      }
      return found;
    });
  },
};

// R-12 (KEP2593, D1): node podCIDRs are never reallocated, so a new selector only steers future allocations.
export const selectorChangeKeepsAllocations: Rule<ClusterCidrConfig> = {
  id: 'R-12',
  check({ object, oldObject, operation }) {
    if (operation !== 'UPDATE' || oldObject === undefined) return [];
    if (selectorOf(object).identity === selectorOf(oldObject).identity) return [];
    return [warn('nodeSelector changed: nodes keep the pod ranges already allocated; only new nodes follow it')];
  },
};

// R-16 (FLAT, KEP2593, GKE-CCC): a config in use stays Terminating behind its finalizer; pod CIDRs are never revoked.
export const deleteKeepsAllocations: Rule<ClusterCidrConfig> = {
  id: 'R-16',
  check({ object, operation }) {
    if (operation !== 'DELETE') return [];
    return [warn(`"${nameOf(object)}" stays Terminating while nodes use its ranges; their pod CIDRs are never revoked`)];
  },
};
