import { type ClusterPlan } from '../../plan/plan-model.js';
import { planHeading, planTables } from './plan-tables.js';

function aligned(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(headers.map((header) => header.toUpperCase())), ...rows.map(line)];
}

/** The plan as aligned tables for a terminal. */
export function formatPlanText(plans: readonly ClusterPlan[]): string {
  if (plans.length === 0) return 'no Cluster in the input: nothing to plan\n';
  return plans.map((plan) => {
    const sections = planTables(plan).map((table) => [
      `${table.title}:`,
      ...(table.rows.length ? aligned(table.headers, table.rows).map((line) => `  ${line}`) : ['  none']),
    ].join('\n'));
    return [planHeading(plan), '', sections.join('\n\n')].join('\n');
  }).join('\n\n') + '\n';
}
