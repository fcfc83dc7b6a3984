import { describe, expect, it } from 'vitest';
import { fioArgsProblem } from '../../src/guest/fio-args.js';

describe('guest/fio-args', () => {
  it('lets ordinary job options through, whatever characters they hold', () => {
    expect(
      fioArgsProblem(['--name=x', '--rw=randread', '--filename_format=sharebench.$jobnum.$filenum', '--description=a "b" $(c)', '--filename=rel/f']),
    ).toBeNull();
  });

  it('refuses the options the environment owns and absolute file names', () => {
    expect(fioArgsProblem(['--directory=/tmp'])).toMatch(/--directory, which the environment controls/);
    expect(fioArgsProblem(['--output-format=terse'])).toMatch(/--output-format/);
    expect(fioArgsProblem(['--output=/tmp/x'])).toMatch(/--output/);
    expect(fioArgsProblem(['--create_only=1'])).toMatch(/--create_only/);
    expect(fioArgsProblem(['--filename=a:/dev/sda'])).toMatch(/absolute path/);
    expect(fioArgsProblem(['a\0b'])).toMatch(/NUL/);
  });
});
