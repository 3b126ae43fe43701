import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';
import { PACKAGE_ROOT } from '../../../src/paths.js';

export const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'admission');

export function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export interface ReviewParts {
  readonly uid?: string;
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  readonly object?: unknown;
  readonly oldObject?: unknown;
  readonly name?: string;
  readonly namespace?: string;
  readonly dryRun?: boolean;
}

/** An AdmissionReview v1 request as kube-apiserver sends it. */
export function reviewOf(parts: ReviewParts): Record<string, unknown> {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: parts.uid ?? 'c1b6c4a8-0000-4000-8000-000000000001',
      kind: { group: parts.group ?? '', version: parts.version ?? 'v1', kind: parts.kind },
      resource: { group: parts.group ?? '', version: parts.version ?? 'v1', resource: `${parts.kind.toLowerCase()}s` },
      name: parts.name ?? '',
      namespace: parts.namespace ?? '',
      operation: parts.operation ?? 'CREATE',
      userInfo: { username: 'admin' },
      object: parts.object ?? null,
      oldObject: parts.oldObject ?? null,
      dryRun: parts.dryRun ?? false,
    },
  };
}

export function serviceReview(spec: Record<string, unknown>, parts: Partial<ReviewParts> = {}): Record<string, unknown> {
  return reviewOf({
    kind: 'Service', name: 'web', namespace: 'default',
    object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec },
    ...parts,
  });
}

/** A pino logger whose JSON lines land in `lines`, for assertions on the log. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** RFC 6902 add/replace/remove on plain JSON, enough to apply the webhook's patches in tests. */
export function applyPatch(document: unknown, operations: readonly { op: string; path: string; value?: unknown }[]): unknown {
  const copy = structuredClone(document) as Record<string, unknown>;
  for (const operation of operations) {
    const segments = operation.path.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = segments.pop()!;
    let parent: Record<string, unknown> | unknown[] = copy;
    for (const segment of segments) parent = (parent as Record<string, unknown>)[segment] as Record<string, unknown>;
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (operation.op === 'add') parent.splice(index, 0, operation.value);
      else if (operation.op === 'replace') parent[index] = operation.value;
      else parent.splice(index, 1);
    } else if (operation.op === 'remove') {
      delete parent[last];
    } else {
      parent[last] = operation.value;
    }
  }
  return copy;
}

export function decodePatch(patch: string): { op: string; path: string; value?: unknown }[] {
  return JSON.parse(Buffer.from(patch, 'base64').toString('utf8')) as { op: string; path: string; value?: unknown }[];
}
