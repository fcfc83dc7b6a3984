/**
 * Test helpers for the report: real datasets built through the import pipeline (the corpus), the
 * small-files dataset, the strict Vega-Lite compile. `@sharebench/report/testing`.
 */
export {
  buildCorpus,
  corpus,
  FIO,
  FIXTURES,
  HOSTILE,
  hostileDataset,
  importDataset,
  LEGACY,
  MATRIX_ENVS,
  reportFixture,
  STUDY_ENVS,
  studyDataset,
  tcgSession,
  tempDir,
  type Corpus,
} from './datasets.js';
export { opsDataset } from './ops-dataset.js';
export { compileStrict, valuesOf } from './compile-strict.js';
