import { describe, expect, it } from 'vitest';
import { createVirtiofsEnvironment } from '../src/virtiofs.js';
import { virtiofsSpec } from '@sharebench/provision/testing';

describe('virtiofs (specs, without the host)', () => {
  const ctx = { scratchRoot: '/nonexistent/scratch', cacheDir: '/nonexistent/cache' };

  it('refuses specs that can never work, right away', () => {
    expect(() => createVirtiofsEnvironment(virtiofsSpec('vfs', { tag: 'x'.repeat(37) }), ctx)).toThrow(/37 bytes; the limit is 36/);
    expect(() => createVirtiofsEnvironment(virtiofsSpec('../vfs'), ctx)).toThrow(/not a safe name/);
    expect(() => createVirtiofsEnvironment(virtiofsSpec('vfs', { memoryBytes: 1000 }), ctx)).toThrow(/whole number of MiB/);
    expect(() => createVirtiofsEnvironment(virtiofsSpec('vfs', { memoryBytes: 128 * 2 ** 20 }), ctx)).toThrow(/at least 256 MiB/);
  });

  it('describes itself for the analysis', () => {
    expect(createVirtiofsEnvironment(virtiofsSpec('vfs', { cache: 'always', numa: 0 }), ctx).meta).toEqual({
      name: 'vfs',
      fs: 'virtiofs',
      cache: 'always',
      dax: false,
      numa: 0,
    });
  });
});
