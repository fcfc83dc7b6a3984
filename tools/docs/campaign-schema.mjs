// The JSON Schema of campaign.json, generated from the campaign input types
// (libs/execute/src/campaign/input.ts). `npm run docs` writes it to docs/campaign.schema.json;
// a system test checks the file is current and that every preset validates against it.
import { createGenerator } from 'ts-json-schema-generator';
import { fileURLToPath } from 'node:url';

export const SCHEMA_FILE = fileURLToPath(new URL('../../docs/campaign.schema.json', import.meta.url));

/** The schema as text (stable key order, 2-space indent, final newline). */
export function campaignSchema() {
  const generator = createGenerator({
    path: fileURLToPath(new URL('../../libs/execute/src/campaign/input.ts', import.meta.url)),
    tsconfig: fileURLToPath(new URL('../../libs/execute/tsconfig.json', import.meta.url)),
    type: 'CampaignInput',
    additionalProperties: false,
    skipTypeCheck: true,
    sortProps: false,
  });
  const schema = generator.createSchema('CampaignInput');
  const { $schema: _draft, ...rest } = schema;
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title: 'sharebench campaign', ...rest }, null, 2)}\n`;
}
