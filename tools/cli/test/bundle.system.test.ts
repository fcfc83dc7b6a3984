import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '@sharebench/cli';

// What the build wrote (npm test builds first): esbuild's metafile of bundle/main.js and bundle/commands/*.js.
const META = fileURLToPath(new URL('../bundle/meta.json', import.meta.url));

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The npm packages and workspace libs (as @sharebench/<dir>) whose code is in one output file. */
function packagesIn(meta: Metafile, output: string): string[] {
  const out = meta.outputs[`tools/cli/bundle/${output}`];
  if (!out) throw new Error(`${META} has no output ${output}; outputs: ${Object.keys(meta.outputs).join(', ')}`);
  const names = new Set<string>();
  for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
    if (bytesInOutput === 0) continue; // tree-shaken away
    const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    const lib = /^(?:libs|tools)\/([^/]+)\//.exec(input)?.[1];
    names.add(dep ?? `@sharebench/${lib ?? input}`);
  }
  return [...names].sort();
}

const readMeta = async (): Promise<Metafile> => JSON.parse(await readFile(META, 'utf8')) as Metafile;

describe('cli bundle: each command loads only what it uses', () => {
  it('keeps every library out of main.js, which --help, --version and usage errors run alone', async () => {
    expect(packagesIn(await readMeta(), 'main.js')).toEqual(['@sharebench/cli', '@sharebench/core']);
  });

  it('has one file per command of the option table, which main.js imports only when that command runs', async () => {
    const meta = await readMeta();
    const files = Object.keys(meta.outputs).filter((o) => o.startsWith('tools/cli/bundle/commands/') && o.endsWith('.js'));
    expect(files.map((f) => f.slice('tools/cli/bundle/commands/'.length)).sort()).toEqual(COMMANDS.map((c) => `${c.name}.js`).sort());
    const main = await readFile(fileURLToPath(new URL('../bundle/main.js', import.meta.url)), 'utf8');
    for (const c of COMMANDS) expect(main).toContain(`import("./commands/${c.name}.js")`);
  });

  it('gives import and analyze no query engine or charts, query no Arrow writer or Parquet, and only run, probe and doctor execa', async () => {
    const meta = await readMeta();
    const has = (output: string, pkg: string) => packagesIn(meta, output).includes(pkg);
    for (const command of ['import.js', 'analyze.js']) {
      for (const pkg of ['arquero', 'acorn', '@uwdata/flechette', 'vega', 'vega-lite', 'execa', '@sharebench/report', '@sharebench/provision']) {
        expect(has(`commands/${command}`, pkg), `${command} holds ${pkg}`).toBe(false);
      }
      // What they do use: the parser, the tables and both file formats.
      for (const pkg of ['@sharebench/fio', '@sharebench/analysis', 'apache-arrow', 'hyparquet-writer']) expect(has(`commands/${command}`, pkg)).toBe(true);
    }
    for (const pkg of ['apache-arrow', 'hyparquet-writer', 'hyparquet', 'execa', '@sharebench/fio']) {
      expect(has('commands/query.js', pkg), `query.js holds ${pkg}`).toBe(false);
    }
    expect(has('commands/query.js', 'arquero')).toBe(true);
    const withExeca = COMMANDS.map((c) => c.name).filter((name) => has(`commands/${name}.js`, 'execa'));
    // The commands that start environments (run, probe) or check the host's programs (doctor).
    expect(withExeca.sort()).toEqual(['doctor', 'probe', 'run']);
  });
});
