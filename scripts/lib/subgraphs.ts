import 'reflect-metadata';
import type { Logger, MikroORM } from '@kaikukanta/kit';
import type { GraphQLSchema } from 'graphql';

export const SUBGRAPHS = ['organizations', 'cards', 'usage', 'statistics'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export interface SubgraphModules {
  createOrm(clientUrl: string, logger?: Logger, onQuery?: (sql: string) => void): Promise<MikroORM>;
  buildSchema(): Promise<{ schema: GraphQLSchema; sdl: string }>;
}

/** Loads a subgraph's compiled ORM factory and schema builder (run `npm run build:server` first). */
export async function loadSubgraph(name: SubgraphName): Promise<SubgraphModules> {
  const root = new URL(`../../subgraphs/${name}/dist/`, import.meta.url);
  const orm = (await import(new URL('orm.js', root).href)) as Pick<SubgraphModules, 'createOrm'>;
  const schema = (await import(new URL('schema.js', root).href)) as { buildSchema: SubgraphModules['buildSchema'] };
  return { createOrm: orm.createOrm, buildSchema: schema.buildSchema };
}
