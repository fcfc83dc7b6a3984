import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('nx-plugin (through the real nx)', () => {
  it('makes every data/*/campaign.json a project with execute -> analyze -> report', async () => {
    const r = await execa('npx', ['nx', 'show', 'project', 'quick', '--json'], { cwd: ROOT, env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
    const project = JSON.parse(r.stdout);
    expect(project.root).toBe('data/quick');
    expect(project.targets.execute).toMatchObject({ cache: false, parallelism: false });
    expect(project.targets.execute.options.command).toBe('node tools/cli/bin/sharebench.js run data/quick --failed-ok');
    expect(project.targets.analyze).toMatchObject({ cache: true, dependsOn: ['execute'], outputs: ['{projectRoot}/results'] });
    expect(project.targets.analyze.inputs).toContain('{projectRoot}/raw/**/*');
    expect(project.targets.report).toMatchObject({ cache: true, dependsOn: ['analyze'], outputs: ['{workspaceRoot}/reports/quick'] });
    const all = await execa('npx', ['nx', 'show', 'projects', '--json'], { cwd: ROOT, env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
    expect(JSON.parse(all.stdout)).toEqual(expect.arrayContaining(['quick', 'seed-matrix', 'devloop']));
  });
});
