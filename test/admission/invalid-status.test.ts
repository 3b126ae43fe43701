import assert from 'node:assert/strict';
import { aggregateMessage, invalidStatus, qualifiedKindOf } from '../../src/admission/invalid-status.js';
import { type Cause } from '../../src/rules/judgement.js';

const S2: Cause = {
  reason: 'FieldValueInvalid', field: 'spec.ipFamilyPolicy', rule: 'S-2',
  message: 'Invalid value: "SingleStack": must be \'RequireDualStack\' or \'PreferDualStack\' when multiple IP families are specified [S-2]',
};
const S1: Cause = {
  reason: 'FieldValueNotSupported', field: 'spec.ipFamilies[0]', rule: 'S-1',
  message: 'Unsupported value: "IPv5": supported values: "IPv4", "IPv6" [S-1]',
};

describe('apimachinery NewInvalid + ToAggregate', () => {
  it('qualifies kinds as schema.GroupKind.String(): bare for core, Kind.group otherwise', () => {
    assert.equal(qualifiedKindOf('', 'Service'), 'Service');
    assert.equal(qualifiedKindOf('baremetal.cluster.gke.io', 'Cluster'), 'Cluster.baremetal.cluster.gke.io');
  });

  it('writes one cause as `<Kind> "<name>" is invalid: <field>: <body>` (the README\'s S-2 example)', () => {
    assert.equal(invalidStatus('', 'Service', 'web', [S2]).message,
      'Service "web" is invalid: spec.ipFamilyPolicy: Invalid value: "SingleStack": must be \'RequireDualStack\' or \'PreferDualStack\' when multiple IP families are specified [S-2]');
  });

  it('joins several causes with ", " inside [...]', () => {
    assert.equal(aggregateMessage([S1, S2]), `[spec.ipFamilies[0]: ${S1.message}, spec.ipFamilyPolicy: ${S2.message}]`);
  });

  it('prints a repeated cause once, and alone without brackets (aggregate.Error dedup)', () => {
    assert.equal(aggregateMessage([S2, S2]), `spec.ipFamilyPolicy: ${S2.message}`);
    assert.equal(aggregateMessage([S1, S2, S1]), `[spec.ipFamilies[0]: ${S1.message}, spec.ipFamilyPolicy: ${S2.message}]`);
  });

  it('keeps every cause in details.causes, with group only for non-core kinds', () => {
    const status = invalidStatus('baremetal.cluster.gke.io', 'ClusterCIDRConfig', 'ranges', [S1, S1]);
    assert.deepEqual(status.details, {
      name: 'ranges', group: 'baremetal.cluster.gke.io', kind: 'ClusterCIDRConfig',
      causes: [
        { reason: 'FieldValueNotSupported', field: 'spec.ipFamilies[0]', message: S1.message },
        { reason: 'FieldValueNotSupported', field: 'spec.ipFamilies[0]', message: S1.message },
      ],
    });
    assert.equal(status.code, 422);
    assert.equal(status.reason, 'Invalid');
    assert.equal(status.status, 'Failure');
    assert.equal('group' in invalidStatus('', 'Service', 'web', [S1]).details!, false);
  });
});
