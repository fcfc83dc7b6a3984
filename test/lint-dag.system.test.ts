import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// The libs' import DAG (eslint.config.js): the real ESLint with the repository's config, on sources
// that import across the graph; nothing is written.
async function lint(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('eslint.config.js: the libs import DAG', () => {
  it('refuses an import against the graph, naming what the lib may import', async () => {
    // The reading half must not reach the measuring half.
    const analysisImportsProvision = "import { createEnvironment } from '@sharebench/provision';\nexport const x = createEnvironment;\n";
    expect(await lint('libs/analysis/src/zz-dag.ts', analysisImportsProvision)).toEqual([
      expect.stringMatching(/analysis may import core, fio, not provision/),
    ]);
    // Downstream: guest-image may not import provision (the init script is its input, not its import).
    expect(await lint('libs/guest-image/src/zz-dag.ts', "import { runDoctor } from '@sharebench/provision';\nexport const x = runDoctor;\n")).toEqual([
      expect.stringMatching(/guest-image may import core, host, not provision/),
    ]);
    // Another lib's files, never its package.
    expect(await lint('libs/execute/src/zz-dag.ts', "import { x } from '../../provision/src/spec.js';\nexport const y = x;\n")).toEqual([
      expect.stringMatching(/reach another lib through its package name/),
    ]);
  });

  it('lets a lib import what the graph allows', async () => {
    expect(await lint('libs/provision/src/zz-dag.ts', "import { which } from '@sharebench/host';\nexport const x = which;\n")).toEqual([]);
    expect(await lint('libs/report/src/zz-dag.ts', "import { findings } from '@sharebench/analysis';\nexport const x = findings;\n")).toEqual([]);
  });
});
