import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { type Position } from '../../documents/field-position.js';
import { identityKey } from '../../documents/object-identity.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { type CatalogRule, catalogRule, groupOf, levelOf, plainSummary } from '../../rules/index.js';
import { findingsOf } from './check-findings.js';
import { type CheckResult } from './check-judge.js';
import { kindOf, objectName } from './check-output.js';

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

function region(position: Position): Sarif.Region {
  // GitHub's GH1003 and the schema: lines and columns are never below 1.
  return {
    startLine: Math.max(1, position.line), startColumn: Math.max(1, position.column),
    endLine: Math.max(1, position.endLine), endColumn: Math.max(1, position.endColumn),
  };
}

function helpMarkdown(id: string, rule: CatalogRule | undefined): string {
  if (!rule) return `${id}: the object does not match the API schema the webhook applies before its rules.`;
  const sources = rule.sources.map((source) => `- [${source.key}](${source.url}) ${source.title}`).join('\n');
  return `**${id}** (${rule.response}; ${rule.basis})\n\n${rule.rule}${sources === '' ? '' : `\n\nSources:\n${sources}`}`;
}

function reportingDescriptor(id: string): Sarif.ReportingDescriptor {
  const rule = catalogRule(id);
  const summary = rule ? plainSummary(rule.rule) : 'The object matches the API schema.';
  const helpUri = rule?.sources[0]?.url;
  return {
    id,
    name: id.replace('-', ''),
    shortDescription: { text: summary },
    fullDescription: { text: rule ? rule.rule.replace(/\*\*|`/g, '') : summary },
    help: { text: rule ? `${id}: ${summary}` : summary, markdown: helpMarkdown(id, rule) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: levelOf(rule) },
  };
}

/** Stable when lines move: the rule, the object's identity and the field (or the warning text). */
function fingerprint(result: CheckResult, rule: string, where: string): string {
  const identity = [rule, identityKey(groupOf(result.apiVersion), result.kind, result.namespace, result.name), where].join('\u0000');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

export interface SarifOptions {
  readonly exitCode: number;
}

/** SARIF 2.1.0: one rule per catalog rule used, one result per cause and warning; PASS and SKIP give none. */
export function formatSarif(results: readonly CheckResult[], options: SarifOptions): string {
  const ruleIds: string[] = [];
  const indexOf = (id: string) => {
    if (!ruleIds.includes(id)) ruleIds.push(id);
    return ruleIds.indexOf(id);
  };
  const sarifResults: Sarif.Result[] = [];
  for (const result of results) {
    const object = `${kindOf(result)}/${objectName(result)}`;
    // SARIF wants a URI: absolute paths as file: URIs, relative ones (resolved by the viewer) with forward slashes.
    // A stored object (`audit`, line 0) is named by its API path, with no region: it has no lines.
    const stored = result.line === 0;
    const artifact = {
      uri: stored ? result.file : path.isAbsolute(result.file) ? pathToFileURL(result.file).href : encodeURI(result.file.split(path.sep).join('/')),
    };
    for (const finding of findingsOf(result)) {
      sarifResults.push({
        ruleId: finding.rule,
        ruleIndex: indexOf(finding.rule),
        level: finding.level,
        message: { text: `${object}: ${finding.message}` },
        locations: [{
          physicalLocation: { artifactLocation: artifact, ...(stored ? {} : { region: region(finding) }) },
          logicalLocations: [
            { fullyQualifiedName: object, kind: 'resource' },
            ...(finding.field === '' ? [] : [{ name: finding.field, fullyQualifiedName: `${object}/${finding.field}`, kind: 'property' }]),
          ],
        }],
        ...(finding.anchor ? {
          relatedLocations: [{
            id: 1, message: { text: 'the anchor the value comes from' },
            physicalLocation: { artifactLocation: artifact, region: region(finding.anchor) },
          }],
        } : {}),
        partialFingerprints: { 'dualstackWebhookFinding/v1': fingerprint(result, finding.rule, finding.field || finding.message) },
      });
    }
  }
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'dualstack-webhook',
          version: packageVersion(),
          semanticVersion: packageVersion(),
          rules: ruleIds.map(reportingDescriptor),
        },
      },
      invocations: [{ executionSuccessful: true, exitCode: options.exitCode }],
      columnKind: 'utf16CodeUnits',
      results: sarifResults,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
