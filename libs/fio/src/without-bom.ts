/** `text` without a leading UTF-8 byte order mark, which editors on Windows add and fio never writes. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
