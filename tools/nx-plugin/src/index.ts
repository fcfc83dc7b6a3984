import { dirname, basename } from 'node:path';
import type { CreateNodesV2, TargetConfiguration } from 'nx/src/devkit-exports.js';

/** The code a target's result depends on: every lib's sources, the CLI, and the lockfile. */
const CODE = [
  '{workspaceRoot}/libs/*/src/**/*',
  '{workspaceRoot}/tools/cli/src/**/*',
  '{workspaceRoot}/package-lock.json',
];

const CLI = 'node tools/cli/bin/sharebench.js';

/**
 * Targets for one campaign directory. execute is never cached: it measures, and it resumes, so
 * running it again on a finished campaign does nothing. analyze and report are deterministic
 * functions of their inputs, so Nx caches them.
 */
export function campaignTargets(root: string, name: string): Record<string, TargetConfiguration> {
  return {
    execute: {
      executor: 'nx:run-commands',
      // A failed run is a row with its reason, which the report shows: it does not stop the pipeline.
      options: { command: `${CLI} run ${root} --failed-ok`, cwd: '{workspaceRoot}' },
      cache: false,
      // Measurements must not share the machine with each other.
      parallelism: false,
      metadata: { description: `run campaign ${name} (resumable) into ${root}` },
    },
    analyze: {
      executor: 'nx:run-commands',
      options: { command: `${CLI} analyze ${root}`, cwd: '{workspaceRoot}' },
      dependsOn: ['execute'],
      cache: true,
      inputs: [`{projectRoot}/raw/**/*`, `{projectRoot}/context.json`, `{projectRoot}/campaign.json`, ...CODE],
      outputs: ['{projectRoot}/results'],
      metadata: { description: `recompute ${root}/results from raw/` },
    },
    report: {
      executor: 'nx:run-commands',
      options: { command: `${CLI} report ${root} --out reports/${name}`, cwd: '{workspaceRoot}' },
      dependsOn: ['analyze'],
      cache: true,
      inputs: [`{projectRoot}/results/**/*`, `{projectRoot}/context.json`, ...CODE, { externalDependencies: ['vega', 'vega-lite', 'vega-embed'] }],
      outputs: [`{workspaceRoot}/reports/${name}`],
      metadata: { description: `write reports/${name}/index.html and report.txt` },
    },
  };
}

export const createNodesV2: CreateNodesV2 = [
  'data/*/campaign.json',
  (files) =>
    files.map((file) => {
      const root = dirname(file);
      const name = basename(root);
      return [file, { projects: { [root]: { name, root, tags: ['campaign'], targets: campaignTargets(root, name) } } }] as const;
    }),
];

export const name = '@sharebench/nx-plugin';
