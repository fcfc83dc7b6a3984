import { TABLES } from './schema.js';

/**
 * docs/datasets.md's column tables, written from the column definitions (schema.ts): `npm run docs`
 * puts this text between docs/datasets.md's `<!-- tables -->` markers, and a test keeps the two equal.
 */
export function schemaMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return Object.entries(TABLES)
    .map(([table, columns]) =>
      [
        `### \`${table}\``,
        '',
        '| column | type | unit | meaning |',
        '|---|---|---|---|',
        ...columns.map((c) => `| \`${c.name}\` | ${c.type}${c.nullable ? '?' : ''} | ${c.unit ?? ''} | ${cell(c.doc)} |`),
        '',
      ].join('\n'),
    )
    .join('\n');
}

export const SCHEMA_MARKERS = { begin: '<!-- tables: written by `npm run docs` from libs/analysis/src/schema.ts -->', end: '<!-- /tables -->' } as const;
