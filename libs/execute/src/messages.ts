/**
 * Every text of execute that users read, in one place: refused campaign files and keys, refused
 * --env/--jobs/--shard selections, datasets a campaign cannot run into, the reasons recorded with
 * runs that did not run, and the notes printed while a campaign runs. Each says what was wrong,
 * the value, and what to do.
 */

/** `a` or `an` before a word (messages name what a value should have been). */
const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

export const message = {
  // Campaign files.
  noCampaign: (path: string) => `${path}: no such campaign file or directory; give data/<name> or a campaign.json`,
  campaignUnreadable: (file: string, code: string) => `${file}: cannot read the campaign (${code}); create it or check the path`,
  campaignNotJson: (file: string, detail: string) => `${file}: not valid JSON (${detail}); fix the syntax`,
  atKey: (file: string, key: string, what: string) => `${file}: ${key}: ${what}`,
  notAnObject: (value: unknown) => `expected an object, got ${JSON.stringify(value)}`,
  topLevel: () => '(top level)',
  notNonEmptyString: (v: unknown) => `${JSON.stringify(v)} is not a non-empty string`,
  notOneOf: (v: unknown, what: string, allowed: readonly string[]) => `${JSON.stringify(v)} is not ${article(what)} ${what}; allowed: ${allowed.join(', ')}`,
  notIntegerInRange: (v: unknown, min: number, max: number | undefined) =>
    `${JSON.stringify(v)} is not an integer${max !== undefined ? ` from ${min} to ${max}` : ` >= ${min}`}`,
  notNumberBetween: (v: unknown, above: number, below: number) => `${JSON.stringify(v)} is not a number above ${above} and below ${below}`,
  notBoolean: (v: unknown) => `${JSON.stringify(v)} is not true or false`,
  notNonEmptyList: (v: unknown) => `${JSON.stringify(v)} is not a non-empty list`,
  unknownKey: (allowed: readonly string[]) => `unknown key; allowed keys here: ${allowed.join(', ')}`,
  duplicateEnv: (file: string, i: number, name: string) =>
    `${file}: envs[${i}].name: duplicate env name ${JSON.stringify(name)}; every env needs its own name`,
  repeatsShape: (raw: unknown) =>
    `${JSON.stringify(raw)} is neither a number of runs per cell nor {"min": 3, "max": 10, "cv": 0.05} (adaptive repeats)`,
  repeatsMaxBelowMin: (max: number, min: number) => `${max} is less than min (${min}); max is the most runs a cell may take`,
  cacheHintRust: () => ' (the Rust virtiofsd calls cache=none "never": use "never")',
  cacheHintC: (asked: unknown) => ` (the C virtiofsd has no ${String(asked)}; "none" is its no-cache policy)`,
  rustOnlyOption: () => 'only the Rust virtiofsd has this option; remove it or use daemon "rust"',
  rustOnlySandbox: () => `"none" is the Rust virtiofsd's only; the C one takes namespace or chroot`,
  jobsAndNumjobs: () => 'is the old name of fio.numjobs, which is also given; keep numjobs only',
  jobsDeprecated: (file: string, jobs: string, numjobs: string) => `${file}: ${jobs} is deprecated: rename it ${numjobs} (the same job counts)`,
  badJobCount: (v: unknown) => `${JSON.stringify(v)} is not a job count from 1 to 64 (1 = single, 4 = the seed's multi)`,
  metaOnlyKey: (meta: readonly string[]) => `sizes the metadata workloads (${meta.join(', ')}), and none is in fio.workloads; add one or remove it`,
  metaOnlyMinElapsed: (meta: readonly string[]) =>
    `sizes the metadata workloads (${meta.join(', ')}) by time, and none is in fio.workloads; add one or remove it`,
  minElapsedTooShort: (given: string, minMs: number) =>
    `${given} is under ${minMs} ms, 100 ticks of fio's millisecond clock; use "${minMs}ms" or more`,
  extraNotOption: (opt: string) => `${JSON.stringify(opt)} is not a fio option; write it as "--name=value"`,
  extraOwned: (opt: string) => `${JSON.stringify(opt)} is set by sharebench itself; remove it`,
  opListedTwice: (op: string) => `${JSON.stringify(op)} is listed twice; each operation is one job (repeats give the samples)`,
  treeTooBig: (dirs: number, filesPerDir: number, max: number) =>
    `${dirs} x ${filesPerDir} files is more than ${max.toLocaleString('en')}; make the tree smaller`,
  installTooBig: (packages: number, filesPerPackage: number, max: number) =>
    `${packages} x ${filesPerPackage} files is more than ${max.toLocaleString('en')}; make the install smaller`,
  excludeNoEnv: (env: string, envs: readonly string[]) => `${JSON.stringify(env)} matches no env; envs are ${envs.join(', ')}`,
  excludeNoJob: (job: string, jobs: readonly string[]) => `${JSON.stringify(job)} matches no job; jobs look like ${jobs.slice(0, 3).join(', ')}`,
  shareInDatasetScratch: (i: number, env: string) => `envs[${i}] (${env}, in the dataset's scratch directory; set "scratch" elsewhere)`,

  // What to run.
  noSuchEnv: (env: string, file: string, envs: readonly string[]) => `--env: no env ${JSON.stringify(env)} in ${file}; envs are ${envs.join(', ')}`,
  noSuchJob: (pattern: string, file: string, jobs: readonly string[]) =>
    `--jobs: ${JSON.stringify(pattern)} matches no job in ${file}; jobs look like ${jobs.slice(0, 3).join(', ')}`,
  notAShard: (flag: string, text: string) =>
    `${flag}: ${JSON.stringify(text)} is not a shard; write i/n with 0 <= i < n (0-based: --shard 0/3, 1/3, 2/3), ` +
    'or auto to take them from the scheduler (SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, CI_NODE_INDEX/CI_NODE_TOTAL)',

  // The dataset a campaign runs into.
  datasetFull: (dataset: string, code: string | undefined) =>
    `${dataset}: its filesystem is full (less than 1 MiB free, ${code}); free some space and run again`,
  datasetIsMerged: (dir: string) =>
    `${dir}: is a merged dataset (sharebench merge); run into one of its inputs or a new dataset with --out DIR, then merge again`,
  datasetIsImported: (dir: string) => `${dir}: holds imported results, not a campaign's runs; run into a new dataset with --out DIR`,
  datasetOtherCampaign: (dir: string, previous: string, hash: string, paths: readonly string[]) =>
    `${dir}: holds runs of a different campaign (hash ${previous}, this one ${hash}: envs, jobs, sizes or runtimes changed); ` +
    `run into a new dataset with --out DIR, or delete ${paths[0]} ${paths[1]} and ${paths[2]} to start over`,
  scratchTooSmall: (file: string, needed: string, scratch: string, free: string) =>
    `${file}: the largest job needs ${needed} of test files in ${scratch}, which has ${free} free; ` +
    'free some space, point "scratch" at a bigger filesystem, or shrink with --size',
  wholeCampaign: () => 'the whole campaign (no --shard)',
  shardName: (index: number, count: number) => `shard ${index}/${count}`,
  shardBlocksMoved: (dataset: string, index: number, count: number, had: readonly string[], now: readonly string[]) =>
    `${dataset}: shard ${index}/${count} here holds jobs ${had.join(', ')}, but the split now gives ${now.join(', ') || 'none'} ` +
    '(the repeats changed the duration estimates); run with the repeats the shards were started with, or into a new dataset',
  otherShard: (dataset: string, had: string, asked: string, again: string) =>
    `${dataset}: holds runs of ${had}, not of ${asked}; run each shard into its own dataset ` +
    `(e.g. --out fleet/<campaign>/shard=<i>), or run again with ${again}`,
  noShardFlag: () => 'no --shard',

  // Reasons recorded with runs, and notes printed while a campaign runs.
  interruptedWhileOpening: () => 'interrupted while the environment was starting',
  cannotPrepareShare: (dir: string, why: string) => `cannot prepare the shared directory ${dir}: ${why}`,
  notNeeded: (cell: string, spread: string, min: number, max: number) =>
    `not needed: ${cell} converged (${spread}; adaptive repeats ${min} to ${max})`,
  diskFull: (errno: string, what: string, dataset: string) =>
    `${errno} writing ${what} in ${dataset}: the dataset's filesystem is full; the campaign stopped there: free space and run it again`,
  diskFullErrno: (code: string | undefined) => (code === 'EDQUOT' ? 'EDQUOT (Disk quota exceeded)' : 'ENOSPC (No space left on device)'),
  runOutputLost: (reason: string, dir: string) => `${reason}; this run's output was lost (delete ${dir} to redo it)`,
  openFailed: (what: string, lastLine: string, logPath: string | null | undefined) =>
    `${what}${lastLine ? ` (last log line: ${lastLine})` : ''}${logPath ? `; full log: ${logPath}` : ''}`,
  killedLeftover: (process: string) => `killed a process an earlier sharebench left running in this dataset: ${process}`,
  leftoverProcess: (comm: string, pid: number, exiting: boolean, argv: string) => `${comm} (pid ${pid})${exiting ? ' (still exiting)' : ''}: ${argv}`,
  semanticsStarting: (env: string) => `${env}: the semantics probe (what works where)`,
  semanticsEnded: (env: string, state: string, detail: string) => `${env}: semantics ${state}: ${detail}`,
  cellConverged: (cell: string, spread: string, rest: number) => `${cell} converged (${spread}): ${rest} more planned run(s) not needed`,
} as const;
