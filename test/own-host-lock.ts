/**
 * vitest setupFile for the system tests: each test file gets its own host-wide measurement lock
 * (SHAREBENCH_HOST_LOCK_DIR, inherited by the CLIs it spawns). Test files run side by side;
 * sharing the host's lock would make one file's `sharebench run` refuse another's.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

process.env['SHAREBENCH_HOST_LOCK_DIR'] ??= mkdtempSync(join(os.tmpdir(), 'sharebench-host-lock-'));
