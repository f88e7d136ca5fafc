import type { PageLoad } from './$types';

// The list and the editor follow live queries in the page; nothing to load first.
export const load = (() => ({})) satisfies PageLoad;
