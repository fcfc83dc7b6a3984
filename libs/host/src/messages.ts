/**
 * Every text of the host lib that users read, in one place: a refused SHAREBENCH_HOST_ID, why a
 * scheduler implies no shard for `--shard auto`, and locks that cannot be taken. Each says what
 * was wrong, the value, and what to do.
 */

export const message = {
  hostIdUnusable: (given: string) =>
    `SHAREBENCH_HOST_ID=${JSON.stringify(given)} is not a usable host id: use 1-64 letters, digits, '.', '_' or '-', ` +
    'starting with a letter or digit (it becomes a directory name host=<id>)',

  slurmNotArrayTask: (jobId: string) => `Slurm job ${jobId} is not an array task; give --shard i/n`,
  slurmArrayNotNumbered: (arrayJobId: string | null, tasks: string, taskId: number) =>
    `Slurm array ${arrayJobId} does not number its tasks 0..COUNT-1 (${tasks}; a task resubmitted alone?); give --shard ${taskId}/<shards>`,
  gitlabNoNodeIndex: (jobId: string) => `GitLab job ${jobId} has no CI_NODE_INDEX (no parallel:); give --shard i/n`,
  gitlabNodeIndexOutside: (index: number, total: number) => `GitLab CI_NODE_INDEX=${index} is outside 1..CI_NODE_TOTAL=${total}`,
  githubNoMatrixIndex: () =>
    'GitHub Actions does not expose the matrix index to the job; pass --shard ${{ strategy.job-index }}/${{ strategy.job-total }}',
  kubernetesNoCompletions: () =>
    'a Kubernetes Indexed Job gives JOB_COMPLETION_INDEX but not the completion count; pass --shard $JOB_COMPLETION_INDEX/<completions>',
  noScheduler: () => 'no scheduler in the environment (SLURM_JOB_ID, CI_JOB_ID, GITHUB_RUN_ID, JOB_COMPLETION_INDEX); give --shard i/n',

  lockUnreadable: (path: string) =>
    `${path}: a lock file sharebench cannot read; if no sharebench command is running, delete it and try again`,
  lockHeldElsewhere: (busy: string, where: string, path: string) =>
    `${busy}; the lock was taken on ${where}, so whether it still runs cannot be told from here: if it does not, delete ${path}`,
  lockTakeOverInterrupted: (path: string, holder: string, guard: string) =>
    `${path}: a take-over of the lock left by ${holder} was interrupted; ` +
    `if no sharebench command is running, delete ${path} and ${guard} and try again`,
  /** Where a holder that is not in this boot of this machine ran, in words. */
  lockOnOtherHost: (host: string) => `host ${host}`,
  lockBootNotRecorded: (host: string) => `host ${host} by a sharebench that did not record its boot`,
  lockOnMachineOfSameName: (host: string, hostId: string | null) =>
    `host ${host} (another machine of that name: host_id ${hostId ?? 'not recorded'})`,
  lockInOtherBoot: (host: string, bootId: string) => `host ${host} in another boot (boot id ${bootId}) or on a clone of this machine`,
} as const;
