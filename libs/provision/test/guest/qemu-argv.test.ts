import { describe, expect, it } from 'vitest';
import { qemuArgv, type QemuPlan } from '../../src/guest/qemu-argv.js';

const plan: QemuPlan = {
  qemuPath: '/usr/bin/qemu-system-x86_64',
  numactlPath: null,
  numaNode: null,
  name: 'sharebench-vfs',
  accel: 'tcg',
  vcpus: 2,
  memoryBytes: 1024 ** 3,
  firmwarePath: '/usr/share/qemu/qboot.rom',
  firmwareDirs: [],
  kernelPath: '/c/vmlinux',
  initramfsPath: '/c/initramfs.cpio.gz',
  cmdline: 'console=ttyS0 panic=-1',
  serialLogPath: '/logs,x/serial.log',
  channelSocketPath: '/tmp/sb-1/channel.sock',
  share: { kind: 'virtiofs', socketPath: '/tmp/sb-1/virtiofsd.sock', tag: 'share,tag', daxWindowBytes: null },
};

const after = (argv: string[], flag: string) => argv.filter((_, i) => argv[i - 1] === flag);

describe('guest/qemu-argv', () => {
  it('gives guest RAM as a shared memfd NUMA node and vhost-user-fs-pci with queue-size 1024', () => {
    const argv = qemuArgv(plan);
    expect(argv[0]).toBe('/usr/bin/qemu-system-x86_64');
    expect(after(argv, '-object')).toEqual(['memory-backend-memfd,id=mem,size=1024M,share=on']);
    expect(after(argv, '-numa')).toEqual(['node,memdev=mem']);
    expect(after(argv, '-m')).toEqual(['1024M']);
    expect(after(argv, '-smp')).toEqual(['2']);
    expect(after(argv, '-accel')).toEqual(['tcg']);
    expect(after(argv, '-device')).toContain('vhost-user-fs-pci,queue-size=1024,chardev=vfs,tag=share,,tag');
    expect(argv).toContain('-no-reboot');
    expect(argv).toContain('-nodefaults');
  });

  it('doubles commas in every path and tag it puts in an option list', () => {
    const argv = qemuArgv(plan);
    expect(after(argv, '-chardev')).toContain('file,id=console,path=/logs,,x/serial.log,append=on');
    const ninep = qemuArgv({ ...plan, share: { kind: '9p', path: '/srv/a,b', tag: 'sharebench', securityModel: 'mapped-xattr' } });
    expect(after(ninep, '-fsdev')).toEqual(['local,id=share,path=/srv/a,,b,security_model=mapped-xattr']);
    expect(after(ninep, '-device')).toContain('virtio-9p-pci,fsdev=share,mount_tag=sharebench');
  });

  it("passes the 9p security model it is given, none (the seed's) as well", () => {
    const none = qemuArgv({ ...plan, share: { kind: '9p', path: '/s', tag: 't', securityModel: 'none' } });
    expect(after(none, '-fsdev')).toEqual(['local,id=share,path=/s,security_model=none']);
  });

  it('adds the DAX window when asked, KVM with the host CPU, and numactl pinning in front', () => {
    const argv = qemuArgv({
      ...plan,
      accel: 'kvm',
      numaNode: 1,
      numactlPath: '/usr/bin/numactl',
      share: { ...plan.share, daxWindowBytes: 2 ** 30 } as QemuPlan['share'],
    });
    expect(argv.slice(0, 4)).toEqual(['/usr/bin/numactl', '--cpunodebind=1', '--membind=1', '/usr/bin/qemu-system-x86_64']);
    expect(after(argv, '-cpu')).toEqual(['host']);
    expect(after(argv, '-device').find((d) => d.startsWith('vhost-user-fs-pci'))).toMatch(/,cache-size=1073741824$/);
  });

  it('searches an obtained QEMU\'s firmware directories first, in order, and none for the host\'s', () => {
    expect(qemuArgv(plan)).not.toContain('-L');
    const firmwareDirs = ['/c/qemu/10/usr/share/qemu', '/c/qemu/10/usr/share/seabios'];
    const argv = qemuArgv({ ...plan, firmwareDirs, firmwarePath: '/c/qemu/10/usr/share/qemu/qboot.rom' });
    expect(after(argv, '-L')).toEqual(['/c/qemu/10/usr/share/qemu', '/c/qemu/10/usr/share/seabios']);
    expect(after(argv, '-bios')).toEqual(['/c/qemu/10/usr/share/qemu/qboot.rom']);
  });

  it('refuses a memory size that is not whole MiB', () => {
    expect(() => qemuArgv({ ...plan, memoryBytes: 1000 })).toThrow(/whole number of MiB/);
  });
});
