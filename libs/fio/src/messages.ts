/**
 * Every parse-error message in one place. Each says what was expected, what was found, and what
 * to do about it; the position (file and line) is added by ParseError.
 */

const TERSE_SHIFT_HINT =
  "fio does not escape terse fields, so a ';' in a job name or description shifts every later field: rename the job or use --output-format=json";

export const message = {
  emptyInput: () => 'empty input: expected fio output (JSON, json+ or terse lines); check that fio wrote its results to this file',
  noFioOutput: () =>
    'expected fio output: a JSON document (a line that is exactly "{") or terse lines (starting with "2;" to "5;"), found neither; ' +
    'check that fio wrote its results to this file',
  noJsonDocument: () => 'expected a fio JSON document (a line that is exactly "{"), found none; was fio run with --output-format=json?',
  unterminatedJson: (startLine: number) =>
    `the fio JSON document starting at line ${startLine} never ends (no line that is exactly "}" after it): ` +
    'the output is truncated, was fio killed? Re-run the job',
  invalidJson: (startLine: number, detail: string) =>
    `the fio JSON document starting at line ${startLine} is not valid JSON (${detail}), ` +
    "even with raw control characters escaped and nan/inf read as null; expected fio's unedited output",
  notFioDocument: (found: string) =>
    `expected a fio JSON document with a "jobs" array (or "client_stats" in client/server mode), found ${found}; is this fio's --output-format=json output?`,
  badJobEntry: (index: number, found: string) =>
    `expected job entry ${index} to be an object with a string "jobname", found ${found}; the document is not fio output or was edited`,
  noTerseLines: () =>
    'expected fio terse lines (starting with "2;" to "5;", e.g. "3;fio-3.33;..."), found none; was fio run with --output-format=terse or --minimal?',
  unknownTerseVersion: (version: string) =>
    `terse version ${JSON.stringify(version)} is unknown: fio writes versions 2 to 5 (--terse-version); expected a line starting with "2;" to "5;"`,
  terseTooFewFields: (version: number, found: number, needed: number) =>
    `terse v${version} line has ${found} fields, expected at least ${needed}: the line is cut short, or ${TERSE_SHIFT_HINT}`,
  terseBadField: (version: number, field: number, label: string, value: string, expected: string) =>
    `terse v${version} field ${field} (${label}) is ${JSON.stringify(value)}, expected ${expected}; ${TERSE_SHIFT_HINT}`,
  terseBadBlocks: (version: number, blocks: number, allowed: readonly number[]) =>
    `terse v${version} line has ${blocks} direction blocks before the CPU fields, ` +
    `expected ${allowed.join(', ')} (normal, unified mixed or both); ${TERSE_SHIFT_HINT}`,
  noLegacyRuns: () =>
    'expected a run-fio-test.sh log with "Running: fio ..." lines, found none; is this a legacy log? Use --format json|terse for plain fio output',
  normalOutput: (fioVersion: string | null) =>
    `this is fio's normal (human-readable) output${fioVersion ? ` of ${fioVersion}` : ''}, which sharebench does not read: ` +
    'it rounds every number to 3-4 significant figures and has no terse line or JSON document; ' +
    're-run fio with --output-format=json+ (or --minimal for terse)',
  legacyGiven: () =>
    'this is a run-fio-test.sh log (KEY=VALUE header, "Running: fio" lines), not plain fio output; ' +
    'parse it with parseLegacyLog (sharebench import --format legacy)',
} as const;

/** Every warning text in one place: what fio printed, and what the parser did with it. */
export const warning = {
  nonNumber: () => 'fio printed a non-number here (it does for a direction that moved no data); read as null',
  directionUnknown: (jobname: string, errno: number, directions: readonly string[]) =>
    `job ${JSON.stringify(jobname)} failed (error ${errno}) and nothing says what it does ` +
    '(no rw= option, no fio header line, its name is not a workload): ' +
    `its failure is reported in every direction fio printed (${directions.join(', ')})`,
  terminatedBySignal: (signal: string) =>
    `fio was stopped by signal ${signal} before it printed these results: the numbers cover only the time it ran`,
  emptyJobname: (groupid: number) => `the job has no name; it is reported as "unnamed-g${groupid}"`,
} as const;
