import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { yamlObjects } from '../../support/yaml.js';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/facts.js';
import { type Service } from '../../../src/rules/objects.js';
import { judgeService } from '../../../src/rules/service-rules.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';

const INVALID = path.join(PACKAGE_ROOT, 'examples', 'invalid');
const FILES = readdirSync(INVALID).filter((name) => /^S-\d+\.yaml$/.test(name)).sort();

function contentsOf(file: string): unknown[] {
  return yamlObjects<unknown>(readFileSync(file, 'utf8'), file);
}

describe('examples/invalid/S-*.yaml (a Service judged on the facts of its own file)', () => {
  it('covers every Service deny rule S-1 to S-8', () => {
    assert.deepEqual(FILES, ['S-1', 'S-2', 'S-3', 'S-4', 'S-5', 'S-6', 'S-7', 'S-8'].map((id) => `${id}.yaml`).sort());
  });

  for (const name of FILES) {
    it(`${name} is denied at the field its "# expect:" line names`, () => {
      const file = path.join(INVALID, name);
      const text = readFileSync(file, 'utf8');
      const expectation = /^# expect: (\S+) \[(S-\d+)\]$/.exec(text.split('\n')[0] ?? '');
      assert.ok(expectation, `${name} must start with "# expect: <field> [S-n]"`);
      const old = /^# old: (\S+)$/m.exec(text)?.[1];
      const contents = contentsOf(file);
      const service = contents.find((content) => (content as Service).kind === 'Service') as Service;
      const oldObject = old ? contentsOf(path.join(PACKAGE_ROOT, old))[0] as Service : undefined;
      const judgement = judgeService({
        object: service, oldObject, operation: oldObject ? 'UPDATE' : 'CREATE',
        facts: factsFromDocuments(contents, true), settings: DEFAULT_SETTINGS,
      });
      assert.deepEqual(judgement.causes.map((cause) => `${cause.field} [${cause.rule}]`), [`${expectation[1]} [${expectation[2]}]`]);
    });
  }
});
