/**
 * Every text of core that users read, in one place: refused sizes, durations and names, datasets
 * whose context.json or run.json cannot be read. Each says what was wrong, the value, and what to do.
 */

export const message = {
  notASize: (where: string, value: unknown) =>
    `${where}: ${JSON.stringify(value)} is not a size; use bytes or a number with k, m, g or t (e.g. "4k", "64M", "4G")`,
  notADuration: (where: string, value: unknown) =>
    `${where}: ${JSON.stringify(value)} is not a positive duration; use seconds or a number with ms, s, m or h (e.g. "20s")`,
  notPositive: (where: string, value: unknown) => `${where}: ${JSON.stringify(value)} must be greater than 0`,
  unsafeName: (name: unknown) =>
    `${JSON.stringify(name)} is not a safe name; use letters, digits, '.', '_' and '-' ` +
    `(start with a letter or digit, at most 64 characters), e.g. "virtiofs-auto"`,
  atWhere: (where: string, problem: string) => `${where}: ${problem}`,

  notADataset: (dataset: string, contextFile: string) =>
    `${dataset}: not a sharebench dataset (no ${contextFile}); create one with 'sharebench import <files> --out ${dataset}' or 'sharebench run'`,
  contextNotJson: (path: string, detail: string) => `${path}: not valid JSON (${detail}); re-create the dataset`,
  contextInvalid: (path: string, why: string) => `${path}: not a valid sharebench context (${why}); re-create the dataset`,
  contextNotObject: () => 'not an object',
  contextUnexpectedShape: () => 'unexpected shape',
  contextUnknownSchema: (schema: unknown) => `unknown schema ${JSON.stringify(schema)}`,
  contextNewer: (path: string, schema: number, readsUpTo: number) =>
    `${path}: written by a newer sharebench (context schema ${schema}, this one reads up to ${readsUpTo}); upgrade sharebench to read it`,

  notARunManifest: () => 'not a run manifest',
  unknownRunManifestSchema: (schema: unknown) => `unknown run manifest schema ${JSON.stringify(schema)}`,
  opsResultInvalid: (noun: string, expected: string, found: string) =>
    `the ${noun}'s output is not {"op": "${expected}", "entries" > 0, "elapsed_ms" > 0}: ${found}`,
  notASemanticsRecord: (schema: number) => `not a semantics record of schema ${schema}`,
} as const;
