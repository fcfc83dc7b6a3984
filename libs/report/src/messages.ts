/**
 * The texts of report that users read outside the report itself, in one place: refused
 * datasets and output folders, and a broken install. The report's own copy (its notes, methods
 * and tables, in HTML and in report.txt) stays with the code that lays it out. Each says what was
 * wrong, the value, and what to do.
 */

export const message = {
  noDatasets: () => 'report: no datasets given; usage: sharebench report <dataset>... --out <folder>',
  outNotDirectory: (dir: string) => `--out ${dir}: exists and is not a directory; choose a folder for the report`,
  outNotReport: (dir: string, files: readonly string[]) =>
    `--out ${dir}: exists and is not a sharebench report (no ${files.join(' and ')}); it would be replaced, so choose an empty or new folder`,
  noPackageJson: (name: string) => `report: found ${name}'s entry point but not its package.json; reinstall with 'npm ci'`,
  assetMissing: (src: string, pkg: string) => `report: ${src} is missing; the ${pkg} package looks incomplete, reinstall with 'npm ci'`,
} as const;
