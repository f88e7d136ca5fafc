import type { LayoutLoad } from './$types';

// A single-page app: the gateway serves the same index.html for every route and the browser renders it.
export const ssr = false;
export const prerender = false;

export const load = (() => ({})) satisfies LayoutLoad;
