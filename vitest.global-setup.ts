import type { TestProject } from 'vitest/node';
import { scratchServer } from './scripts/lib/database.ts';

import '@kaikukanta/kit/testing';

/** One PostgreSQL server per test run: DATABASE_URL's when given, otherwise an embedded one. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await scratchServer();
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}
