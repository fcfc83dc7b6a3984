import type { AcrossHostsFinding, HostEstimate } from '@sharebench/analysis';
import { formatCi, formatRatio } from './format-findings.js';

export const ACROSS_HOSTS_METHOD = [
  'Across hosts: each comparison on the cells every host measured. Per host, the geometric mean ratio of those cells with a 95% CI',
  "from the cells' own standard errors; pooled over hosts as cells are: from three hosts random effects (REML τ; Hartung-Knapp CI",
  'with hosts - 1 df, never narrower than Wald), the host as the unit; two hosts give their fixed effect, or none when they disagree.',
];

/** "2 hosts: fixed effect" and the like: which pooled estimate stands. */
export function poolMethodText(a: Pick<AcrossHostsFinding, 'method' | 'hosts'>): string {
  const n = a.hosts.length;
  switch (a.method) {
    case 'random_effects':
      return `random effects over ${n} hosts`;
    case 'fixed_effect':
      return `fixed effect over ${n} hosts (two hosts give no between-host spread)`;
    case 'single_cell':
      return 'one host';
    case 'no_cells':
      return 'no cell measured on every host';
  }
}

/** "τ 0.031 (log), I² 12%, hosts disagree: Q p = 0.04". */
export function spreadText(a: AcrossHostsFinding): string {
  const parts: string[] = [];
  if (a.tau !== null) parts.push(`between-host τ ${a.tau.toPrecision(2)} (ln ratio)${a.hosts.length === 2 ? ', from two hosts: rough' : ''}`);
  if (a.i2 !== null) parts.push(`I² ${Math.round(a.i2 * 100)}%`);
  if (a.q_p !== null) parts.push(`Q p = ${a.q_p < 0.001 ? '<0.001' : a.q_p.toPrecision(2)}`);
  if (a.pi95_lo !== null) parts.push(`another host: ${formatCi(a.pi95_lo, a.pi95_hi)} (95% PI)`);
  return parts.join(', ');
}

export const hostText = (h: HostEstimate): string => `${h.host_id} ${formatRatio(h.ratio)} (${formatCi(h.ci95_lo, h.ci95_hi)})`;

/** Text lines of the across-hosts findings, for report.txt and `sharebench findings`. */
export function formatAcrossHosts(found: readonly AcrossHostsFinding[], hosts: readonly string[]): string[] {
  if (found.length === 0) return [];
  const lines = [`ACROSS HOSTS (${hosts.length}: ${hosts.join(', ')})`, ...ACROSS_HOSTS_METHOD];
  for (const a of found) {
    const name = `${a.candidate} ÷ ${a.baseline}${a.hostname === null ? '' : ` @ ${a.hostname}`} (family ${a.family})`;
    if (a.disagree) {
      lines.push(`  ${name}: the ${a.hosts.length} hosts disagree (Q p = ${a.q_p! < 0.001 ? '<0.001' : a.q_p!.toPrecision(2)}): no pooled ratio`);
      lines.push(`    per host: ${a.hosts.map(hostText).join('; ')}`);
      continue;
    }
    if (a.ratio === null) {
      lines.push(`  ${name}: no cell with a CI on every host (${a.cells_left_out} left out)`);
      continue;
    }
    lines.push(
      `  ${name}: pooled ${formatRatio(a.ratio)} (95% CI ${formatCi(a.ci95_lo, a.ci95_hi)}), ${poolMethodText(a)}, ` +
        `${a.cells.length} cell(s)${a.cells_left_out > 0 ? ` (${a.cells_left_out} not on every host, left out)` : ''}`,
    );
    const spread = spreadText(a);
    if (spread) lines.push(`    ${spread}`);
    lines.push(`    per host: ${a.hosts.map(hostText).join('; ')}`);
  }
  lines.push('');
  return lines;
}
