/**
 * Every text of analysis that users read, in one place: refused imports, merges, queries and
 * tables, and the prose of the `error` and `reason` columns and of the semantics table's details
 * (the codes beside them are in reasons.ts; this prose is for people and may be reworded). Each
 * says what was wrong, the value, and what to do.
 */

export const message = {
  // Imports.
  noImportFiles: () => 'import: no input files given; usage: sharebench import <files...> --out <dataset>',
  unknownFormat: (format: string, formats: readonly string[]) => `--format: ${JSON.stringify(format)} is not a format; use one of ${formats.join(', ')}`,
  cannotReadInput: (path: string, code: string) => `${path}: cannot read it (${code}); check the path`,
  emptyInput: (path: string) => `${path}: the file is empty; give a file with fio output`,
  notFioOutput: (path: string) =>
    `${path}: not a fio output sharebench reads (expected fio JSON, terse lines or a run-fio-test.sh log); pass --format json|terse|legacy if it is one`,
  testNameUnsafe: (path: string, env: string) =>
    `${path}: TEST_NAME ${JSON.stringify(env)} is not a safe env name; pass --env NAME (letters, digits, '.', '_', '-')`,
  fileNameUnsafe: (path: string, env: string) =>
    `${path}: the file name ${JSON.stringify(env)} is not a safe env name; pass --env NAME (letters, digits, '.', '_', '-')`,
  outNotDirectory: (out: string) => `--out ${out}: exists and is not a directory; choose a dataset directory`,
  importIntoMerged: (out: string) => `--out ${out}: is a merged dataset (sharebench merge); import into a new dataset`,
  outNamesCampaign: () => '--out (its last path component names the campaign)',
  legacyNameDisagrees: (name: string, field: string, byName: unknown, byMount: unknown) =>
    `the name ${JSON.stringify(name)} says ${field} ${String(byName)}, the mount line says ${String(byMount)}: the mount line is kept`,
  daxWindowInName: () => 'the DAX window in the test name',

  // Reading a dataset's raw files.
  importUnknownEnv: (where: string, file: string, env: string) =>
    `${where}: import ${file} names env ${JSON.stringify(env)}, which is not in envs; re-import it`,
  rawInputMissing: (path: string, why: string) => `${path}: raw input is missing or unreadable (${why}); re-import it`,
  mergedInputGone: (dataset: string, path: string, dir: string, why: string) =>
    `${dataset}: merges ${path} (${dir}), which is not readable now (${why}); put it back where it was, or merge again without it`,
  noTable: (path: string, table: string, dataset: string) => `${path}: no ${table} table; run 'sharebench analyze ${dataset}' first`,
  resultsSchemaUnknown: (source: string, raw: string | undefined, newest: number) =>
    `${source}: results schema ${JSON.stringify(raw)} is not one this sharebench reads (1 to ${newest}); ` +
    "run 'sharebench analyze' on the dataset with this version, or use a newer sharebench",

  // The `error` column of run rows.
  runJsonUnreadable: (file: string, why: string) => `${file} is unreadable (${why}); its result is lost: run the campaign again to redo this run`,
  notRun: (stopped: string | null | undefined) => `not run: the campaign stopped before this run${stopped ? ` (${stopped})` : ''}`,
  fioOutputMissing: (file: string, code: string, dir: string) =>
    `${file}, fio's output, is missing or unreadable (${code}); its result is lost: delete ${dir} and run the campaign again`,
  fioOutputDamaged: (file: string, why: string, dir: string) =>
    `${file} is truncated or corrupt (${why}); fio exited 0, so the file was damaged after the run: ` +
    `its result is lost: delete ${dir} and run the campaign again to redo the run`,
  fioNoResult: (exitCode: number | null, tail: string, why: string) => `fio exited ${exitCode} without a result${tail ? `: ${tail}` : ''} (${why})`,
  mmapUnsupported: (fs: string, cache: string | null, errno: string) =>
    `mmap is not supported on ${fs}${cache ? ` with cache=${cache}` : ''}: the filesystem refused a shared mapping (${errno})`,
  fioReported: (errno: string) => `fio reported ${errno}`,

  // The `error` column of summary and speedups rows, and compare's reasons.
  runsNotOk: (notOk: number, n: number, first: string | null) => `${notOk} of ${n} runs not ok: ${first}`,
  noMetricRecorded: (what: string) => `no ${what} recorded`,
  meanOfZero: (what: string) => `a mean ${what} of 0`,
  oneSampleNoCi: () => 'one ok repeat with a number: no CI',
  belowResolution: () => "timed for under 100 ticks of its clock: the ratio carries the timer's rounding",
  zeroVarianceNoCi: () => 'every repeat gave the same number on both sides: no CI',
  sideHasNoMetric: (side: string, metric: string, notOk: { status: string; error: string | null } | undefined) =>
    `${side}: no ${metric} (${notOk ? `${notOk.status}${notOk.error ? `: ${notOk.error}` : ''}` : 'not recorded'})`,
  baselineHasNoCell: () => 'the baseline has no such cell',
  candidateHasNoCell: () => 'the candidate has no such cell',
  changeWithinCiOfOne: (change: string) => `a ${change} change, but the 95% CI of the ratio includes 1`,
  changeWithinThreshold: (change: string, threshold: string) =>
    `a ${change} change, but the 95% CI of the ratio reaches within the ${threshold} threshold`,
  notAfterHolm: (change: string, threshold: string, cells: number) =>
    `a ${change} change whose own 95% CI clears the ${threshold} threshold, but not after Holm's correction for the ${cells} cells compared`,
  decidedByThreshold: () => 'decided by the threshold alone: fewer than 2 ok repeats on a side',

  // The semantics table's details.
  semanticsUnreadable: (file: string, why: string) => `${file} is unreadable (${why}); run the probe again`,
  probeDidNotRun: (state: string, reason: string | null) => `the probe did not run here (${state}): ${reason ?? 'no reason recorded'}`,

  // Queries.
  noColumn: (flag: string, name: string, columns: readonly string[]) => `${flag}: no column ${JSON.stringify(name)}; columns are ${columns.join(', ')}`,
  rollupShape: (item: string) => `--rollup: ${JSON.stringify(item)} is not name=op(column); e.g. 'bw=mean(bw_bytes)' or 'n=count()'`,
  rollupUnknownOp: (op: string | undefined) => `--rollup: ${JSON.stringify(op)} is not an arquero op; e.g. mean, median, stdev, min, max, count, sum`,
  cannotEvaluate: (flag: string, expr: string, why: string) =>
    `${flag}: cannot evaluate ${JSON.stringify(expr)}: ${why}; write an arquero expression such as "d => d.env === 'host'"`,

  // Merges.
  noMergeInputs: () => 'merge: no datasets given; usage: sharebench merge --out MERGED DATASET...',
  mergeOverlapsOut: (out: string, given: string) =>
    `merge: --out ${out} and the input ${given} overlap; write the merged dataset beside its inputs, e.g. fleet/<campaign>/merged`,
  mergeGivenTwice: (given: string) => `merge: ${given} is given twice; give each dataset once`,
  mergeOtherCampaign: (given: string, campaign: string, hash: string, firstGiven: string, firstCampaign: string, firstHash: string) =>
    `merge: ${given} holds campaign ${campaign} (hash ${hash}), ${firstGiven} campaign ${firstCampaign} (hash ${firstHash}); ` +
    'merge datasets of one campaign (the same envs, jobs, sizes and runtimes)',
  mergeRowsNotFinished: (n: number) => `${n} run rows not finished`,
  mergeRowsFailed: (n: number) => `${n} failed`,
  mergeNeverPlanned: (n: number) => `${n} of its campaign's runs were never planned (run with --env/--jobs?)`,
  mergeShardLabel: (shard: number | null) => `shard ${shard}`,
  mergeHostLabel: (hostIds: readonly string[]) => `host ${hostIds.join('+') || '(none recorded)'}`,
  mergeInputIncomplete: (what: string, given: string, problem: string) =>
    `${what} (${given}) is incomplete: ${problem}; run it again (it resumes), then merge again`,
  mergeCannotReadContext: (given: string, file: string) => `${given}: cannot read ${file}`,
  mergeContextNotJson: (path: string, why: string) => `${path}: not valid JSON (${why}); re-create the dataset`,
  mergeOfMerged: (given: string, inputs: readonly string[]) =>
    `merge: ${given} is itself a merged dataset; merge the datasets it merges (${inputs.join(', ')})`,
  mergeOfImported: (given: string) => `merge: ${given} holds no campaign's runs (imported results only); merge datasets written by sharebench run`,
  modeFromFlag: () => '--mode',
  modeFromCampaign: () => "the campaign's mode",
  modeFromInputs: () => 'the inputs',
  mergeWholeInShardMode: (given: string, why: string) =>
    `merge: ${given} was not run with --shard, but the mode is shard (${why}); ` +
    "merge shards of one split, or every host's whole campaign with --mode replicate",
  mergeShardInReplicateMode: (given: string, index: number, count: number, why: string) =>
    `merge: ${given} holds shard ${index}/${count}, but the mode is replicate (${why}): ` +
    'replicas are whole campaigns, one per host; merge its shards with --mode shard first',
  mergeNoHostId: (given: string) =>
    `merge: ${given} records no host_id (written by a sharebench before host ids); ` +
    'in replicate mode the host is what is compared: run its campaign again with this version',
  mergeTwoFingerprints: (hostId: string, firstIn: string | undefined, first: string, given: string, other: string) =>
    `merge: host_id ${hostId} has two fingerprints (${firstIn}: ${first}; ${given}: ${other}): ` +
    'two machines cloned from one image, or one machine changed between runs; set SHAREBENCH_HOST_ID to a name per machine and run again',
  mergeHostTwice: (hostId: string, firstIn: string | undefined, given: string) =>
    `merge: host ${hostId} is in both ${firstIn} and ${given}; in replicate mode give one dataset per host`,
  mergeShardOf: (given: string, index: number, count: number) => `${given} shard ${index}/${count}`,
  mergeOtherSplit: (given: string, index: number, count: number, first: string) =>
    `merge: ${given} is shard ${index}/${count}, ${first}: merge the shards of one split`,
  mergeShardTwice: (index: number, count: number, twin: string, given: string) =>
    `merge: shard ${index}/${count} is given twice (${twin} and ${given}); give each shard once`,
  mergeJobInTwoShards: (job: string, other: string, given: string) =>
    `merge: job ${job} is in both ${other} and ${given}; the shards are of different splits: merge the shards of one split`,
  mergeRunInTwoShards: (key: string, other: string, given: string) =>
    `merge: run ${key} is in both ${other} and ${given}; the shards overlap: merge the shards of one split`,
  mergeJobsNotMerged: (jobs: readonly string[]) => (jobs.length > 0 ? `jobs not merged: ${jobs.join(', ')}` : 'it holds no job'),
  mergeShardMissing: (index: number, count: number, jobs: string) => `shard ${index} of ${count} is missing (not given); ${jobs}; run it, then merge again`,
} as const;
