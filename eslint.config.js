// ESLint: a small rule set (the recommended ones for JavaScript, TypeScript and Svelte) plus the
// two rules that keep DESIGN.md's shape true: import directions between the top-level folders
// (tooling/lint/layers.js) and no SQL outside projections/, eventstore/ and migrations
// (tooling/lint/sql.js). Formatting is Prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { LAYER_EXCEPTIONS, layersRule } from './tooling/lint/layers.js';
import { SQL_ALLOWED, SQL_SYNTAX } from './tooling/lint/sql.js';

const TS = ['**/*.ts'];
const SVELTE = ['**/*.svelte', '**/*.svelte.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'web/build/**',
      'web/.svelte-kit/**',
      '.stryker-tmp/**',
      '.data/**',
      'reports/**',
      'artifacts/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.{js,mjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['web/src/**', ...SVELTE],
    languageOptions: { globals: globals.browser },
  },
  {
    // TypeScript inside <script lang="ts"> and in .svelte.ts rune modules.
    files: SVELTE,
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    rules: {
      // `_`-prefixed names are unused on purpose (a destructured field left out, a required
      // callback parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
      // The portal is served at / (no kit.paths.base), so goto() and href need no resolve().
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: [...TS, ...SVELTE, '**/*.js'],
    plugins: { shape: { rules: { layers: layersRule } } },
    rules: { 'shape/layers': 'error' },
  },
  {
    // Tests and their helpers wire layers together like a composition root; domain specs still
    // import nothing with I/O.
    files: LAYER_EXCEPTIONS.map((e) => e.glob),
    rules: { 'shape/layers': ['error', { directions: false }] },
  },
  {
    // GraphQL answers and rows in specs and their harness are untyped JSON: tests read fields off
    // them directly; a wrong field fails the assertion anyway.
    files: ['**/*.test.ts', '**/testing.ts', '**/testing/**', 'web/e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: [...TS, ...SVELTE],
    ignores: SQL_ALLOWED.map((e) => e.glob),
    rules: { 'no-restricted-syntax': ['error', ...SQL_SYNTAX] },
  },
);
