import assert from 'node:assert/strict';
import { decodeAdmissionReview, missingObjectOf } from '../../src/admission/admission-review.js';
import { encodePatch } from '../../src/admission/json-patch.js';

const REQUEST = {
  uid: 'u-1', kind: { group: '', version: 'v1', kind: 'Service' }, operation: 'CREATE', name: 'web', namespace: 'default',
  object: { metadata: { name: 'web' } },
};
const review = (request: unknown) => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });

describe('AdmissionReview v1 decoding', () => {
  it('reads uid, kind, operation, name, namespace, object, oldObject and dryRun', () => {
    assert.deepEqual(decodeAdmissionReview(review({ ...REQUEST, dryRun: true })), {
      ok: true,
      request: {
        uid: 'u-1', kind: { group: '', version: 'v1', kind: 'Service' }, operation: 'CREATE', name: 'web',
        namespace: 'default', object: { metadata: { name: 'web' } }, oldObject: null, dryRun: true,
      },
    });
  });

  it('takes a core kind without a group field as group ""', () => {
    const decoded = decodeAdmissionReview(review({ ...REQUEST, kind: { version: 'v1', kind: 'Service' } }));
    assert.equal(decoded.ok && decoded.request.kind.group, '');
  });

  for (const [name, body, reason] of [
    ['a string', 'x', 'body must be a JSON object: an admission.k8s.io/v1 AdmissionReview'],
    ['v1beta1', { ...review(REQUEST), apiVersion: 'admission.k8s.io/v1beta1' }, 'apiVersion must be "admission.k8s.io/v1", got "admission.k8s.io/v1beta1"'],
    ['a request array', review([REQUEST]), 'request is required: an AdmissionReview without a request has nothing to judge'],
    ['a numeric uid', review({ ...REQUEST, uid: 5 }), 'request.uid is required'],
    ['an empty kind', review({ ...REQUEST, kind: { group: '', version: 'v1', kind: '' } }), 'request.kind must be {group, version, kind}'],
    ['a numeric name', review({ ...REQUEST, name: 1 }), 'request.name must be a string'],
    ['a string dryRun', review({ ...REQUEST, dryRun: 'yes' }), 'request.dryRun must be a boolean'],
  ] as const) {
    it(`refuses ${name}`, () => {
      assert.deepEqual(decodeAdmissionReview(body), { ok: false, reason });
    });
  }

  it('needs object on CREATE/UPDATE and oldObject on UPDATE/DELETE', () => {
    const decode = (request: unknown) => {
      const decoded = decodeAdmissionReview(review(request));
      assert.ok(decoded.ok);
      return missingObjectOf(decoded.request);
    };
    assert.equal(decode(REQUEST), undefined);
    assert.equal(decode({ ...REQUEST, object: [] }), 'request.object must be an object for CREATE');
    assert.equal(decode({ ...REQUEST, operation: 'UPDATE' }), 'request.oldObject must be an object for UPDATE');
    assert.equal(decode({ ...REQUEST, operation: 'DELETE', object: null, oldObject: { metadata: {} } }), undefined);
    assert.equal(decode({ ...REQUEST, operation: 'DELETE', object: null }), 'request.oldObject must be an object for DELETE');
    assert.equal(decode({ ...REQUEST, operation: 'CONNECT', object: null }), undefined);
  });
});

describe('JSON Patch encoding', () => {
  it('is base64 of the RFC 6902 array', () => {
    const patch = [{ op: 'add' as const, path: '/spec/ipFamilyPolicy', value: 'SingleStack' }];
    assert.equal(Buffer.from(encodePatch(patch), 'base64').toString('utf8'), '[{"op":"add","path":"/spec/ipFamilyPolicy","value":"SingleStack"}]');
  });
});
