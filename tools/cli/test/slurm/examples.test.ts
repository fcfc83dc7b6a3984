import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parseDocument } from 'yaml';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const read = (file: string) => readFileSync(EXAMPLES + file, 'utf8');

const SCRIPTS = ['slurm/run-shard.sbatch', 'slurm/merge.sbatch', 'slurm/replicate.sbatch', 'slurm/submit.sh'];

/** The #SBATCH options sbatch reads: those before the first line that is neither a comment nor blank (sbatch(1)). */
function sbatchOptions(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (!line.startsWith('#')) break;
    const m = /^#SBATCH\s+(\S+)/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

/** Lines that are not comments. */
const code = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');

/** Parses YAML, failing on any error or warning the parser reports. */
function yaml(file: string): Record<string, unknown> {
  const doc = parseDocument(read(file));
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Record<string, unknown>;
}

describe('examples/slurm', () => {
  it.each(SCRIPTS)('%s is an executable bash script that bash -n accepts', async (file) => {
    expect(read(file).split('\n')[0]).toMatch(/^#!\/(usr\/bin\/env )?bash$|^#!\/bin\/bash$/);
    expect(statSync(EXAMPLES + file).mode & 0o111).toBe(0o111);
    const r = await execa('bash', ['-n', EXAMPLES + file], { reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('run-shard.sbatch: one node to itself, one shard per task, the count passed in, and sharebench exec-ed so its exit code is the task\'s', () => {
    const text = read('slurm/run-shard.sbatch');
    expect(sbatchOptions(text)).toEqual(expect.arrayContaining(['--nodes=1', '--exclusive']));
    expect(code(text)).toContain('exec sharebench run "$campaign" --shard "$index/$shards" --out "$out/shard=$index"');
    expect(code(text)).toContain('index=${SLURM_ARRAY_TASK_ID:-}');
    // SLURM_ARRAY_TASK_COUNT is 1 in a task resubmitted alone: never the shard count.
    expect(code(text)).not.toContain('SLURM_ARRAY_TASK_COUNT');
  });

  it('merge.sbatch merges every shard=* dataset into OUT/merged', () => {
    const text = read('slurm/merge.sbatch');
    expect(code(text)).toContain('shards=("$out"/shard=*)');
    expect(code(text)).toContain('exec sharebench merge --out "$out/merged" "${shards[@]}"');
  });

  it('submit.sh submits the array and the merge chained afterany, arguments as arguments (no --export, no --wrap)', () => {
    const text = code(read('slurm/submit.sh'));
    expect(text).toContain('sbatch --parsable --array="0-$((shards - 1))" "$@" "$here/run-shard.sbatch" "$campaign" "$out" "$shards"');
    expect(text).toContain('sbatch --parsable --dependency="afterany:$array" "$@" "$here/merge.sbatch" "$out"');
    expect(text).not.toMatch(/--export|--wrap|afterok|eval /);
  });

  it('replicate.sbatch runs the whole campaign once per node into host=<node>, then merges in replicate mode', () => {
    const text = read('slurm/replicate.sbatch');
    expect(sbatchOptions(text)).toEqual(expect.arrayContaining(['--ntasks-per-node=1', '--exclusive']));
    expect(code(text)).toContain('srun --ntasks-per-node=1');
    expect(code(text)).toContain('exec sharebench run "$1" --out "$2/host=$SLURMD_NODENAME"');
    expect(code(text)).toContain('sharebench merge --mode replicate --out "$out/merged" "${hosts[@]}"');
  });
});

describe('examples/github-actions/matrix.yml', () => {
  interface WorkflowJob {
    needs?: string;
    if?: string;
    'runs-on': unknown;
    strategy?: Record<string, unknown>;
    env?: Record<string, string>;
    steps: Array<Record<string, unknown>>;
  }
  const wf = yaml('github-actions/matrix.yml') as { on: Record<string, unknown>; jobs: Record<string, WorkflowJob> };

  it('runs one leg per host on its self-hosted runner, every leg to its end, each uploading its shard', () => {
    const shard = wf.jobs['shard']!;
    expect(shard.strategy?.['fail-fast']).toBe(false);
    expect((shard.strategy?.['matrix'] as { host: string[] }).host.length).toBeGreaterThan(1);
    expect(shard['runs-on']).toEqual(['self-hosted', '${{ matrix.host }}']);
    expect(shard.env).toMatchObject({ SHARD: '${{ strategy.job-index }}/${{ strategy.job-total }}', SHAREBENCH_HOST_ID: '${{ matrix.host }}' });
    const runs = shard.steps.map((s) => s['run']).filter(Boolean);
    expect(runs).toContain('npx sharebench run "$CAMPAIGN" --shard "$SHARD" --out "$OUT"');
    const upload = shard.steps.find((s) => s['uses'] === 'actions/upload-artifact@v4');
    expect(upload).toMatchObject({ if: '${{ !cancelled() }}', with: { name: 'shard-${{ strategy.job-index }}' } });
  });

  it('merges after every leg, failed ones included', () => {
    const merge = wf.jobs['merge']!;
    expect(merge.needs).toBe('shard');
    expect(merge.if).toBe('${{ !cancelled() }}');
    expect(merge.steps.map((s) => s['run'])).toContain('npx sharebench merge --out fleet/merged fleet/shard=*');
  });
});

describe('examples/kubernetes/indexed-job.yaml', () => {
  interface Container {
    name: string;
    command: string[];
    args: string[];
    env: Array<{ name: string; value?: string; valueFrom?: unknown }>;
    securityContext: unknown;
  }
  const job = yaml('kubernetes/indexed-job.yaml') as {
    kind: string;
    spec: {
      completionMode: string;
      completions: number;
      podFailurePolicy: { rules: Array<{ onExitCodes: { containerName: string } }> };
      template: { spec: { restartPolicy: string; affinity: unknown; containers: Container[] } };
    };
  };
  const container = job.spec.template.spec.containers[0]!;

  it('is an Indexed Job with one completion per shard, one pod per node, privileged', () => {
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(Number(container.env.find((e) => e.name === 'SHARDS')?.value)).toBe(job.spec.completions);
    expect(JSON.stringify(job.spec.template.spec.affinity)).toMatch(/"podAntiAffinity".*"topologyKey":"kubernetes.io\/hostname"/);
    expect(container.securityContext).toEqual({ privileged: true });
    expect(job.spec.podFailurePolicy.rules.every((r) => r.onExitCodes.containerName === container.name)).toBe(true);
  });

  it('passes the completion index as --shard, and every $(VAR) of its args is declared (Kubernetes leaves unknown ones as text)', () => {
    expect([...container.command, ...container.args]).toEqual([
      'npx',
      'sharebench',
      'run',
      '$(CAMPAIGN)',
      '--shard',
      '$(SHARD_INDEX)/$(SHARDS)',
      '--out',
      '/fleet/seed-matrix/shard=$(SHARD_INDEX)',
    ]);
    const declared = new Set(container.env.map((e) => e.name));
    const used = container.args.flatMap((a) => [...a.matchAll(/\$\((\w+)\)/g)].map((m) => m[1]!));
    expect(used.filter((v) => !declared.has(v))).toEqual([]);
    expect(container.env.find((e) => e.name === 'SHARD_INDEX')?.valueFrom).toEqual({
      fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
    });
    expect(container.env.find((e) => e.name === 'SHAREBENCH_HOST_ID')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'spec.nodeName' } });
  });
});
