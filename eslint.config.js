// `npm run lint`: typescript-eslint's recommended rules, a line length, and the libs' import DAG
// (ALLOWED below): a lib imports only the libs it is allowed, through their package name (never
// another lib's files), and only tools import every lib.
import tseslint from 'typescript-eslint';
import stylistic from '@stylistic/eslint-plugin';

/**
 * The libs and what each may import: a DAG of two halves that meet only through dataset files
 * (context.json, run.json, raw/), whose types core owns.
 *   measuring half: core <- host <- guest-image <- provision <- execute (execute also reads fio's output)
 *   reading half:   core <- fio <- analysis <- report
 * Tools sit on top: cli imports every lib, bench what it measures, the Nx plugin none.
 */
const ALLOWED = {
  core: [],
  host: ['core'],
  'guest-image': ['core', 'host'],
  provision: ['core', 'host', 'guest-image'],
  execute: ['core', 'host', 'provision', 'fio'],
  fio: ['core'],
  analysis: ['core', 'fio'],
  report: ['core', 'analysis'],
};
const LIBS = Object.keys(ALLOWED);

const deepImports = [
  { group: ['@sharebench/*/*'], message: "import a lib by its package name only (its src/index.ts names what it exports)" },
  { regex: `^(\\.\\./)+(libs/)?(${LIBS.join('|')}|cli|nx-plugin|bench)/src/`, message: "reach another lib through its package name, not its files" },
];

const describe = (lib) => (ALLOWED[lib].length === 0 ? 'nothing' : ALLOWED[lib].join(', '));

const boundary = (lib) => ({
  files: [`libs/${lib}/src/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...deepImports,
          ...LIBS.filter((other) => !ALLOWED[lib].includes(other)).map((other) => ({
            group: [`@sharebench/${other}`],
            message: other === lib ? 'a lib does not import itself by name' : `${lib} may import ${describe(lib)}, not ${other} (DAG atop eslint.config.js)`,
          })),
          { group: ['@sharebench/cli', '@sharebench/nx-plugin', '@sharebench/bench'], message: 'only tools import tools' },
        ],
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'reports/**',
      'data/**',
      'fixtures/**',
      'libs/report/assets/**',
      'tools/cli/bin/**',
      'tools/cli/bundle/**',
      '.nx/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/max-len': ['error', { code: 160, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  ...LIBS.map(boundary),
  {
    files: ['tools/nx-plugin/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...deepImports, { group: ['@sharebench/*'], message: 'the Nx plugin runs the CLI; it imports no stage' }] },
      ],
    },
  },
  {
    files: ['tools/cli/src/**/*.ts', 'tools/bench/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: deepImports }] },
  },
  {
    // Tests and their helpers: another lib through its name or its `testing` entry, never by path.
    files: ['libs/*/test/**/*.ts', 'libs/*/testing/**/*.ts', 'tools/*/test/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@sharebench/*/*', '!@sharebench/*/testing'], message: 'a test imports a lib by its name, or helpers from @sharebench/<lib>/testing' },
            {
              regex: `^(\\.\\./)+(libs/|tools/)?(${LIBS.join('|')}|cli|nx-plugin|bench)/`,
              message: 'reach another lib through @sharebench/<lib> or @sharebench/<lib>/testing, not its files',
            },
            { regex: '(^|/)dist(/|$)', message: "tests run a lib's source (@sharebench/<lib>), never its build in dist/" },
          ],
        },
      ],
    },
  },
);
