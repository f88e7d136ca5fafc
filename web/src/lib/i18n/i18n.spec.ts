import { describe, expect, it } from 'vitest';
import { CATALOGUES, translate } from './index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues (fi, sv, en)', () => {
  const keys = Object.keys(CATALOGUES.fi).sort();

  it.each(['sv', 'en'] as const)('%s has exactly the Finnish keys', (locale) => {
    expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(keys);
  });

  it.each(['fi', 'sv', 'en'] as const)('%s has no empty message and the same placeholders as Finnish', (locale) => {
    for (const key of keys) {
      const message = CATALOGUES[locale][key as keyof (typeof CATALOGUES)['fi']];
      expect(message.trim(), key).not.toBe('');
      expect(placeholders(message), key).toEqual(placeholders(CATALOGUES.fi[key as keyof (typeof CATALOGUES)['fi']]));
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'home.organizations', { count: 3 })).toBe('3 organisations');
    expect(translate('sv', 'users.revokeConfirm', { role: 'Analytiker', name: 'Eva' })).toBe('Ta bort rollen Analytiker från Eva?');
  });
});
