import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { judgeClusterCidrConfig } from '../../../src/rules/cluster-cidr-config-rules.js';
import { judgeCluster } from '../../../src/rules/cluster-rules.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/facts.js';
import { type Judgement } from '../../../src/rules/judgement.js';
import { judgeNodePool } from '../../../src/rules/node-pool-rules.js';
import { type KubernetesObject } from '../../../src/rules/objects.js';
import { type RuleContext } from '../../../src/rules/rule.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { documentsOf } from './support.js';

const INVALID = path.join(PACKAGE_ROOT, 'examples', 'invalid');
const CLUSTER_EXAMPLES = readdirSync(INVALID).filter((name) => /^C-\d+\.yaml$/.test(name)).sort();

const JUDGES: Record<string, (context: RuleContext<never>) => Judgement> = {
  Cluster: judgeCluster,
  NodePool: judgeNodePool,
  ClusterCIDRConfig: judgeClusterCidrConfig,
};

/** Every document judged as `check` does: a CREATE, with the file's documents as complete facts. */
function causesOf(file: string): string[] {
  const documents = documentsOf(`examples/invalid/${file}`);
  const facts = factsFromDocuments(documents, true);
  return documents.flatMap((document: KubernetesObject) => {
    const judge = JUDGES[document.kind ?? ''];
    assert.ok(judge, `${file}: unexpected kind ${document.kind}`);
    const judgement = judge({ object: document as never, operation: 'CREATE', facts, settings: DEFAULT_SETTINGS });
    return judgement.causes.map((cause) => `${document.kind} ${cause.field} [${cause.rule}]`);
  });
}

describe('examples/invalid/C-*.yaml (one file per deny rule shown by a CREATE)', () => {
  it('has a file for each such rule', () => {
    assert.deepEqual(CLUSTER_EXAMPLES.map((name) => name.replace('.yaml', '')), [
      'C-11', 'C-16', 'C-17', 'C-18', 'C-2', 'C-24', 'C-25', 'C-26', 'C-27', 'C-28', 'C-3', 'C-31', 'C-34', 'C-35',
      'C-36', 'C-38', 'C-39', 'C-42', 'C-44', 'C-5', 'C-7', 'C-8', 'C-9',
    ]);
  });

  for (const file of CLUSTER_EXAMPLES) {
    it(`${file} is denied only at the field its "# expect:" line names`, () => {
      const expect = /^# expect: (\S+) \[(C-\d+)\]$/m.exec(readFileSync(path.join(INVALID, file), 'utf8').split('\n')[0] ?? '');
      assert.ok(expect, `${file} must start with "# expect: <field> [C-n]"`);
      assert.equal(expect[2], file.replace('.yaml', ''));
      assert.deepEqual(causesOf(file), [`Cluster ${expect[1]} [${expect[2]}]`]);
    });
  }
});
