import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** The kit's subpath exports (P5) and the source each maps to: keep in step with subgraphs/kit/package.json. */
const KIT_SUBPATHS: Record<string, string> = {
  identity: 'identity',
  'identity-keys': 'identity-keys',
  errors: 'errors',
  env: 'env',
  config: 'config',
  http: 'http/graphql-handler',
  logger: 'logger',
  i18n: 'i18n',
  'request-scope': 'request-scope',
  privacy: 'privacy',
  'subscription-guard': 'subscription-guard',
  server: 'server',
};
const ignored = ['**/node_modules/**', '**/dist/**', '**/bundle/**', '**/build/**', '**/.svelte-kit/**'];

/**
 * Three tiers by file suffix (STYLE habit 7): `*.spec.ts` unit tests beside
 * the code, `*.int.spec.ts` against a real PostgreSQL (DATABASE_URL's server,
 * or an embedded one started once per run by the global setup), and `e2e/`
 * with the real processes and a real browser. swc compiles the tests so
 * type-graphql and MikroORM see emitted decorator metadata.
 */
export default defineConfig({
  plugins: [
    swc.vite({
      // The options below are the whole swc config: no tsconfig.json is read (web/'s extends SvelteKit's `$app/tsconfig`).
      tsconfigFile: false,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2023',
      },
    }),
  ],
  resolve: {
    alias: [
      // graphql 16 ships CommonJS (main) and ESM (module) builds; Node loads the CommonJS one for
      // type-graphql and Apollo, so sources must too, or `instanceof GraphQLScalarType` fails across two copies.
      { find: /^graphql$/, replacement: src('./node_modules/graphql/index.js') },
      { find: /^@kaikukanta\/kit\/embedded$/, replacement: src('./subgraphs/kit/src/db/embedded.ts') },
      { find: /^@kaikukanta\/kit\/testing$/, replacement: src('./subgraphs/kit/src/testing/index.ts') },
      // The kit's small entry points (P5), one alias each, as subgraphs/kit/package.json's exports map them.
      ...Object.entries(KIT_SUBPATHS).map(([subpath, file]) => ({ find: new RegExp(`^@kaikukanta/kit/${subpath}$`), replacement: src(`./subgraphs/kit/src/${file}.ts`) })),
      { find: /^@kaikukanta\/kit$/, replacement: src('./subgraphs/kit/src/index.ts') },
    ],
  },
  test: {
    globalSetup: ['./vitest.global-setup.ts'],
    // Vitest's default is cores − 1: one file at a time on this 2-core machine, which left a core idle half the run.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['subgraphs/*/src/**/*.spec.ts', 'gateway/src/**/*.spec.ts', 'web/src/**/*.spec.ts', 'scripts/**/*.spec.ts'],
          exclude: [...ignored, '**/*.int.spec.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['subgraphs/*/src/**/*.int.spec.ts', 'gateway/src/**/*.int.spec.ts', 'scripts/**/*.int.spec.ts'],
          exclude: ignored,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.spec.ts'],
          exclude: ignored,
          // Each file starts the whole system; two at a time (the root's maxWorkers) fill the second core while the
          // other file waits on a poll, a process start or Chromium.
          // A page under a loaded CI machine may take seconds to render; polls wait for it, never a fixed sleep.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
