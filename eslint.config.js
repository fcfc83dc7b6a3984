// `npm run lint`: typescript-eslint's recommended rules, a line length, and the pipeline's import
// boundaries: a lib imports only libs upstream of it, through their package name (never another
// lib's files), and only tools/cli imports every stage.
import tseslint from 'typescript-eslint';
import stylistic from '@stylistic/eslint-plugin';

/** The stages, upstream first. */
const LIBS = ['core', 'fio', 'provision', 'execute', 'analysis', 'report'];

const deepImports = [
  { group: ['@sharebench/*/*'], message: "import a lib by its package name only (its src/index.ts names what it exports)" },
  { regex: `^(\\.\\./)+(libs/)?(${LIBS.join('|')}|cli|nx-plugin|bench)/src/`, message: "reach another lib through its package name, not its files" },
];

const boundary = (lib, index) => ({
  files: [`libs/${lib}/src/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...deepImports,
          ...LIBS.slice(index).map((downstream) => ({
            group: [`@sharebench/${downstream}`],
            message: downstream === lib ? 'a lib does not import itself by name' : `${lib} is upstream of ${downstream}: data flows ${LIBS.join(' -> ')}`,
          })),
          { group: ['@sharebench/cli', '@sharebench/nx-plugin'], message: 'only tools import tools' },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', 'reports/**', 'data/**', 'fixtures/**', 'libs/report/assets/**', 'tools/cli/bin/**', 'tools/cli/bundle/**'] },
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
);
