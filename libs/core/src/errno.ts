/**
 * Linux errno numbers fio reports, with their names and the C library's wording, which is what
 * fio prints. Not util.getSystemErrorMap(): that is libuv's wording ("I/o error", "Operation not
 * supported on socket" for EOPNOTSUPP), and it has no ESTALE or EDQUOT.
 */
const ERRNO: Readonly<Record<number, readonly [string, string]>> = {
  1: ['EPERM', 'Operation not permitted'],
  2: ['ENOENT', 'No such file or directory'],
  4: ['EINTR', 'Interrupted system call'],
  5: ['EIO', 'Input/output error'],
  6: ['ENXIO', 'No such device or address'],
  7: ['E2BIG', 'Argument list too long'],
  9: ['EBADF', 'Bad file descriptor'],
  11: ['EAGAIN', 'Resource temporarily unavailable'],
  12: ['ENOMEM', 'Cannot allocate memory'],
  13: ['EACCES', 'Permission denied'],
  14: ['EFAULT', 'Bad address'],
  16: ['EBUSY', 'Device or resource busy'],
  17: ['EEXIST', 'File exists'],
  18: ['EXDEV', 'Invalid cross-device link'],
  19: ['ENODEV', 'No such device'],
  20: ['ENOTDIR', 'Not a directory'],
  21: ['EISDIR', 'Is a directory'],
  22: ['EINVAL', 'Invalid argument'],
  23: ['ENFILE', 'Too many open files in system'],
  24: ['EMFILE', 'Too many open files'],
  25: ['ENOTTY', 'Inappropriate ioctl for device'],
  26: ['ETXTBSY', 'Text file busy'],
  27: ['EFBIG', 'File too large'],
  28: ['ENOSPC', 'No space left on device'],
  29: ['ESPIPE', 'Illegal seek'],
  30: ['EROFS', 'Read-only file system'],
  32: ['EPIPE', 'Broken pipe'],
  36: ['ENAMETOOLONG', 'File name too long'],
  38: ['ENOSYS', 'Function not implemented'],
  61: ['ENODATA', 'No data available'],
  75: ['EOVERFLOW', 'Value too large for defined data type'],
  95: ['EOPNOTSUPP', 'Operation not supported'],
  103: ['ECONNABORTED', 'Software caused connection abort'],
  104: ['ECONNRESET', 'Connection reset by peer'],
  107: ['ENOTCONN', 'Transport endpoint is not connected'],
  110: ['ETIMEDOUT', 'Connection timed out'],
  116: ['ESTALE', 'Stale file handle'],
  122: ['EDQUOT', 'Disk quota exceeded'],
};

/** "ENOSPC (No space left on device)", or "errno 999" for numbers outside the table. */
export function describeErrno(errno: number): string {
  const e = ERRNO[errno];
  return e ? `${e[0]} (${e[1]})` : `errno ${errno}`;
}

/** The symbolic name ("ENODEV"), or null when unknown. */
export function errnoName(errno: number): string | null {
  return ERRNO[errno]?.[0] ?? null;
}
