import assert from 'node:assert/strict';
import { renderValue } from '../../src/rules/bad-value.js';
import { invalid, notSupported, tooMany } from '../../src/rules/field-errors.js';
import { invalidList } from '../../src/rules/service/go-values.js';

// Each value decoded from JSON as kube-apiserver's unstructured objects hold it (integers int64, other numbers
// float64), then `field.Invalid(path, value, "").ErrorBody()` of k8s.io/apimachinery v0.37.2 (what kube-apiserver
// 1.37.2 prints), run with Go 1.26: the value and the text after `Invalid value: `.
const APIMACHINERY_0_37_2: readonly (readonly [unknown, string])[] = [
  ["a", "\"a\""],
  ["a\"b\\c", "\"a\\\"b\\\\c\""],
  ["tab\tnl\ncr\r\u0000\u0007\u001f\u007f", "\"tab\\tnl\\ncr\\r\\x00\\a\\x1f\\x7f\""],
  ["\u00e9 \u00fc \u4e2d \ud83d\ude00", "\"\u00e9 \u00fc \u4e2d \ud83d\ude00\""],
  ["\u00a0\u00ad\u2028\u2029\u200b\ufeff", "\"\\u00a0\\u00ad\\u2028\\u2029\\u200b\\ufeff\""],
  ["<>&", "\"<>&\""],
  [0, "0"],
  [5, "5"],
  [-3, "-3"],
  [1.5, "1.5"],
  [0.1, "0.1"],
  [1000000.5, "1.0000005e+06"],
  [1234567.5, "1.2345675e+06"],
  [0.0001, "0.0001"],
  [1e-05, "1e-05"],
  [1e+21, "1e+21"],
  [1e-07, "1e-07"],
  [true, "true"],
  [false, "false"],
  [null, "null"],
  [[], "[]"],
  [["172.16.0.10", "fd12::5:a"], "[\"172.16.0.10\",\"fd12::5:a\"]"],
  [{"b": 1, "a": [1, 2.5, "x"], "c": null}, "{\"a\":[1,2.5,\"x\"],\"b\":1,\"c\":null}"],
  [{}, "{}"],
  [[{"z": "<a>", "y": "\u2028"}], "[{\"y\":\"\\u2028\",\"z\":\"\\u003ca\\u003e\"}]"],
  [123456.5, "123456.5"],
  [100000.5, "100000.5"],
  [12345678.25, "1.234567825e+07"],
  [0.000123, "0.000123"],
  [-0.5, "-0.5"],
  [-1234567.5, "-1.2345675e+06"],
  [1.5e+300, "1.5e+300"],
  [2.5e-300, "2.5e-300"],
  [[1000000.5, 1e-05, 1e-07, 1.5e+300, 123456.5], "[1000000.5,0.00001,1e-7,1.5e+300,123456.5]"],
  [{"\u00e9": 1, "z": 2, "A": 3, "\ud83d\ude00": 4, "\uffff": 5}, "{\"A\":3,\"z\":2,\"\u00e9\":1,\"\uffff\":5,\"\ud83d\ude00\":4}"],
  ["\u0080\u009f\u00ff\u0100\ud7ff\ue000\uffff\ufffd", "\"\\u0080\\u009f\u00ff\u0100\\ud7ff\\ue000\\uffff\ufffd\""],
  ["\u0001\b\u000b\f\u001b", "\"\\x01\\b\\v\\f\\x1b\""],
  [["\u0001\b\u000b\f\u001b\u007f\u2028<&>\u00a0"], "[\"\\u0001\\b\\u000b\\f\\u001b\u007f\\u2028\\u003c\\u0026\\u003e\u00a0\"]"],
  ["\udbff\udfff", "\"\\U0010ffff\""],
  ["\ud800x", "\"\ufffdx\""],
  [["\ud800x"], "[\"\ufffdx\"]"],
  [[{"pods": {"cidrBlocks": ["10.0.0.0/8"]}}, 7], "[{\"pods\":{\"cidrBlocks\":[\"10.0.0.0/8\"]}},7]"],
];

describe('bad values rendered as kube-apiserver 1.34+ does (field.Error, KS-22)', () => {
  for (const [value, expected] of APIMACHINERY_0_37_2) {
    it(`renders ${JSON.stringify(value)} as ${expected}`, () => {
      assert.equal(renderValue(value), expected);
    });
  }

  it('renders a list of cluster IPs as JSON, an empty one (nil in kube-apiserver) as null', () => {
    assert.equal(invalidList('spec.clusterIPs', ['172.16.0.10', 'fd12::5:a'], 'x').body, 'Invalid value: ["172.16.0.10","fd12::5:a"]: x');
    assert.equal(invalidList('spec.clusterIPs', [], 'primary clusterIP can not be unset').body,
      'Invalid value: null: primary clusterIP can not be unset');
  });

  it('quotes supported values as strconv.Quote and says item for a maximum of one', () => {
    assert.equal(notSupported('spec.x', 'a\u00a0b', ['IPv4', 'IPv6']).body, 'Unsupported value: "a\\u00a0b": supported values: "IPv4", "IPv6"');
    assert.equal(tooMany('spec.x', 3, 1).body, 'Too many: 3: must have at most 1 item');
    assert.equal(tooMany('spec.x', 3, 2).body, 'Too many: 3: must have at most 2 items');
  });

  it('cuts a long value after 256 characters, a hostile list without rendering it whole', () => {
    const long = 'x'.repeat(10_000);
    assert.equal(renderValue(long), `"${'x'.repeat(255)}...(truncated)`);
    const list = Array.from({ length: 500_000 }, (_, index) => `10.0.${index}.1`);
    const text = renderValue(list);
    assert.ok(text.startsWith('["10.0.0.1","10.0.1.1",'));
    assert.ok(text.endsWith('...(truncated)'));
    assert.equal(text.length, 256 + '...(truncated)'.length);
    assert.equal(invalid('spec.x', { a: list }, 'd').body.length, 'Invalid value: '.length + 256 + '...(truncated)'.length + ': d'.length);
  });
});
