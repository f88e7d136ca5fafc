import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from './embedded.js';

describe('embedded PostgreSQL start-up failures', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('a taken port ends `npm start` with a message naming the port and the server\'s reason, not "undefined"', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kaikukanta-pg-taken-'));
    dirs.push(dir);
    // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
    await chmod(dir, 0o755);
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const sut = startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), passwordFile: path.join(dir, 'password'), port });
      await expect(sut).rejects.toThrow(new RegExp(`did not start: .*port ${port}|port ${port}\\).*did not start`));
      await expect(sut).rejects.toThrow(/Address already in use|could not create any TCP\/IP sockets/);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
