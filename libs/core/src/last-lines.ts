/**
 * The last `count` non-empty lines of a program's output, trimmed and joined by ` | `: what an
 * error message quotes of a failed command (its last words are usually the reason).
 */
export function lastLines(text: string, count = 1): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}
