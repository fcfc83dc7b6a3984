import { describeErrno, FsKind, RunStatus } from '@sharebench/core';
import { message } from '../messages.js';

export interface Classified {
  status: typeof RunStatus.failed | typeof RunStatus.unsupported;
  error: string;
}

const ENODEV = 19;
const EINVAL = 22;

/**
 * Decides whether a fio error means "this configuration cannot do that" or "this run failed".
 * A shared filesystem that refuses a shared mapping (virtio-fs cache=none opens files for direct
 * I/O, 9p without cache=mmap|loose has no page cache to map) makes mmap jobs fail with ENODEV or
 * EINVAL: that is a property of the configuration, the seed's "0 KiB/s", not a failure.
 */
export function classifyError(input: { errno: number; ioengine: string; fs: string; cache: string | null }): Classified {
  const { errno, ioengine, fs, cache } = input;
  if (ioengine === 'mmap' && (errno === ENODEV || errno === EINVAL) && fs !== FsKind.host) {
    return { status: RunStatus.unsupported, error: message.mmapUnsupported(fs, cache, describeErrno(errno)) };
  }
  return { status: RunStatus.failed, error: message.fioReported(describeErrno(errno)) };
}
