import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

// docs/architecture.md is the map: its layer table says what each part of src/ may import, and every file it names
// must exist. The imports are read from the code, as the TypeScript compiler would resolve them.
const MAP = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'architecture.md'), 'utf8');

interface Layer {
  readonly level: number;
  /** `src/net/` (a folder) or `src/paths.ts` (a file). */
  readonly entries: readonly string[];
}

function layersOfMap(): Layer[] {
  return MAP.split('\n').flatMap((line) => {
    const row = /^\| (\d+) \| ([^|]+) \|/.exec(line);
    return row ? [{ level: Number(row[1]), entries: [...row[2]!.matchAll(/`(src\/[^`]+)`/g)].map((match) => match[1]!) }] : [];
  });
}

/** The Mermaid picture: each node's label names its layer and entries (`2: rules/`), each `a --> b` an import. */
function pictureOfMap(): { nodes: Map<string, string[]>; edges: Set<string> } {
  const block = /```mermaid\n([\s\S]*?)```/.exec(MAP)?.[1] ?? '';
  const nodes = new Map([...block.matchAll(/^ *(\w+)\["\d+: ([^"]+)"\]/gm)]
    .map((match) => [match[1]!, match[2]!.split(', ').map((entry) => `src/${entry}`)] as [string, string[]]));
  const edges = new Set([...block.matchAll(/^ *(\w+) --> (\w+)$/gm)].map((match) => `${match[1]} --> ${match[2]}`));
  return { nodes, edges };
}

const SPECIFIER = new RegExp([
  String.raw`^(?:import|export)\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\}|\w+(?:\s*,\s*\{[^}]*\})?)\s+from\s+'([^']+)'`,
  String.raw`^import\s+'([^']+)'`,
  String.raw`\bimport\(\s*'([^']+)'\s*\)`,
].join('|'), 'gm');

/** Every .ts file of src/ with the src/ files it imports (relative specifiers only; packages are not ours). */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(path.join(PACKAGE_ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(PACKAGE_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(PACKAGE_ROOT, file), 'utf8');
    const targets = [...text.matchAll(SPECIFIER)].map((match) => match[1] ?? match[2] ?? match[3]!)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts'))
      .filter((target) => target.startsWith('src/') && target.endsWith('.ts'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

function entryOf(layers: readonly Layer[], file: string): { entry: string; level: number } | undefined {
  for (const layer of layers) {
    const entry = layer.entries.find((candidate) => (candidate.endsWith('/') ? file.startsWith(candidate) : file === candidate));
    if (entry) return { entry, level: layer.level };
  }
  return undefined;
}

/** Folders with a public entry (`index.ts`): nothing outside them imports another of their files. */
const ENTRIES = ['src/net/', 'src/rules/'];

function innerImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  return [...graph].flatMap(([file, targets]) => targets.flatMap((target) => {
    const folder = ENTRIES.find((entry) => target.startsWith(entry) && !file.startsWith(entry));
    return folder && target !== `${folder}index.ts` ? [`${file} imports ${target}, not ${folder}index.ts`] : [];
  }));
}

// `audit` prints what `check` prints (docs/audit.md): one judgement feeds check's result model and writers. Until those
// move to a room of their own, audit may import exactly them.
const CHECK_WRITERS = /^src\/cli\/check\/check-(judge|writers|output|findings|positions|sarif|github|junit)\.ts$/;

/** The commands' folders of src/cli/ (`check/`, `plan/`, …): a command's files import no other command's. */
function crossCommandImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const commandOf = (file: string) => /^src\/cli\/([^/]+)\//.exec(file)?.[1];
  return [...graph].flatMap(([file, targets]) => targets.flatMap((target) => {
    const [from, to] = [commandOf(file), commandOf(target)];
    if (from === 'audit' && CHECK_WRITERS.test(target)) return [];
    return from && to && from !== to ? [`${file} (${from}) imports ${target} (${to})`] : [];
  }));
}

/** One cycle per strongly connected part of the graph that has more than one file (or a file importing itself). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const part: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      part.push(member);
    } while (member !== file);
    if (part.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(part.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('docs/architecture.md: the layers hold in the code', () => {
  const layers = layersOfMap();
  const graph = importGraph();

  it('the map has six layers, from net/ up to cli/', () => {
    assert.deepEqual(layers.map((layer) => layer.level), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual([layers[0]!.entries[0], layers.at(-1)!.entries], ['src/net/', ['src/cli/']]);
  });

  it('places every file of src/ in a layer', () => {
    assert.ok(graph.size > 100, `${graph.size} files`);
    assert.deepEqual([...graph.keys()].filter((file) => entryOf(layers, file) === undefined), []);
  });

  it('has no import from a layer into the same or a higher layer\'s other folders', () => {
    const wrong = [...graph].flatMap(([file, targets]) => targets.flatMap((target) => {
      const from = entryOf(layers, file);
      const to = entryOf(layers, target);
      if (!from || !to || from.entry === to.entry || to.level < from.level) return [];
      return [`${file} (layer ${from.level}) imports ${target} (layer ${to.level})`];
    }));
    assert.deepEqual(wrong, []);
  });

  it('the picture draws exactly the imports between its boxes', () => {
    const { nodes, edges } = pictureOfMap();
    const nodeOf = (file: string) => [...nodes].find(([, entries]) => entries.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry)))?.[0];
    const drawn = new Set([...graph].flatMap(([file, targets]) => targets.flatMap((target) => {
      const [from, to] = [nodeOf(file), nodeOf(target)];
      return from && to && from !== to ? [`${from} --> ${to}`] : [];
    })));
    assert.equal(nodes.size, 9);
    assert.deepEqual([...edges].sort(), [...drawn].sort());
  });

  it('has no import cycle between files of src/ (type-only imports included)', () => {
    assert.deepEqual(cyclesOf(graph), []);
  });

  it('imports src/net/ and src/rules/ only through their index.ts from outside', () => {
    assert.ok(ENTRIES.every((entry) => graph.has(`${entry}index.ts`)));
    assert.deepEqual(innerImports(graph), []);
  });

  it('keeps each command in its folder of src/cli/, importing no other command\'s files', () => {
    const commands = new Set([...graph.keys()].flatMap((file) => /^src\/cli\/([^/]+)\//.exec(file)?.[1] ?? []));
    assert.deepEqual([...commands].sort(), ['audit', 'check', 'manifests', 'plan', 'serve', 'vap']);
    assert.deepEqual(crossCommandImports(graph), []);
  });

  it('finds a cycle and an upward import when there is one (the checks can fail)', () => {
    assert.deepEqual(crossCommandImports(new Map([['src/cli/plan/plan-command.ts', ['src/cli/check/check-judge.ts', 'src/cli/arguments.ts']]])),
      ['src/cli/plan/plan-command.ts (plan) imports src/cli/check/check-judge.ts (check)']);
    assert.deepEqual(innerImports(new Map([['src/cli/a.ts', ['src/rules/registry.ts', 'src/rules/index.ts']], ['src/rules/index.ts', ['src/rules/registry.ts']]])),
      ['src/cli/a.ts imports src/rules/registry.ts, not src/rules/index.ts']);
    assert.deepEqual(cyclesOf(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]])), [['a', 'b', 'c']]);
    assert.deepEqual(entryOf(layers, 'src/rules/registry.ts'), { entry: 'src/rules/', level: 2 });
    assert.ok(entryOf(layers, 'src/server/app.ts')!.level > entryOf(layers, 'src/admission/review.ts')!.level);
  });
});

describe('docs/architecture.md: every file it names exists', () => {
  it('names real paths', () => {
    const named = new Set([
      ...[...MAP.matchAll(/\b(?:src|test|scripts|schemas|examples|bench|manifests|certs|docs)\/[\w./-]*[\w/]/g)].map((match) => match[0]),
      ...[...MAP.matchAll(/\]\(([\w./-]+\.md)(?:#[\w-]*)?\)/g)].map((match) => `docs/${match[1]}`),
    ]);
    assert.ok(named.size > 40, `${named.size} paths`);
    assert.deepEqual([...named].filter((file) => !existsSync(path.join(PACKAGE_ROOT, file))), []);
  });
});
