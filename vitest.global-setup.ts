import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropDemoTemplates } from './e2e/demo-template.ts';
import { scratchServer } from './scripts/lib/database.ts';

import '@kaikukanta/kit/testing';

/** One PostgreSQL server per test run: DATABASE_URL's when given, otherwise an embedded one. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every test file's worker and every service an end-to-end file starts (five Node processes a file) compile the same
  // modules: Node keeps their bytecode here across files and runs, and checks each entry against the source it read
  // (decision 0024). Set before the workers fork, so they inherit it with the services they start.
  process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'kaikukanta-node-compile-cache');
  const server = await scratchServer(undefined, { durable: false });
  project.provide('pgAdminUrl', server.adminUrl);
  // The end-to-end files copy the demo data from a template the first of them seeds (e2e/demo-template.ts).
  const templatePrefix = `kk_tpl_${process.pid}`;
  project.provide('e2eTemplatePrefix', templatePrefix);
  return async () => {
    await dropDemoTemplates(server.adminUrl, templatePrefix);
    await server.stop();
  };
}
