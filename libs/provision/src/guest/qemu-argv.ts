import { type Accelerator } from '@sharebench/core';
import { CHANNEL_PORT_NAME } from './contract.js';
import { qemuOptionValue as q } from './escape.js';
import type { NinepSecurityModel } from '../spec.js';
import { message } from '../messages.js';

export type SharePlan =
  | { kind: 'virtiofs'; socketPath: string; tag: string; daxWindowBytes: number | null }
  | { kind: '9p'; path: string; tag: string; securityModel: NinepSecurityModel };

/** Everything that decides a guest's QEMU command line. */
export interface QemuPlan {
  qemuPath: string;
  /** `numactl` when the guest is pinned to a host NUMA node. */
  numactlPath: string | null;
  numaNode: number | null;
  name: string;
  accel: Accelerator;
  vcpus: number;
  memoryBytes: number;
  /** Firmware (qboot) or null for QEMU's default. */
  firmwarePath: string | null;
  /** Firmware directories (`-L`) searched before QEMU's own: an obtained QEMU's suite's ROMs. */
  firmwareDirs: readonly string[];
  kernelPath: string;
  initramfsPath: string;
  cmdline: string;
  serialLogPath: string;
  channelSocketPath: string;
  share: SharePlan;
}

const MiB = 1024 * 1024;

/**
 * The argv that boots a guest: guest RAM is a shared memfd registered as the guest's NUMA node
 * (vhost-user needs the daemon to map guest memory, so virtio-fs requires share=on; 9p gets the
 * same memory setup so the two differ only in the file system), the serial console goes to a
 * file, the host channel is a virtio-serial port, and a panic or reboot ends QEMU. Every value
 * that comes from outside is comma-escaped.
 */
export function qemuArgv(plan: QemuPlan): string[] {
  if (plan.memoryBytes % MiB !== 0 || plan.memoryBytes <= 0) throw new Error(message.memoryNotMiB(plan.memoryBytes));
  const memMiB = plan.memoryBytes / MiB;
  const pin =
    plan.numaNode === null
      ? []
      : [plan.numactlPath ?? 'numactl', `--cpunodebind=${plan.numaNode}`, `--membind=${plan.numaNode}`];
  const share =
    plan.share.kind === 'virtiofs'
      ? [
          '-chardev', `socket,id=vfs,path=${q(plan.share.socketPath)}`,
          '-device',
          `vhost-user-fs-pci,queue-size=1024,chardev=vfs,tag=${q(plan.share.tag)}` +
            `${plan.share.daxWindowBytes === null ? '' : `,cache-size=${plan.share.daxWindowBytes}`}`,
        ]
      : [
          '-fsdev', `local,id=share,path=${q(plan.share.path)},security_model=${plan.share.securityModel}`,
          '-device', `virtio-9p-pci,fsdev=share,mount_tag=${q(plan.share.tag)}`,
        ];
  return [
    ...pin,
    plan.qemuPath,
    '-name', q(plan.name),
    '-machine', 'q35',
    '-accel', plan.accel,
    ...(plan.accel === 'kvm' ? ['-cpu', 'host'] : []),
    '-smp', String(plan.vcpus),
    '-m', `${memMiB}M`,
    '-object', `memory-backend-memfd,id=mem,size=${memMiB}M,share=on`,
    '-numa', 'node,memdev=mem',
    ...plan.firmwareDirs.flatMap((dir) => ['-L', dir]),
    ...(plan.firmwarePath ? ['-bios', plan.firmwarePath] : []),
    '-kernel', plan.kernelPath,
    '-initrd', plan.initramfsPath,
    '-append', plan.cmdline,
    '-display', 'none',
    '-nodefaults',
    '-no-user-config',
    '-no-reboot',
    '-chardev', `file,id=console,path=${q(plan.serialLogPath)},append=on`,
    '-serial', 'chardev:console',
    '-device', 'virtio-serial-pci,id=vser',
    '-chardev', `socket,id=channel,path=${q(plan.channelSocketPath)}`,
    '-device', `virtserialport,bus=vser.0,chardev=channel,name=${CHANNEL_PORT_NAME}`,
    ...share,
  ];
}
