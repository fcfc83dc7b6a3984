import { describe, expect, it } from 'vitest';
import { systemTreeOf } from '../../src/share/system-trees.js';

describe('share/system-trees', () => {
  it('refuses / and every top-level system directory with everything under it', () => {
    expect(systemTreeOf('/')).toMatchObject({ tree: '/', containerOnly: false });
    const inside: Array<[string, string]> = [
      ['/etc', '/etc'], ['/etc/', '/etc'], ['/etc/ssh/sshd_config.d', '/etc'], ['/usr/share', '/usr'], ['/usr/local/src/x', '/usr'],
      ['/var/log', '/var'], ['/var/lib/postgresql', '/var'], ['/var/cache/x', '/var'], ['/boot/efi', '/boot'], ['/bin', '/bin'],
      ['/sbin/x', '/sbin'], ['/dev/shm', '/dev'], ['/proc/1', '/proc'], ['/sys/fs', '/sys'], ['/run/user/0', '/run'],
      ['/lib', '/lib'], ['/lib64/x', '/lib64'], ['/lib32', '/lib32'], ['/libx32/y', '/libx32'], ['/opt/tool/data', '/opt'],
      ['/lost+found', '/lost+found'], ['/etc/../usr/bin', '/usr'],
    ];
    for (const [path, tree] of inside) expect(systemTreeOf(path), path).toMatchObject({ tree, containerOnly: false });
  });

  it("leaves /var/tmp and sharebench's /var/lib/sharebench open, and paths outside the system trees", () => {
    for (const path of ['/var/tmp', '/var/tmp/sb/9p', '/var/lib/sharebench', '/var/lib/sharebench/9p-loose', '/tmp/x', '/data/scratch', '/work/a']) {
      expect(systemTreeOf(path), path).toBeNull();
    }
    // Look-alikes are not the open places.
    expect(systemTreeOf('/var/tmpfoo')).toMatchObject({ tree: '/var' });
    expect(systemTreeOf('/var/lib/sharebench-other')).toMatchObject({ tree: '/var' });
    expect(systemTreeOf('/etcetera')).toBeNull();
  });

  it('refuses the containers of other people’s directories themselves, not what is below them', () => {
    for (const tree of ['/home', '/mnt', '/media', '/srv']) {
      expect(systemTreeOf(tree)).toMatchObject({ tree, containerOnly: true });
      expect(systemTreeOf(`${tree}/`)).toMatchObject({ tree, containerOnly: true });
      expect(systemTreeOf(`${tree}/data/sharebench`)).toBeNull();
    }
  });

  it('wants an absolute path (symlinks and the working directory are the caller’s)', () => {
    expect(() => systemTreeOf('etc')).toThrow(/absolute/);
  });
});
