/**
 * A run's identity, `<env>/<job>/r<repeat>`: how plans, progress lines, resume and analysis
 * name one run. Its directory in a dataset is `raw/runs/<run key>/`.
 */
export function runKey(env: string, job: string, repeat: number): string {
  return `${env}/${job}/r${repeat}`;
}

/** Where a run's files live in a dataset: `raw/runs/<env>/<job>/r<repeat>/`. */
export function runDir(env: string, job: string, repeat: number): string {
  return `raw/runs/${runKey(env, job, repeat)}`;
}

/** The dataset lock's file name (`<dataset>/.sharebench.lock`): a dataset's writer holds it; readers skip it. */
export const DATASET_LOCK_FILE = '.sharebench.lock';
