/**
 * Every text of the CLI that users read besides a command's results, in one place: refused
 * command lines and flags, the notes written to stderr (locks, signals, a full filesystem,
 * datasets in use), doctor's hints and compare's notes on noise. Each says what was wrong, the
 * value, and what to do. Results (plans, tables, counts) stay with the code that formats them.
 */

export const message = {
  // Command lines and flags.
  /** The one line every error becomes on stderr. */
  errorLine: (msg: string) => `sharebench: ${msg}`,
  badCommandLine: (command: string, msg: string) => `sharebench ${command}: ${msg}; see 'sharebench ${command} --help'`,
  wrongArgumentCount: (command: string, min: number, max: number | undefined, got: number, usage: string) =>
    `sharebench ${command}: expected ${max === min ? min : `at least ${min}`} argument(s), got ${got}; usage: ${usage}`,
  unknownCommand: (name: string, commands: readonly string[]) => `sharebench: unknown command ${JSON.stringify(name)}; commands are ${commands.join(', ')}`,
  flagRequired: (name: string, usage: string) => `--${name} is required; usage: ${usage}`,
  notPositiveInteger: (name: string, v: string) => `--${name}: ${JSON.stringify(v)} is not a positive integer`,
  notOneOf: (name: string, v: string, allowed: readonly string[]) => `--${name}: ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`,
  notATable: (table: string) => `--table: ${JSON.stringify(table)} is not a table; use runs, summary, speedups or semantics`,
  notAQueryFormat: (format: string) => `--format: ${JSON.stringify(format)} is not a format; use table, csv or json`,
  notAPair: (p: string) => `--pair: ${JSON.stringify(p)} is not CANDIDATE:BASELINE, e.g. virtiofs:sshfs`,
  shardAutoUnavailable: (reason: string) => `--shard auto: ${reason}`,
  shardAutoFlag: (from: string) => `--shard auto (${from})`,
  noCliPackage: () => 'sharebench: cannot find tools/cli/package.json above the running code',

  // compare.
  notAThreshold: (text: string) => `--threshold: ${JSON.stringify(text)} is not a change below 100%; write a percentage like 5% or a fraction like 0.05`,
  compareOneDataset: (dataset: string) =>
    `compare: one dataset given (${dataset}); compare two of its hosts with --baseline-host A --candidate-host B, ` +
    'or give baseline datasets and a candidate dataset',
  notACompareMetric: (metric: string, metrics: readonly string[]) => `--metric: ${JSON.stringify(metric)} is not one of ${metrics.join(', ')}`,
  noCellInCommon: (baselines: string, candidate: string) =>
    `compare: ${baselines} and ${candidate} have no cell (env, job, direction) in common; compare datasets of the same campaign`,
  severalHosts: (dir: string, count: number, named: string, flag: string) =>
    `compare: ${dir} holds runs of ${count} hosts (${named}); choose one with --${flag} HOST_ID`,
  noRunsOfHost: (flag: string, dir: string, host: string, named: string) =>
    `--${flag}: ${dir} has no runs of host ${JSON.stringify(host)}; its hosts are ${named}`,
  noIntervals: () => 'no cell has an interval (fewer than 2 ok repeats): the threshold alone decides',
  smallestFlaggable: (median: string, cells: number, max: string) =>
    `the smallest change it can flag is ${median} (median over ${cells} cells; ${max} at most)`,
  noiseUnknown: (smallest: string) =>
    "Run-to-run noise is unknown (one baseline): the intervals hold this pair of datasets' repeats only, and a rerun of the same code " +
    `can move a cell by more than that; ${smallest}. Give 3 or more baselines (history, or A/A runs) to include the run-to-run spread.`,
  noiseSpread: (median: string, max: string) => ` (sd of ln mean: median ${median}, ${max} at most)`,
  noiseFromBaselines: (baselines: number, sd: string, smallest: string) =>
    `Run-to-run noise from ${baselines} baselines${sd} is in every interval (t with ${baselines - 1} df); a cell regresses only when its whole ` +
    `interval is beyond the threshold; ${smallest}.`,
  familywise: (cells: number, alpha: string) =>
    `${cells} cells have an interval, and each is a test: Holm's procedure over them keeps the chance of any false regression in this ` +
    `comparison at ${alpha} (one-sided), so a cell whose own interval clears the threshold by a little is not enough, and its note says so.`,

  // Notes on stderr while a command runs.
  note: (text: string) => `sharebench: ${text}`,
  stopping: (signal: string) => `sharebench: ${signal}: stopping the current run, keeping everything finished (again to quit at once)`,
  resultsNotUpdated: (dataset: string, code: string) =>
    `sharebench: ${dataset}/results/ not updated (${code}: the filesystem is full); free space and run 'sharebench analyze ${dataset}'`,
  datasetInUse: (dataset: string, holder: string, canWait: boolean) =>
    `${dataset}: in use by ${holder}; one command writes a dataset at a time (query and report still read it): ` +
    `wait for it to end${canWait ? ', or pass --wait to queue behind it' : ''}`,
  waitingForDataset: (dataset: string, holder: string) => `sharebench: waiting for ${dataset}, in use by ${holder}`,
  tookOverDataset: (dataset: string, holder: string) => `sharebench: note: took over ${dataset}'s lock from ${holder}, which is gone; runs it left are redone`,
  hostHolder: (dataset: string | null, holder: string) => `dataset ${dataset} (${holder})`,
  hostInUse: (holder: string) =>
    `another campaign is measuring on this host: ${holder}; two at once would share CPUs and disks and skew both: ` +
    'wait for it, or pass --wait to queue behind it',
  waitingForHost: (holder: string) => `sharebench: waiting: another campaign is measuring on this host: ${holder}`,
  tookOverHost: (holder: string) => `sharebench: note: took over the host's measurement lock from ${holder}, which is gone`,
  mergingInUse: (input: string, holder: string) => `sharebench: note: ${input} is being written by ${holder}; what it holds so far is merged`,
  mergeProblem: (problem: string) => `sharebench: merge: ${problem}`,
  mergeOutForeign: (out: string, foreign: readonly string[]) =>
    `--out ${out}: holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ' ...' : ''}, so it is not a merged dataset ` +
    '(which is replaced whole); choose a new directory, e.g. fleet/<campaign>/merged',
  mergeOutIsDataset: (out: string) => `--out ${out}: is a dataset of its own, not a merge (it would be replaced whole); choose a new directory`,

  // doctor.
  fixNeedsRoot: (packages: readonly string[]) => `sharebench doctor: --fix needs root; run: sudo apt-get install -y ${packages.join(' ')}`,
  installing: (packages: readonly string[]) => `installing: ${packages.join(' ')}`,
  toInstall: (root: boolean, packages: readonly string[]) =>
    `to install what is missing: ${root ? '' : 'sudo '}apt-get install -y ${packages.join(' ')} (or sharebench doctor --fix)`,
  obtainingRustVirtiofsd: () => "obtaining the Rust virtiofsd: Debian 13's package and its runtime, unpacked into the cache (nothing is installed)",
} as const;
