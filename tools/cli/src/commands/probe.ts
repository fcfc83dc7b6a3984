import { AccelRequest } from '@sharebench/core';
import { buildPlan, loadCampaign } from '@sharebench/execute';
import type { CliIo, ParsedArgs } from '../types.js';
import { list, oneOf, required } from './flags.js';
import { executeAndAnalyze } from './run.js';

const USAGE = 'sharebench probe <campaign dir or file> --out DIR';

/**
 * `sharebench probe`: the campaign's environments with the semantics probe alone (none of its
 * runs), into a dataset of its own, then analyzed: results/semantics.{arrow,parquet}, ready for
 * `report`. Resumable like run: an environment probed before is not probed again.
 */
export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const loaded = await loadCampaign(args.positionals[0]!);
  const dataset = required(args, 'out', USAGE);
  const campaign = { ...loaded, jobs: [], cells: [], semantics: true };
  const selection = { envs: list(args, 'env') };
  const plan = buildPlan(campaign, selection);
  const accel = oneOf(args, 'accel', Object.values(AccelRequest)) ?? null;
  const command = `sharebench probe ${args.positionals[0]}`;
  return executeAndAnalyze(campaign, plan, { dataset, selection, accel, wait: Boolean(args.flags['wait']), command }, io);
}
