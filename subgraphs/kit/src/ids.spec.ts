import { describe, expect, it } from 'vitest';
import { textArray } from './db/bound.js';
import { isUuid, nameUuid } from './ids.js';

describe('nameUuid', () => {
  it('names a uuid column value by a name: the same name the same UUID, another name another', () => {
    const officers = nameUuid('culture-officers:0a6c1a5e-0000-4000-8000-000000000101:837');
    expect(isUuid(officers)).toBe(true);
    expect(nameUuid('culture-officers:0a6c1a5e-0000-4000-8000-000000000101:837')).toBe(officers);
    expect(nameUuid('culture-officers:0a6c1a5e-0000-4000-8000-000000000101:536')).not.toBe(officers);
  });
});

describe('textArray', () => {
  it('quotes every value, so a comma, a quote or a backslash stays inside its value', () => {
    expect(textArray(['AM99001001', 'a,b', 'c"d', 'e\\f'])).toBe('{"AM99001001","a,b","c\\"d","e\\\\f"}');
    expect(textArray([])).toBe('{}');
  });
});
