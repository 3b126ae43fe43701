import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { yamlObjects } from '../support/yaml.js';

export const MANIFESTS = path.join(PACKAGE_ROOT, 'manifests');

// The tests read the YAML themselves, with no help from the renderer: any hand edit or render bug shows here.
// Parsed YAML: the tests check it field by field.
export type KubeObject = Record<string, any>;

/** Every document of a YAML stream; a parse error fails the test that reads it. */
export function parseStream(text: string, source: string): KubeObject[] {
  return yamlObjects<KubeObject>(text, source);
}

/** The objects of a file under manifests/. */
export function readManifest(relative: string): KubeObject[] {
  return parseStream(readFileSync(path.join(MANIFESTS, relative), 'utf8'), relative);
}

export function only(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter((object) => object.kind === kind && (name === undefined || object.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0] as KubeObject;
}
