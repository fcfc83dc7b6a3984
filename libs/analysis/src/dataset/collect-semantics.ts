import { readSemanticsRecords, type DatasetContext } from '@sharebench/core';
import type { SemanticsRow } from '../schema.js';
import { message } from '../messages.js';

/**
 * The semantics table from raw/semantics/<env>/semantics.json: each environment's rows in the
 * order its probe made them, environments in the dataset's order. An environment whose probe did
 * not run (unsupported, failed to boot, the probe failed) has every check it was to make, each
 * `unsupported` with why; a record that cannot be read is one row saying so.
 */
export async function collectSemantics(dataset: string, ctx: DatasetContext): Promise<SemanticsRow[]> {
  const records = await readSemanticsRecords(dataset);
  const order = new Map(ctx.envs.map((e, i) => [e.name, i]));
  const rank = (env: string) => order.get(env) ?? order.size;
  const rows: SemanticsRow[] = [];
  for (const r of [...records].sort((a, b) => rank(a.env) - rank(b.env))) {
    if ('why' in r) {
      rows.push({ env: r.env, check: 'semantics.json', result: 'unsupported', errno: null, detail: message.semanticsUnreadable(r.file, r.why) });
    } else if (r.state === 'completed') {
      // In the order the checks were listed (the runner's rows come as the probe asks for them).
      const at = (check: string) => (r.checks.includes(check) ? r.checks.indexOf(check) : r.checks.length);
      const sorted = [...r.rows].sort((a, b) => at(a.check) - at(b.check));
      rows.push(...sorted.map((c) => ({ env: r.env, check: c.check, result: c.result, errno: c.errno, detail: c.detail })));
    } else {
      const why = message.probeDidNotRun(r.state, r.reason);
      rows.push(...r.checks.map((check) => ({ env: r.env, check, result: 'unsupported', errno: null, detail: why })));
    }
  }
  return rows;
}
