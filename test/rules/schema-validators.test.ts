import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { GENERATED_FOLDER, generatedFiles } from '../../scripts/compile-schemas.js';

describe('schema validators: compiled at build time', () => {
  it('the generated validators are what a fresh compile of schemas/ gives (run npm run build:schemas after a schema change)', () => {
    const fresh = generatedFiles();
    assert.deepEqual(readdirSync(GENERATED_FOLDER).sort(), Object.keys(fresh).sort());
    for (const [name, text] of Object.entries(fresh)) {
      assert.ok(readFileSync(path.join(GENERATED_FOLDER, name), 'utf8') === text, `src/rules/generated/${name} differs from a fresh compile`);
    }
  });
});
