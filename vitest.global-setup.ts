import type { TestProject } from 'vitest/node';
import { dropDemoTemplates } from './e2e/demo-template.ts';
import { scratchServer } from './scripts/lib/database.ts';

import '@kaikukanta/kit/testing';

/** One PostgreSQL server per test run: DATABASE_URL's when given, otherwise an embedded one. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
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
