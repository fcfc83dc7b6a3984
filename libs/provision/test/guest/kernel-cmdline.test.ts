import { describe, expect, it } from 'vitest';
import { kernelCmdline } from '../../src/guest/kernel-cmdline.js';

describe('guest/kernel-cmdline', () => {
  it('ends QEMU on a panic and carries the settings base64-encoded, so nothing splits or quotes', () => {
    const line = kernelCmdline({ fs: '9p', tag: 'my "tag"', mountOptions: 'trans=virtio,version=9p2000.L,cache=loose,msize=512000', fault: null });
    const words = line.split(' ');
    expect(words).toContain('panic=-1');
    expect(words).toContain('console=ttyS0');
    expect(line).not.toMatch(/"/);
    const value = (key: string) => Buffer.from(words.find((w) => w.startsWith(`${key}=`))!.slice(key.length + 1), 'base64').toString();
    expect(value('sharebench.tag')).toBe('my "tag"');
    expect(value('sharebench.opts')).toBe('trans=virtio,version=9p2000.L,cache=loose,msize=512000');
    expect(words).not.toContain('sharebench.fault');
  });

  it('adds the test-only fault flag only when asked', () => {
    expect(kernelCmdline({ fs: 'virtiofs', tag: 't', mountOptions: 'rw', fault: 'hang' }).split(' ')).toContain('sharebench.fault=hang');
  });
});
