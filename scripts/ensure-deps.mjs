// Runs on whatever Node the user has (the first `npm start` in a fresh clone
// may be the system Node): installs the locked dependencies, including the
// pinned Node 24 (npm package `node`), when node_modules is missing or older
// than package-lock.json. Plain JavaScript on purpose: it must run before
// Node 24 exists. Called by scripts/launch.mjs; `node scripts/ensure-deps.mjs` also works alone.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Installs the locked dependencies into `root` unless they are already there and current. */
export function ensureDependencies(root) {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules/.package-lock.json');
  const stale =
    !existsSync(marker) ||
    !existsSync(path.join(root, 'node_modules/.bin/node')) ||
    (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  console.log('[kaikukanta] installing dependencies…');
  // `npm install` with the lock file installs the locked versions. Not `npm ci`: it refuses a lock file
  // without entries for optional platform packages (e.g. @swc/core's for other systems) that a
  // registry mirror may lack, and the lock file written against such a mirror lacks them.
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureDependencies(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
}
