import { type Node, type Pair, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { fieldSteps } from '../rules/index.js';
import { type YamlSource } from './documents.js';

/** 1-based line and column (UTF-16 code units, SARIF's default) of a YAML node; the end is just past it. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Where a cause points, and for a node reached through an alias or a merge key, the anchor it came from. */
export interface FieldPosition extends Position {
  readonly anchor?: Position;
}

function positionOfRange(source: YamlSource, start: number, end: number): Position {
  // A block node's range runs past its last line's break and the blank lines after it: end on its last character.
  while (end > start && /\s/.test(source.text[end - 1] ?? '')) end -= 1;
  const from = source.lineCounter.linePos(start);
  const to = source.lineCounter.linePos(Math.max(start, end));
  return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
}

function positionOfNode(source: YamlSource, node: Node): Position {
  const [start, valueEnd] = node.range ?? [0, 0];
  return positionOfRange(source, start, valueEnd);
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

// With `merge: true` the parser gives a merge key the value Symbol(<<).
function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && pair.key.source === '<<';
}

interface Step {
  /** The node reached; a missing field stops at its parent. */
  readonly node: Node;
  /** The key of the pair that holds `node`, where a missing child points. */
  readonly key?: Node;
  /** The alias or merge-key value (`<<: *base`) the walk went through: the use, where a cause points. */
  readonly use?: Node;
  readonly anchor?: Node;
}

/** The pair for `key` in a map, looking through merge keys (`<<: *base`), as kubectl's reader resolves them. */
function pairIn(source: YamlSource, map: Node, key: string | number, depth = 0): { pair: Pair; use?: Node; anchor?: Node } | undefined {
  if (!isMap(map) || depth > 8) return undefined;
  const own = map.items.find((pair) => !isMergeKey(pair) && String(keyOf(pair)) === String(key));
  if (own) return { pair: own };
  for (const pair of map.items) {
    if (!isMergeKey(pair)) continue;
    const uses = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const use of uses) {
      const target = isAlias(use) ? use.resolve(source.document) : use;
      const found = target ? pairIn(source, target as Node, key, depth + 1) : undefined;
      if (found && isPair(found.pair)) return { pair: found.pair, use: use as Node, anchor: (found.pair.value ?? target) as Node };
    }
  }
  return undefined;
}

function walk(source: YamlSource, root: Node, steps: readonly (string | number)[]): Step {
  let step: Step = { node: root };
  for (const key of steps) {
    if (step.use) return step; // inside an anchor: the use is what the user wrote at this object
    let node: Node = step.node;
    if (isAlias(node)) {
      const target = node.resolve(source.document) as Node | undefined;
      if (!target) return step;
      step = { ...step, use: node, anchor: target };
      return step;
    }
    if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) return step;
      step = { node: item };
      continue;
    }
    const found = pairIn(source, node, key);
    if (!found || !found.pair.value) {
      return found ? { node: found.pair.key as Node } : { node: step.key ?? node };
    }
    node = found.pair.value as Node;
    step = { node, key: found.pair.key as Node, ...(found.use ? { use: found.use } : {}), ...(found.anchor ? { anchor: found.anchor } : {}) };
  }
  if (isAlias(step.node) && !step.use) {
    const target = step.node.resolve(source.document) as Node | undefined;
    return { ...step, use: step.node, ...(target ? { anchor: target } : {}) };
  }
  return step;
}

/** The node of an object: the document's contents, or `items[item]` of a `kind: List` document. */
function objectNode(source: YamlSource, item: number | undefined): Node | undefined {
  const contents = source.document.contents as Node | null;
  if (!contents) return undefined;
  if (item === undefined) return contents;
  const items = pairIn(source, contents, 'items')?.pair.value;
  return isSeq(items) ? (items.items[item] as Node | undefined) ?? contents : contents;
}

/** The first line of an object (the document start, or its own line for an item of a `kind: List`). */
export function objectPosition(source: YamlSource, item?: number): Position {
  const node = objectNode(source, item);
  if (!node?.range) return positionOfRange(source, source.document.range[0], source.document.range[0]);
  const start = positionOfRange(source, node.range[0], node.range[0]);
  return { ...start, endLine: start.line, endColumn: start.column + 1 };
}

/**
 * The YAML node a cause's field path names, counted in the whole file: the value for an invalid value, the parent
 * key for a missing field, the list for a count, the object's first line for an object-level cause (empty path).
 * A node reached through an alias or a merge key points at the use, with the anchor beside it.
 */
export function fieldPosition(source: YamlSource, item: number | undefined, field: string): FieldPosition {
  const root = objectNode(source, item);
  const steps = fieldSteps(field);
  if (!root || steps.length === 0) return objectPosition(source, item);
  const step = walk(source, root, steps);
  if (step.node === root) return objectPosition(source, item);
  const target = step.use ?? step.node;
  const position = positionOfNode(source, target);
  return step.anchor ? { ...position, anchor: positionOfNode(source, step.anchor) } : position;
}
