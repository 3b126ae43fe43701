import { warningLine } from '../../rules/index.js';
import { type AuditResult } from './audit-judge.js';

/** The two report formats `audit` writes: OpenReports, or the wg-policy PolicyReport it succeeds. */
export type ReportFormat = 'openreports' | 'policyreport';

export interface ReportApi {
  readonly format: ReportFormat;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
}

// wg-policy's CRD serves v1alpha1, v1alpha2 and v1beta1 (stored); we write v1alpha2 (docs/audit.md), which Policy Reporter reads.
export const REPORT_APIS: Readonly<Record<ReportFormat, ReportApi>> = {
  openreports: { format: 'openreports', group: 'openreports.io', version: 'v1alpha1', kind: 'Report', plural: 'reports' },
  policyreport: { format: 'policyreport', group: 'wgpolicyk8s.io', version: 'v1alpha2', kind: 'PolicyReport', plural: 'policyreports' },
};

/** One report per namespace, under this name, with this source and field manager. */
export const REPORT_NAME = 'dualstack-webhook';
export const REPORT_SOURCE = 'dualstack-webhook';
export const REPORT_LABELS = { 'app.kubernetes.io/managed-by': 'dualstack-webhook' } as const;
export const REPORT_CATEGORY = 'dual-stack';

export type ReportResultKind = 'pass' | 'fail' | 'warn';

export interface ReportResult {
  readonly source: string;
  readonly policy: string;
  readonly rule?: string;
  readonly result: ReportResultKind;
  readonly message: string;
  readonly properties?: { readonly field: string };
  readonly resources: readonly {
    readonly apiVersion: string; readonly kind: string; readonly namespace: string; readonly name: string; readonly uid: string;
  }[];
  readonly severity?: 'high' | 'medium';
  readonly category: string;
}

const KIND_POLICIES: Readonly<Record<string, string>> = {
  Cluster: 'cluster', NodePool: 'cluster', ClusterCIDRConfig: 'clustercidrconfig', Service: 'service',
};
const RULE_POLICIES: Readonly<Record<string, string>> = { C: 'cluster', R: 'clustercidrconfig', S: 'service', X: 'cross-object' };

/** The policy a rule belongs to (docs/rules.md's groups); SCHEMA causes and passes belong to the object's kind. */
export function policyOf(rule: string | undefined, kind: string): string {
  const byRule = rule === undefined ? undefined : RULE_POLICIES[rule.split('-')[0] ?? ''];
  return byRule ?? KIND_POLICIES[kind] ?? kind.toLowerCase();
}

/** The results of one object: a `fail` per cause, a `warn` per warning, or one `pass`. */
export function reportResultsOf(result: AuditResult): ReportResult[] {
  const resources = [{ apiVersion: result.apiVersion, kind: result.kind, namespace: result.namespace, name: result.name, uid: result.uid }];
  const common = { source: REPORT_SOURCE, resources, category: REPORT_CATEGORY };
  const findings: ReportResult[] = [
    ...result.causes.map((cause): ReportResult => ({
      ...common, policy: policyOf(cause.rule, result.kind), rule: cause.rule, result: 'fail', message: cause.message,
      ...(cause.field === '' ? {} : { properties: { field: cause.field } }), severity: 'high',
    })),
    ...result.warnings.map((warning): ReportResult => ({
      ...common, policy: policyOf(warning.rule, result.kind), rule: warning.rule, result: 'warn', message: warningLine(warning),
      ...(warning.field === '' ? {} : { properties: { field: warning.field } }), severity: 'medium',
    })),
  ];
  if (findings.length > 0) return findings;
  return [{ ...common, policy: policyOf(undefined, result.kind), result: 'pass', message: 'passes every dual-stack rule' }];
}

export interface ReportSummary {
  readonly pass: number;
  readonly fail: number;
  readonly warn: number;
  readonly error: number;
  readonly skip: number;
}

export function summaryOf(results: readonly ReportResult[]): ReportSummary {
  const count = (kind: ReportResultKind) => results.filter((result) => result.result === kind).length;
  return { pass: count('pass'), fail: count('fail'), warn: count('warn'), error: 0, skip: 0 };
}

/**
 * The namespace's report, whole, as server-side apply takes it. It carries no timestamp: the same findings make the
 * same object, so applying it again changes nothing (resourceVersion stays).
 */
export function buildReport(api: ReportApi, namespace: string, results: readonly AuditResult[]): Record<string, unknown> {
  const reportResults = results.flatMap(reportResultsOf);
  return {
    apiVersion: `${api.group}/${api.version}`,
    kind: api.kind,
    metadata: { name: REPORT_NAME, namespace, labels: { ...REPORT_LABELS } },
    // PolicyReport (wgpolicyk8s.io/v1alpha2) has no top-level source; its results carry it.
    ...(api.format === 'openreports' ? { source: REPORT_SOURCE } : {}),
    summary: summaryOf(reportResults),
    results: reportResults,
  };
}

/** The results grouped by namespace, each in the order given. */
export function resultsByNamespace(results: readonly AuditResult[]): Map<string, AuditResult[]> {
  const byNamespace = new Map<string, AuditResult[]>();
  for (const result of results) {
    const list = byNamespace.get(result.namespace);
    if (list) list.push(result);
    else byNamespace.set(result.namespace, [result]);
  }
  return byNamespace;
}
