import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FILE_MESSAGES, IMPORT_ROW_MESSAGES } from './import.errors.js';
import { IMPORT_STATUSES, ROW_OUTCOMES } from './import.model.js';

const readme = () => readFile(new URL('../../../../../docs/partners/README.md', import.meta.url), 'utf8');
const source = (file: string) => readFile(new URL(file, import.meta.url), 'utf8');

describe('docs/partners/README.md, sales-report import (R17)', () => {
  it('lists every status, row outcome, row refusal of its own, file failure and BAD_USER_INPUT reason of the import', async () => {
    const text = await readme();
    const section = /### 8\. Sales-report import([\s\S]*?)\n## /.exec(text)?.[1] ?? '';
    const listed = new Set([...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
    const mentioned = new Set([...section.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]));
    const reasons = [...(await source('./import.errors.ts')), ...(await source('./import.service.ts'))].join('');
    const badInputReasons = [...reasons.matchAll(/badInput\([\s\S]*?\}, '([A-Z][A-Z0-9_]*)'\)/g)].map((m) => m[1]);
    expect(badInputReasons.sort()).toEqual(['IMPORT_NOT_READY', 'INVALID_BASE64', 'PROVIDER_REQUIRED']);
    const tabled = [...IMPORT_STATUSES, ...ROW_OUTCOMES, ...Object.keys(IMPORT_ROW_MESSAGES), ...Object.keys(FILE_MESSAGES)];
    expect(tabled.filter((code) => !listed.has(code))).toEqual([]);
    expect(badInputReasons.filter((code) => !mentioned.has(code))).toEqual([]);
  });
});
