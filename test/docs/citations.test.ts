import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

// A clone without ../shared must still explain every ID the code cites: rules (C-, R-, S-, X-n) and decisions (Dn) in
// docs/rules.md, kube-apiserver's Service facts (KS-n, K8S2) in docs/kube-apiserver-services.md, the upstream
// ClusterCIDRConfig facts (KR-n, K8S1) in docs/clustercidr-upstream.md. An ID is defined where it opens a heading or
// is the first cell of a table row.
const CITED = /\b(?:[CRSX]-\d+|D\d{1,2}|KS-\d+|KR-\d+|K8S\d+)\b/g;
const CODE_FOLDERS = ['src', 'test', 'scripts', 'bench'];

function filesUnder(folder: string, extension: string): string[] {
  return readdirSync(path.join(PACKAGE_ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => path.relative(PACKAGE_ROOT, path.join(entry.parentPath, entry.name)));
}

function definedIds(): Set<string> {
  const ids = new Set<string>();
  for (const file of filesUnder('docs', '.md')) {
    for (const line of readFileSync(path.join(PACKAGE_ROOT, file), 'utf8').split('\n')) {
      const id = /^#{1,6} ([A-Z][A-Z0-9]*-?\d+)\b/.exec(line)?.[1] ?? /^\| ([A-Z][A-Z0-9]*-\d+) \|/.exec(line)?.[1];
      if (id) ids.add(id);
    }
  }
  return ids;
}

describe('citations resolve inside the repository', () => {
  const sources = [...CODE_FOLDERS.flatMap((folder) => filesUnder(folder, '.ts')), ...filesUnder('docs', '.md'), 'README.md']
    .filter((file) => file !== path.join('test', 'docs', 'citations.test.ts'));

  it('every rule, decision and upstream fact cited in src/, test/, scripts/, bench/, docs/ and README.md is defined in docs/', () => {
    const defined = definedIds();
    assert.ok(['C-45', 'R-18', 'S-11', 'X-9', 'D0', 'D19', 'KS-1', 'KS-22', 'KR-14', 'K8S1', 'K8S2'].every((id) => defined.has(id)),
      [...defined].join(' '));
    const unresolved = sources.flatMap((file) => [...new Set(readFileSync(path.join(PACKAGE_ROOT, file), 'utf8').match(CITED) ?? [])]
      .filter((id) => !defined.has(id)).map((id) => `${file}: ${id}`));
    assert.deepEqual(unresolved, []);
  });

  it('no file cites the catalog, the specification or the research notes outside the repository', () => {
    const outside = /\b(?:RULES|SPEC)(?:\.md)?\b(?! *\d)|\breference\/[\w-]+\.md/;
    const offending = sources.flatMap((file) => readFileSync(path.join(PACKAGE_ROOT, file), 'utf8').split('\n')
      .map((line, index) => ({ line, number: index + 1 }))
      // The catalog test compares docs/rules.md with ../shared/RULES.md when it is there; that is not a citation.
      .filter(({ line }) => outside.test(line) && !/shared\/RULES\.md|'shared', 'RULES\.md'/.test(line))
      .map(({ line, number }) => `${file}:${number}: ${line.trim()}`));
    assert.deepEqual(offending, []);
  });
});
