// Runs on whatever Node the user has (the first `npm start` in a fresh clone
// may be the system Node): installs the locked dependencies, including the
// pinned Node 24 (npm package `node`), when node_modules is missing or older
// than package-lock.json. Plain JavaScript on purpose: it must run before
// Node 24 exists.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) ||
  !existsSync('node_modules/.bin/node') ||
  (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);

if (stale) {
  console.log('[kaikukanta] installing dependencies (npm ci)…');
  execSync(existsSync(lock) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund', {
    stdio: 'inherit',
  });
}
