import type { PageLoad } from './$types';

// The wizard follows its import and the history with live queries in the page; nothing to load first.
export const load = (() => ({})) satisfies PageLoad;
