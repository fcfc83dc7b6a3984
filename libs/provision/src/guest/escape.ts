import { InputError } from '@sharebench/core';

/**
 * Escapes a value for a QEMU `-device`/`-object`/`-chardev` option list: QEMU splits on commas and
 * reads `,,` as a literal comma, so `path=/a,b` must be written `path=/a,,b`.
 */
export function qemuOptionValue(value: string): string {
  if (value.includes('\0')) throw new InputError(`QEMU option value ${JSON.stringify(value)} contains a NUL byte`);
  return value.replaceAll(',', ',,');
}

/**
 * Escapes a value for virtiofsd's `-o name=value` list, which libfuse's option parser splits on
 * commas; it takes a backslash as the escape character.
 */
export function fuseOptionValue(value: string): string {
  if (value.includes('\0')) throw new InputError(`virtiofsd option value ${JSON.stringify(value)} contains a NUL byte`);
  return value.replaceAll('\\', '\\\\').replaceAll(',', '\\,');
}

/**
 * Encodes a value for the guest kernel command line as base64: the kernel splits its command line
 * on spaces and interprets double quotes, so no raw value may reach it.
 */
export function encodeCmdlineValue(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

/** Reverses encodeCmdlineValue (what the guest init does with `base64 -d`). */
export function decodeCmdlineValue(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf8');
}

// virtio-fs device config space holds the tag in 36 bytes (virtio spec 5.11.4).
const VIRTIOFS_TAG_MAX_BYTES = 36;
// 9p carries the mount tag as a 16-bit length-prefixed string; this stays well inside what QEMU takes.
const NINEP_TAG_MAX_BYTES = 255;

/**
 * Returns `tag` when it can be a mount tag for `kind` (1..36 bytes for virtio-fs, printable
 * characters other than space, since the guest matches it against /proc/mounts); throws an
 * InputError saying what is wrong otherwise.
 */
export function assertMountTag(tag: string, kind: 'virtiofs' | '9p'): string {
  const max = kind === 'virtiofs' ? VIRTIOFS_TAG_MAX_BYTES : NINEP_TAG_MAX_BYTES;
  const bytes = Buffer.byteLength(tag, 'utf8');
  if (bytes === 0) throw new InputError(`${kind} mount tag is empty; give a tag such as "sharebench"`);
  if (bytes > max) {
    throw new InputError(`${kind} mount tag ${JSON.stringify(tag)} is ${bytes} bytes; the limit is ${max} bytes, use a shorter tag`);
  }
  if (/[\s\p{Cc}]/u.test(tag)) {
    throw new InputError(`${kind} mount tag ${JSON.stringify(tag)} contains a space or control character; use letters, digits, '.', '_', '-'`);
  }
  return tag;
}
