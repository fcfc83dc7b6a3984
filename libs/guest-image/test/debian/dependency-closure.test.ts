import { describe, expect, it } from 'vitest';
import { dependencyClosure, formatClause, parseDepends, type ClosureSources, type PackageRecord, type VersionOp } from '@sharebench/guest-image';

// Versions here are plain dotted numbers, so the ordering is the numeric one (no epochs, no tildes).
function cmp(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
const HOLDS: Record<VersionOp, (c: number) => boolean> = {
  '<<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '=': (c) => c === 0,
  '>=': (c) => c >= 0,
  '>>': (c) => c > 0,
};

const pkg = (name: string, version: string, depends = ''): PackageRecord => ({ name, version, depends: parseDepends(depends) });

function sources(host: Record<string, Array<string | null>>, suite: PackageRecord[]): ClosureSources & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    installed: (name) => host[name] ?? [],
    available: async (name) => {
      asked.push(name);
      return suite.find((p) => p.name === name) ?? null;
    },
    satisfies: async (version, op, wanted) => HOLDS[op](cmp(version, wanted)),
  };
}

describe('guest-image/debian/dependency-closure', () => {
  it('parses Depends as Debian writes them: alternatives, versions, architecture qualifiers', () => {
    expect(parseDepends('libc6 (>= 2.34), libgcc-s1 | libgcc1, python3:any (<< 3.12), debconf (>= 0.5) | debconf-2.0')).toEqual([
      [{ name: 'libc6', op: '>=', version: '2.34' }],
      [{ name: 'libgcc-s1', op: null, version: null }, { name: 'libgcc1', op: null, version: null }],
      [{ name: 'python3', op: '<<', version: '3.12' }],
      [{ name: 'debconf', op: '>=', version: '0.5' }, { name: 'debconf-2.0', op: null, version: null }],
    ]);
    expect(parseDepends('')).toEqual([]);
    expect(formatClause(parseDepends('a (= 1) | b')[0]!)).toBe('a (= 1) | b');
  });

  it('takes the root, the packages asked for always, and only what the host lacks or has too old, recursively', async () => {
    const suite = [
      pkg('qemu', '10.0', 'libc6 (>= 2.34), libnew (>= 2.0), libold, common (= 10.0), data'),
      pkg('common', '10.0', 'libc6 (>= 2.34), libnew2'),
      pkg('data', '10.0'),
      pkg('fw', '1.16.3'),
      pkg('libnew', '2.1', 'libc6 (>= 2.38), libdep'),
      pkg('libnew2', '1.0'),
      pkg('libc6', '2.41', 'libgcc-s1'),
      pkg('libgcc-s1', '14.2'),
      pkg('libdep', '3.0'),
      pkg('libold', '9.0'),
    ];
    const s = sources({ libc6: ['2.36'], libnew: ['1.9'], libold: ['1.0'], 'libgcc-s1': ['12.2'], libdep: ['3.0'] }, suite);
    const closure = await dependencyClosure(suite[0]!, ['data', 'fw'], s);
    // libnew: the host's 1.9 is too old; libnew2: absent; its libc6 >= 2.38 pulls trixie's glibc (and nothing else of it:
    // the host's libgcc-s1 and libdep satisfy their unversioned dependencies); libold: the host's any version will do.
    expect(closure.map((p) => `${p.name}=${p.version}`).sort()).toEqual(
      ['common=10.0', 'data=10.0', 'fw=1.16.3', 'libc6=2.41', 'libnew2=1.0', 'libnew=2.1', 'qemu=10.0'].sort(),
    );
    expect(s.asked).not.toContain('libold');
  });

  it('goes through the alternatives, and counts versioned Provides of the host', async () => {
    const suite = [pkg('root', '1', 'liba (>= 2) | libb, virt (>= 3)'), pkg('libb', '1')];
    const closure = await dependencyClosure(suite[0]!, [], sources({ liba: ['1'], virt: ['3.1'] }, suite));
    expect(closure.map((p) => p.name)).toEqual(['root', 'libb']);
    // An unversioned Provides (null) meets only an unversioned dependency.
    await expect(dependencyClosure(pkg('root', '1', 'virt (>= 3)'), [], sources({ virt: [null] }, []))).rejects.toThrow(
      'root 1 needs virt (>= 3): this host does not have it and the suite has no version that fits',
    );
  });

  it('refuses a dependency neither the host nor the suite can meet, and an always-package the suite lacks, naming it', async () => {
    const suite = [pkg('root', '1', 'libx (>= 5)'), pkg('libx', '4')];
    await expect(dependencyClosure(suite[0]!, [], sources({ libx: ['3'] }, suite))).rejects.toThrow(/^root 1 needs libx \(>= 5\): /);
    await expect(dependencyClosure(pkg('root', '1'), ['seabios'], sources({}, []))).rejects.toThrow('the suite has no seabios, which root 1 is obtained with');
  });
});
