import { fileURLToPath } from 'node:url';
import { execaNode, type Options, type ResultPromise } from 'execa';
import { outputOf, type ChildOutput } from '@sharebench/host/testing';
import { main } from '@sharebench/cli';

/** The built CLI (`npm test` builds first): what a user runs. */
export const CLI = fileURLToPath(new URL('../bin/sharebench.js', import.meta.url));

/** The repository's fixtures/ directory. */
export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** Runs `sharebench ...argv` in this process (main from the source) and collects what it writes. */
export async function sharebench(...argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, { stdout: { write: (s) => (stdout += s) }, stderr: { write: (s) => (stderr += s) } });
  return { exitCode, stdout, stderr };
}

/** Starts the built CLI as a separate process, with its output watched for markers. */
export function startCli(args: string[], options: Options = {}): { child: ResultPromise; output: ChildOutput } {
  const child = execaNode(CLI, args, { reject: false, ...options });
  return { child, output: outputOf(child) };
}
