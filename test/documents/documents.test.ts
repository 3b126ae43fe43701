import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { MAX_FLOW_DEPTH, MAX_INPUT_BYTES, UnreadableInputError, parseDocuments, readDocuments } from '../../src/documents/documents.js';
import { factsFromDocuments } from '../../src/documents/facts-from-documents.js';

function unreadable(text: string): { line: number | undefined; detail: string } {
  try {
    parseDocuments(text, 'input.yaml');
  } catch (error) {
    if (!(error instanceof UnreadableInputError)) throw error;
    assert.equal(error.file, 'input.yaml');
    return { line: error.line, detail: error.detail };
  }
  return assert.fail('parsed without an error');
}

describe('reading YAML documents (the one loader of check and --cluster-config)', () => {
  it('gives each document its position and first line; empty documents are skipped', () => {
    const documents = parseDocuments('# head\na: 1\n---\n---\n\nb: [2]\n', 'in.yaml');
    assert.deepEqual(documents.map(({ index, line, content }) => ({ index, line, content })), [
      { index: 0, line: 2, content: { a: 1 } },
      { index: 2, line: 6, content: { b: [2] } },
    ]);
  });

  it('names the line of a syntax error or a duplicate key, and the document of an unknown alias', () => {
    assert.deepEqual(unreadable('a: 1\nb:\n\tc: 2\n'), { line: 3, detail: 'Tabs are not allowed as indentation' });
    assert.deepEqual(unreadable('kind: Service\nkind: Service\n'), { line: 2, detail: 'Map keys must be unique' });
    assert.deepEqual(unreadable('a: 1\n---\nb: *nope\n'),
      { line: 2, detail: 'Unresolved alias (the anchor must be set before the alias): nope' });
  });

  it('resolves merge keys (`<<`) as kubectl does, the document\'s own keys winning', () => {
    const [document] = parseDocuments('base: &base {a: 1, b: 2}\nobject:\n  <<: *base\n  b: 3\n', 'in.yaml');
    assert.deepEqual(document?.content, { base: { a: 1, b: 2 }, object: { a: 1, b: 3 } });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i += 1) {
      const previous = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    assert.match(unreadable(levels.join('\n')).detail, /Excessive alias count/);
  });

  it(`refuses flow collections nested deeper than ${MAX_FLOW_DEPTH}, at the line where they do, without parsing them`, () => {
    // 8 MB of `[` used to exhaust a 4 GiB heap and end the process.
    const hostile = `a: 1\nb: ${'['.repeat(4_000_000)}${']'.repeat(4_000_000)}\n`;
    assert.deepEqual(unreadable(hostile), { line: 2, detail: `flow collections nested deeper than ${MAX_FLOW_DEPTH}` });
    const deepest = parseDocuments(`${'['.repeat(MAX_FLOW_DEPTH)}${']'.repeat(MAX_FLOW_DEPTH)}`, 'in.yaml');
    assert.equal(deepest.length, 1);
  });

  it('counts only indicators: brackets in strings and block scalars are text', () => {
    const text = `a: "${'['.repeat(MAX_FLOW_DEPTH + 1)}"\nb: |\n  [\nc: '{'\n`;
    assert.deepEqual(parseDocuments(text, 'in.yaml')[0]?.content, { a: '['.repeat(MAX_FLOW_DEPTH + 1), b: '[\n', c: '{' });
  });

  it('refuses block nesting too deep for the parser as unreadable input, with a line', () => {
    const text = Array.from({ length: 5_000 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n');
    const { line, detail } = unreadable(text);
    assert.ok(line !== undefined && line > 1, String(line));
    assert.equal(detail, 'Maximum call stack size exceeded');
  });

  it('reads a device that reports size 0 (/dev/zero) as a stream and refuses it at the size limit', async () => {
    await assert.rejects(readDocuments(['/dev/zero']), (error: unknown) =>
      error instanceof UnreadableInputError && error.file === '/dev/zero' && error.detail === `larger than ${MAX_INPUT_BYTES} bytes`);
  });

  it('reads stdin as `-` and says which path does not exist', async () => {
    const documents = await readDocuments(['-'], Readable.from(['kind: Service\n']));
    assert.deepEqual(documents.map(({ file, content }) => ({ file, content })), [{ file: '-', content: { kind: 'Service' } }]);
    await assert.rejects(readDocuments(['/nonexistent/cluster.yaml']),
      (error: unknown) => error instanceof UnreadableInputError && error.message === '/nonexistent/cluster.yaml: no such file or directory');
  });

  it('takes the facts from the items of a List, by group and kind, ignoring everything else', () => {
    const cluster = { apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'Cluster', metadata: { name: 'c', namespace: 'n' } };
    const facts = factsFromDocuments([
      { apiVersion: 'v1', kind: 'List', items: [cluster, null, 5] },
      { apiVersion: 'example.com/v1', kind: 'Cluster', metadata: { name: 'other' } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'kubernetes' } },
      'text',
    ], true);
    assert.deepEqual(facts.clusters, [cluster]);
    assert.deepEqual(facts.serviceCidrs.map((object) => object.metadata?.name), ['kubernetes']);
    assert.deepEqual([facts.nodePools, facts.clusterCidrConfigs, facts.complete], [[], [], true]);
  });
});
