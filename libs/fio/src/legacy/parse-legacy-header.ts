const HEADER_LINE = /^[A-Z][A-Z0-9_]*=/;
// A further pair on the same line: whitespace, then an upper-case KEY and '='.
const NEXT_PAIR = /\s+(?=[A-Z][A-Z0-9_]*=)/;

/**
 * Reads the `KEY=VALUE` header at the top of a run-fio-test.sh log, up to the first line that is
 * not a header line. A line may hold several pairs (`RUNTIME=20 LOOPS=3 IODEPTH=16`): it is split
 * before every ` UPPER_KEY=`. Other values keep their spaces (`MOUNTPOINT=/mnt/virtiofs myfs
 * virtiofs rw,relatime`), and lower-case `key=value` text inside a value is not split.
 * Returns the pairs and the index of the first line after the header.
 */
export function parseLegacyHeader(lines: readonly string[]): { header: Record<string, string>; next: number } {
  const header: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length && HEADER_LINE.test(lines[i]!); i++) {
    for (const pair of lines[i]!.split(NEXT_PAIR)) {
      const eq = pair.indexOf('=');
      header[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return { header, next: i };
}
