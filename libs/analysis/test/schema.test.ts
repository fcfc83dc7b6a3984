import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { SCHEMA_MARKERS, schemaMarkdown, TABLES } from '@sharebench/analysis';

describe('analysis/schema', () => {
  it('is documented in docs/datasets.md: every column of every table, with its unit', async () => {
    const readme = await readFile(new URL('../../../docs/datasets.md', import.meta.url), 'utf8');
    for (const [table, columns] of Object.entries(TABLES)) {
      const section = readme.split(`### \`${table}\``)[1]?.split('###')[0] ?? '';
      expect(section, `docs/datasets.md has a section for ${table}`).not.toBe('');
      for (const c of columns) {
        const row = section.split('\n').find((l) => l.startsWith(`| \`${c.name}\` |`));
        expect(row, `docs/datasets.md documents ${table}.${c.name}`).toBeDefined();
        if (c.unit) expect(row).toContain(c.unit);
      }
    }
  });
  it('is written into docs/datasets.md from the column definitions, exactly (npm run docs)', async () => {
    const readme = await readFile(new URL('../../../docs/datasets.md', import.meta.url), 'utf8');
    const block = readme.split(SCHEMA_MARKERS.begin)[1]?.split(SCHEMA_MARKERS.end)[0];
    expect(block?.trim(), 'docs/datasets.md\'s tables are stale: run npm run docs').toBe(schemaMarkdown().trim());
  });

  it('puts units in the names of measured columns', () => {
    for (const c of TABLES.runs) {
      if (c.unit === 'bytes/s' || c.unit === 'bytes') expect(c.name).toMatch(/bytes/);
      if (c.unit === 'ns') expect(c.name).toMatch(/_ns/);
      if (c.unit === 'ms') expect(c.name).toMatch(/_ms/);
    }
  });
});
