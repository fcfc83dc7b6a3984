import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toolProvenance } from '@sharebench/analysis';

/** The tool's version and the checkout's git commit, for context.json. */
export function tool(): { version: string; git_commit: string | null } {
  const pkg = new URL('../../package.json', import.meta.url);
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  return toolProvenance(version, fileURLToPath(new URL('../../', import.meta.url)));
}
