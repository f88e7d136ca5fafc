import type { PageLoad } from './$types';

export const load = (({ params }) => ({ id: params.id })) satisfies PageLoad;
