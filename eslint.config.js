// Lint rules that encode the package boundaries (STYLE: "lint rules that encode the package boundaries")
// plus typescript-eslint's recommended set. Type-aware rules are left to `tsc -b`, which runs first.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SUBGRAPHS = ['organizations', 'cards', 'usage', 'statistics'];

/** A subgraph reaches another only through federation, never by importing its code (ARCHITECTURE "Data ownership"). */
const subgraphBoundaries = SUBGRAPHS.map((name) => ({
  files: [`subgraphs/${name}/src/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: SUBGRAPHS.filter((other) => other !== name).flatMap((other) => [`**/${other}/src/**`, `@kaikukanta/${other}`, `@kaikukanta/${other}/**`]),
            message: 'Subgraphs do not import each other; cross the boundary through federation or a published read view.',
          },
          { group: ['**/gateway/**', '@kaikukanta/gateway'], message: 'Subgraphs do not depend on the gateway.' },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/bundle/**', '**/build/**', '**/.svelte-kit/**', 'web/**', '.data/**', '**/migrations/Migration*.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  ...subgraphBoundaries,
  {
    files: ['subgraphs/kit/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@kaikukanta/*', '!@kaikukanta/kit'], message: 'The kit is shared by all services and depends on none of them.' }] }],
    },
  },
  {
    // P5: the gateway loads only the kit's small entry points (identity, errors, env, http…), never the barrel,
    // which pulls in type-graphql, MikroORM and pg. Tests may use the barrel (testing helpers, demo ids).
    files: ['gateway/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@kaikukanta/kit', message: 'Import a subpath (@kaikukanta/kit/identity, /errors, /env, /http, …): the barrel loads type-graphql, MikroORM and pg.' }] },
      ],
    },
  },
  {
    // Anything a resolver returns crosses R29/R9 boundaries: never log request bodies or variables.
    files: ['subgraphs/*/src/**/*.ts', 'gateway/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-console': 'error' },
  },
);
