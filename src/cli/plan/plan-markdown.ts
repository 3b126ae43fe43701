import { type ClusterPlan } from '../../plan/plan-model.js';
import { planHeading, planTables } from './plan-tables.js';

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The same tables as the text output, for a pull request or a CI step summary. */
export function formatPlanMarkdown(plans: readonly ClusterPlan[]): string {
  if (plans.length === 0) return 'No Cluster in the input: nothing to plan.\n';
  return plans.map((plan) => [
    `## ${cell(planHeading(plan))}`,
    ...planTables(plan).flatMap((table) => [
      '',
      `### ${table.title}`,
      '',
      ...(table.rows.length
        ? [`| ${table.headers.map(cell).join(' | ')} |`, `|${table.headers.map(() => '---|').join('')}`,
          ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`)]
        : ['None.']),
    ]),
  ].join('\n')).join('\n\n') + '\n';
}
