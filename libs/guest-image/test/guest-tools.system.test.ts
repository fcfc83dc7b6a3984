import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { checkTool, findHostTool, GUEST_TOOLS } from '../src/guest-tools.js';

describe('guest-image/guest-tools', () => {
  it('finds each tool with its whole library closure and the loader, as ldd lists them', async () => {
    for (const name of GUEST_TOOLS) {
      const tool = await findHostTool(name);
      expect(tool, name).not.toBeNull();
      // ldd (glibc's own script) is the other route to the same list.
      const ldd = (await execa('ldd', [tool!.path])).stdout;
      const fromLdd = [...ldd.matchAll(/=> (\/\S+)/g)].map((m) => m[1]!);
      expect(tool!.libraries.map((l) => l.path)).toEqual(expect.arrayContaining(fromLdd));
      expect(tool!.libraries.some((l) => l.path === tool!.interpreter)).toBe(true);
    }
    const git = await findHostTool('git');
    expect(git!.libraries.map((l) => l.name)).toEqual(expect.arrayContaining(['libpcre2-8.so.0', 'libz.so.1', 'libc.so.6']));
  });

  it('checks a tool by running its --version through its loader, and refuses a binary that is not the tool', async () => {
    const sqlite3 = (await findHostTool('sqlite3'))!;
    const version = await checkTool(sqlite3, sqlite3.libraries);
    // dpkg's record of the installed package is the other route: 3.40.1-2+deb12u2 prints 3.40.1.
    const packaged = (await execa('dpkg-query', ['-W', '-f=${Version}', 'sqlite3'])).stdout;
    expect(version.startsWith(`${/^(?:\d+:)?(\d+\.\d+\.\d+)/.exec(packaged)![1]} `)).toBe(true);
    await expect(checkTool({ ...sqlite3, path: '/bin/true' }, sqlite3.libraries)).rejects.toThrow(/^the guest's sqlite3 does not run: \S+ --library-path \S+ \/bin\/true --version exited 0: /);
  });
});
