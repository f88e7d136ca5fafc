import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives, type IResolvers } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

/** Federation 2.7: the version the gateway composes; it allows a `Subscription` root in a subgraph. */
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])`;

export interface FederatedSchemaOptions extends Omit<BuildSchemaOptions, 'skipCheck' | 'validate'> {
  /** `__resolveReference` per entity type, keyed by type name. */
  referenceResolvers?: Record<string, { __resolveReference: (reference: never, context: never, info: never) => unknown }>;
}

/**
 * Builds a type-graphql schema and turns it into an Apollo subgraph schema:
 * type-graphql owns types and resolvers, `@apollo/subgraph` adds `_service`
 * and `_entities`. Input validation happens in services, so type-graphql's
 * class-validator integration stays off.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const { referenceResolvers, ...buildOptions } = options;
  const typeGraphqlSchema = await buildSchema({ ...buildOptions, validate: false, skipCheck: true });
  const sdl = printSchemaWithDirectives(typeGraphqlSchema);
  const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  const schema = buildSubgraphSchema([
    { typeDefs: gql`${FEDERATION_LINK}\n${sdl}`, resolvers: resolvers as IResolvers as never },
  ]);
  return { schema, sdl: `${FEDERATION_LINK}\n\n${sdl}\n` };
}
