import { existsSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { runCommand } from '../../support/processes.js';

// The report CRDs `audit` writes to are upstream's, installed by the user, never shipped or copied here. The tests take
// them from ../shared/reference/crds beside the clone when it is there (each file names its upstream repository, path
// and commit); otherwise from the Go module proxy, which the e2e build already needs: OpenReports' own module
// (config/crd/openreports.io_reports.yaml, the same bytes as the reference file) and, for the wg-policy PolicyReport
// (whose repository has no Go module on the proxy), Kyverno's module, which installs that CRD with Kyverno.
const SHARED = path.join(PACKAGE_ROOT, '..', 'shared', 'reference', 'crds');
const OPENREPORTS = { module: 'github.com/openreports/reports-api@v0.2.1', file: 'config/crd/openreports.io_reports.yaml' };
const KYVERNO = { module: 'github.com/kyverno/kyverno@v1.19.1', file: 'config/crds/policyreport/wgpolicyk8s.io_policyreports.yaml' };

export interface ReportCrds {
  /** `reports.openreports.io` */
  readonly report: string;
  /** `policyreports.wgpolicyk8s.io` */
  readonly policyReport: string;
  /** Where they came from, for the test's output. */
  readonly source: string;
}

async function moduleDirectory(module: string): Promise<string> {
  const goPath = [process.env['PATH'], '/usr/local/go/bin'].filter(Boolean).join(path.delimiter);
  const downloaded = await runCommand('go', ['mod', 'download', '-json', module], {
    cwd: PACKAGE_ROOT, env: { ...process.env, PATH: goPath, GOFLAGS: '' },
  }, undefined, 300_000);
  if (downloaded.code !== 0) throw new Error(`go mod download ${module} failed: ${downloaded.stderr || downloaded.stdout}`);
  const { Dir: directory } = JSON.parse(downloaded.stdout) as { Dir?: string };
  if (!directory) throw new Error(`go mod download ${module} named no folder: ${downloaded.stdout}`);
  return directory;
}

/** The two report CRDs' files: ../shared's reference copies, or the upstream modules' files through the Go proxy. */
export async function reportCrds(): Promise<ReportCrds> {
  const report = path.join(SHARED, 'openreports.io_reports.yaml');
  const policyReport = path.join(SHARED, 'wgpolicyk8s.io_policyreports.yaml');
  if (existsSync(report) && existsSync(policyReport)) return { report, policyReport, source: SHARED };
  const [openReports, kyverno] = await Promise.all([moduleDirectory(OPENREPORTS.module), moduleDirectory(KYVERNO.module)]);
  return {
    report: path.join(openReports, OPENREPORTS.file),
    policyReport: path.join(kyverno, KYVERNO.file),
    source: `${OPENREPORTS.module}, ${KYVERNO.module} (Go module proxy)`,
  };
}
