import type { PageLoad } from './$types';

// The box office: everything happens in the page (live queries, the offline queue); nothing to load first.
export const load = (() => ({})) satisfies PageLoad;
