#!/usr/bin/env node
// `npm run docs`: rewrites docs/datasets.md's column tables from the column definitions (after a build), and
// docs/campaign.schema.json from the campaign input types.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaMarkdown, SCHEMA_MARKERS } from '@sharebench/analysis';
import { campaignSchema, SCHEMA_FILE } from './campaign-schema.mjs';

const readme = fileURLToPath(new URL('../../docs/datasets.md', import.meta.url));
const text = readFileSync(readme, 'utf8');
const begin = text.indexOf(SCHEMA_MARKERS.begin);
const end = text.indexOf(SCHEMA_MARKERS.end);
if (begin < 0 || end < begin) {
  process.stderr.write(`update-docs: docs/datasets.md has no ${SCHEMA_MARKERS.begin} ... ${SCHEMA_MARKERS.end} block; add the markers where the tables go\n`);
  process.exit(2);
}
const next = `${text.slice(0, begin + SCHEMA_MARKERS.begin.length)}\n\n${schemaMarkdown()}\n${text.slice(end)}`;
if (next !== text) {
  writeFileSync(`${readme}.tmp`, next);
  renameSync(`${readme}.tmp`, readme);
}

const schema = campaignSchema();
if (readFileSync(SCHEMA_FILE, 'utf8').toString() !== schema) {
  writeFileSync(`${SCHEMA_FILE}.tmp`, schema);
  renameSync(`${SCHEMA_FILE}.tmp`, SCHEMA_FILE);
}
