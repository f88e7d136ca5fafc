import type { PageLoad } from './$types';

export const load = (({ params }) => ({ token: params.token })) satisfies PageLoad;
