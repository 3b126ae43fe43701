import { type AuditChange, type AuditSource } from '../../cluster/audit-source.js';
import { keyOf } from '../../cluster/kube-objects.js';
import { type WatchedKind, type WatchedResource } from '../../cluster/kube-resources.js';
import { type WatchLogger } from '../../cluster/watch-kind.js';
import { type ReportWrites } from '../../cluster/report-writes.js';
import { describeError } from '../../cluster/watch-kind.js';
import { type Settings } from '../../rules/index.js';
import { type AuditMetrics } from './audit-metrics.js';
import { type AuditResult, compareResults, judgeStoredObject } from './audit-judge.js';
import { CoalescedWrites } from './coalesced-writes.js';
import { REPORT_LABELS, REPORT_NAME, type ReportApi, buildReport, reportResultsOf } from './report.js';

/** Where the reports go; none when the API serves no report kind (or `--reports none`). */
export interface ReportTarget {
  readonly api: ReportApi;
  readonly writes: ReportWrites;
}

export interface AuditorOptions {
  readonly source: AuditSource;
  readonly settings: Settings;
  /** `--namespace`: judge and report only these; every namespace when undefined. */
  readonly namespaces: ReadonlySet<string> | undefined;
  readonly reports: ReportTarget | undefined;
  readonly logger: WatchLogger;
  readonly metrics?: AuditMetrics | undefined;
  /** At most one write per namespace per this many ms (docs/audit.md: one per second). */
  readonly writeIntervalMs?: number;
  /** After a failed write, the namespace is written again this much later. */
  readonly retryMs?: number;
}

const ADMIN_KINDS: readonly WatchedKind[] = ['Cluster', 'NodePool', 'ClusterCIDRConfig'];
const WRITE_CONCURRENCY = 8;

function labelSelectorOf(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
}

/**
 * Keeps every judged object's result and each namespace's report: judges what a change affects, and writes a
 * namespace's report only when its content changed, at most once per interval (CoalescedWrites).
 */
export class Auditor {
  private readonly byNamespace = new Map<string, Map<string, AuditResult>>();
  /** The report content last written per namespace; `undefined` for one found but not written by this process. */
  private readonly written = new Map<string, string | undefined>();
  private readonly writtenCounts = new Map<string, Map<string, number>>();
  private readonly coalesced: CoalescedWrites;
  private readonly pending: { all: Set<WatchedKind>; keys: Map<WatchedKind, Set<string>> } = { all: new Set(), keys: new Map() };
  private flushScheduled = false;
  /** Changes wait (pending) until the first reports are written: then one pass judges what they affect. */
  private paused = true;
  private stopped = false;
  private readonly retryTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: AuditorOptions) {
    this.coalesced = new CoalescedWrites(async (namespace) => { await this.writeNamespace(namespace); }, options.writeIntervalMs ?? 1000);
  }

  /** Every result, in output order. */
  results(): AuditResult[] {
    return [...this.byNamespace.values()].flatMap((results) => [...results.values()]).sort(compareResults);
  }

  /** Judges every listed object. */
  judgeAll(): void {
    this.byNamespace.clear();
    for (const resource of this.options.source.resources) this.judgeKind(resource, undefined);
  }

  /**
   * Writes every namespace's report and deletes ours where nothing is left to report; resolves when done. A failed
   * write is logged and counted, and makes the returned list of problems longer.
   */
  async writeAll(): Promise<string[]> {
    const target = this.options.reports;
    if (!target) return [];
    const problems: string[] = [];
    // A failed list leaves only our old reports where nothing is left to report unfound: every finding is still written
    // (`audit --watch` goes on with them; a one-shot audit exits 2 on the problem all the same).
    let existing = new Set<string>();
    try {
      existing = await target.writes.namespacesWith(labelSelectorOf(REPORT_LABELS));
    } catch (error) {
      const problem = `list ${target.api.kind}s: ${describeError(error)}`;
      this.options.logger.warn({ problem }, 'report list failed; writing the reports of what was found');
      problems.push(problem);
    }
    for (const namespace of existing) if (this.inScope(namespace) && !this.written.has(namespace)) this.written.set(namespace, undefined);
    const namespaces = [...new Set([...this.byNamespace.keys(), ...this.written.keys()])].sort();
    let next = 0;
    const worker = async () => {
      while (next < namespaces.length) {
        const namespace = namespaces[next++]!;
        const problem = await this.writeNamespace(namespace);
        if (problem) problems.push(problem);
      }
    };
    await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
    return problems;
  }

  /** `audit --watch`: a change of the objects or facts; what it affects is judged again on the next turn. */
  changed(change: AuditChange): void {
    if (this.stopped) return;
    if (change.keys === undefined) this.pending.all.add(change.kind);
    else {
      const keys = this.pending.keys.get(change.kind) ?? new Set<string>();
      for (const key of change.keys) keys.add(key);
      this.pending.keys.set(change.kind, keys);
    }
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.paused) return;
    if (this.pending.all.size + this.pending.keys.size === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.rejudgePending();
    });
  }

  /** From now on, changes are judged and written as they come (`audit --watch`, after writeAll). */
  resume(): void {
    this.paused = false;
    this.scheduleFlush();
  }

  /** Resolves when every scheduled write is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.coalesced.idle();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    await this.coalesced.stop();
  }

  private inScope(namespace: string): boolean {
    return this.options.namespaces === undefined || this.options.namespaces.has(namespace);
  }

  private resourceOf(kind: WatchedKind): WatchedResource | undefined {
    return this.options.source.resources.find((resource) => resource.kind === kind);
  }

  /** Judges the objects of a kind (only `keys` when given); returns the namespaces whose results changed. */
  private judgeKind(resource: WatchedResource, keys: ReadonlySet<string> | undefined): Set<string> {
    const touched = new Set<string>();
    if (resource.kind === 'ServiceCIDR') return touched; // facts only, never judged
    const { source, settings } = this.options;
    const facts = source.facts();
    const judge = (key: string, object: ReturnType<AuditSource['objectOf']>) => {
      const namespace = key.slice(0, key.indexOf('/'));
      if (!this.inScope(namespace)) return;
      const id = `${resource.kind}/${key}`;
      const results = this.byNamespace.get(namespace) ?? new Map<string, AuditResult>();
      const result = object === undefined ? undefined : judgeStoredObject(resource, object, facts, settings);
      if (result === undefined) {
        if (!results.delete(id)) return;
      } else {
        results.set(id, result);
      }
      if (results.size === 0) this.byNamespace.delete(namespace);
      else this.byNamespace.set(namespace, results);
      touched.add(namespace);
    };
    if (keys === undefined) {
      // Every object of the kind: those gone since are removed too.
      const present = new Set<string>();
      for (const object of source.objectsOf(resource.kind)) {
        const key = keyOf(object);
        if (key === undefined) continue;
        present.add(key);
        judge(key, object);
      }
      const prefix = `${resource.kind}/`;
      const gone = [...this.byNamespace.values()].flatMap((results) => [...results.keys()])
        .filter((id) => id.startsWith(prefix) && !present.has(id.slice(prefix.length)));
      for (const id of gone) judge(id.slice(prefix.length), undefined);
    } else {
      for (const key of keys) judge(key, source.objectOf(resource.kind, key));
    }
    return touched;
  }

  private rejudgePending(): void {
    const all = new Set(this.pending.all);
    const keys = new Map(this.pending.keys);
    this.pending.all.clear();
    this.pending.keys.clear();
    // What a change affects: the cross-object rules read every Cluster, NodePool and ClusterCIDRConfig, so a change
    // to any of them judges all of those again; a Service reads its Cluster or the ServiceCIDRs (D18).
    const adminChanged = ADMIN_KINDS.some((kind) => all.has(kind) || keys.has(kind));
    if (adminChanged) for (const kind of ADMIN_KINDS) all.add(kind);
    if (all.has('Cluster') || all.has('ServiceCIDR') || keys.has('ServiceCIDR')) all.add('Service');
    const touched = new Set<string>();
    for (const kind of all) {
      const resource = this.resourceOf(kind);
      if (resource) for (const namespace of this.judgeKind(resource, undefined)) touched.add(namespace);
    }
    for (const [kind, changedKeys] of keys) {
      const resource = this.resourceOf(kind);
      if (resource && !all.has(kind)) for (const namespace of this.judgeKind(resource, changedKeys)) touched.add(namespace);
    }
    if (!this.options.reports) return;
    for (const namespace of touched) {
      if (this.reportText(namespace) !== this.written.get(namespace) || !this.written.has(namespace)) this.coalesced.schedule(namespace);
    }
  }

  private reportText(namespace: string): string | undefined {
    const results = this.byNamespace.get(namespace);
    if (!results || results.size === 0 || !this.options.reports) return undefined;
    return JSON.stringify(buildReport(this.options.reports.api, namespace, [...results.values()].sort(compareResults)));
  }

  /** Applies the namespace's report, or deletes it when nothing is left there; a problem's description, if any. */
  private async writeNamespace(namespace: string): Promise<string | undefined> {
    const target = this.options.reports;
    if (!target) return undefined;
    const text = this.reportText(namespace);
    const operation = text === undefined ? 'delete' : 'apply';
    if (text !== undefined && this.written.has(namespace) && this.written.get(namespace) === text) return undefined;
    if (text === undefined && !this.written.has(namespace)) return undefined;
    try {
      if (text === undefined) await target.writes.delete(namespace, REPORT_NAME);
      else await target.writes.apply(JSON.parse(text) as Record<string, unknown>);
    } catch (error) {
      const problem = `${operation} ${target.api.kind} ${namespace}/${REPORT_NAME}: ${describeError(error)}`;
      this.options.metrics?.writeErrors.inc({ operation });
      this.options.logger.warn({ namespace, operation, problem }, 'report write failed; retrying');
      this.retryLater(namespace);
      return problem;
    }
    this.options.metrics?.writes.inc({ operation });
    if (text === undefined) {
      this.written.delete(namespace);
      this.writtenCounts.delete(namespace);
    } else {
      this.written.set(namespace, text);
      this.writtenCounts.set(namespace, countsOf([...(this.byNamespace.get(namespace)?.values() ?? [])]));
    }
    this.updateFindings();
    return undefined;
  }

  private retryLater(namespace: string): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.coalesced.schedule(namespace);
    }, this.options.retryMs ?? 10_000);
    this.retryTimers.add(timer);
  }

  private updateFindings(): void {
    const findings = this.options.metrics?.findings;
    if (!findings) return;
    const totals = new Map<string, number>();
    for (const counts of this.writtenCounts.values()) for (const [label, count] of counts) totals.set(label, (totals.get(label) ?? 0) + count);
    findings.reset();
    for (const [label, count] of totals) {
      const [rule, result] = label.split('\u0000') as [string, string];
      findings.set({ rule, result }, count);
    }
  }
}

/** `rule NUL result` → how many results of the namespace say so. */
function countsOf(results: readonly AuditResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results.flatMap(reportResultsOf)) {
    const label = `${result.rule ?? ''}\u0000${result.result}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}
