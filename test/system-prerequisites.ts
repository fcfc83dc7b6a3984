/**
 * vitest globalSetup for the tests that use real parts: checks, in one place and before any test,
 * that the Debian packages of test/debian-packages.mjs are installed and that the tests run as
 * root. `npm test` has already installed them (test/prepare.mjs); this catches `npx vitest` run
 * directly. A test never skips itself because a program is missing.
 */
import { missingPackages } from './debian-packages.mjs';

export default function setup(): void {
  const missing = missingPackages();
  const notRoot = process.getuid?.() !== 0;
  if (missing.length === 0 && !notRoot) return;
  const lines = [
    ...(missing.length > 0
      ? [
          'the system tests need Debian packages this machine lacks:',
          ...missing.map(([name, why]) => `  ${name}: ${why}`),
          'npm test installs them as root; or:',
          `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.map(([name]) => name).join(' ')}`,
        ]
      : []),
    ...(notRoot ? ['run the tests as root: virtiofsd sandboxes itself with namespaces, and the runs drop the host page cache'] : []),
  ];
  // One message and a non-zero exit, before vitest starts a test: no stack trace to read past.
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(2);
}
