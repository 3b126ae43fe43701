import { create } from 'xmlbuilder2';
import { type Finding, findingsOf } from './check-findings.js';
import { type CheckResult } from './check-judge.js';
import { findingText, kindOf, objectName, placeText, verdictOf } from './check-output.js';

/**
 * JUnit XML: a test suite per file, a test case per object (classname the kind, name namespace/name, file and
 * line), a failure per cause (type the rule ID), SKIP as skipped; warnings go to system-out. Built with xmlbuilder2
 * so escaping and closing are the library's job (kyverno shipped unclosed elements).
 */
export function formatJunit(results: readonly CheckResult[]): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'dualstack-webhook check',
    tests: results.length,
    failures: results.filter((result) => verdictOf(result) === 'DENY').length,
    skipped: results.filter((result) => verdictOf(result) === 'SKIP').length,
    errors: 0,
  });
  const files = [...new Set(results.map((result) => result.file))];
  for (const file of files) {
    const inFile = results.filter((result) => result.file === file);
    const suite = root.ele('testsuite', {
      name: file,
      tests: inFile.length,
      failures: inFile.filter((result) => verdictOf(result) === 'DENY').length,
      skipped: inFile.filter((result) => verdictOf(result) === 'SKIP').length,
      errors: 0,
    });
    for (const result of inFile) {
      const testcase = suite.ele('testcase', { classname: kindOf(result), name: objectName(result), file, line: result.line });
      if (!result.judged) testcase.ele('skipped', { message: 'kind not judged by the webhook' });
      const findings = findingsOf(result);
      const line = (finding: Finding) => `${placeText(file, finding.line, finding.column)} ${findingText(finding)}`;
      for (const cause of findings.filter((finding) => finding.level === 'error')) {
        testcase.ele('failure', { type: cause.rule, message: `${cause.field} [${cause.rule}]` }).txt(line(cause));
      }
      const warnings = findings.filter((finding) => finding.level === 'warning');
      if (warnings.length > 0) testcase.ele('system-out').txt(warnings.map(line).join('\n'));
    }
  }
  return `${root.end({ prettyPrint: true })}\n`;
}
