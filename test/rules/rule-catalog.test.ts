import assert from 'node:assert/strict';
import { catalogRule, levelOf, plainSummary } from '../../src/rules/rule-catalog.js';

describe('rule catalog (generated from RULES.md)', () => {
  it('levels follow the response column: deny → error, warn → warning', () => {
    assert.equal(levelOf(catalogRule('C-9')), 'error');
    assert.equal(levelOf(catalogRule('C-4')), 'warning');
    assert.equal(levelOf(catalogRule('R-18')), 'error');
  });

  it('resolves source keys to URLs, repository paths to GitHub links', () => {
    assert.equal(catalogRule('C-7')?.sources[0]?.url,
      'https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/reference/cluster-config-ref');
    assert.equal(catalogRule('R-18')?.sources[0]?.url,
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/networking/validation/validation.go');
  });

  it('summarises a rule by its first sentence without Markdown', () => {
    assert.equal(plainSummary('Pool entry: `name` required. More.'), 'Pool entry: name required.');
  });
});
