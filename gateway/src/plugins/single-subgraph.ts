import type { GatewayExecutor, GatewayInterface, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  GraphQLError,
  Kind,
  parse,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';
import type { GatewayContext } from '../context.js';
import { tracer } from './use-tracing.js';

/**
 * Which subgraphs can resolve each field of the supergraph, read from its `@join__*` directives: `Type.field` →
 * graph names, or `null` for a field that only a query plan can serve (`@requires`, `@provides`, `@override`,
 * an abstract type). Object types only; a field that is absent here sends the operation down the planner.
 */
export interface Ownership {
  fields: Map<string, Set<string> | null>;
  /** The named type each field returns (`Type.field` → type name). */
  returns: Map<string, string>;
  rootTypes: { query: string; mutation: string };
}

export function ownershipOf(supergraphSdl: string): Ownership {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const abstract = new Set<string>();
  const fields = new Map<string, Set<string> | null>();
  const returns = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const name = stringArgument(value.directives?.find((d) => d.name.value === 'join__graph'), 'name');
        if (name) graphNames.set(value.name.value, name);
      }
    }
    if (definition.kind === Kind.INTERFACE_TYPE_DEFINITION || definition.kind === Kind.UNION_TYPE_DEFINITION) abstract.add(definition.name.value);
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeGraphs = (definition.directives ?? []).filter((d) => d.name.value === 'join__type').map((d) => graphNames.get(enumArgument(d, 'graph') ?? '') ?? '');
    for (const field of definition.fields ?? []) {
      const key = `${definition.name.value}.${field.name.value}`;
      const returned = namedType(field.type);
      returns.set(key, returned);
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      const planned = abstract.has(returned) || joins.some((d) => ['requires', 'provides', 'override', 'usedOverridden', 'overrideLabel'].some((arg) => argument(d, arg)) || booleanArgument(d, 'external'));
      if (planned) {
        fields.set(key, null);
        continue;
      }
      const graphs = joins.length ? joins.map((d) => graphNames.get(enumArgument(d, 'graph') ?? '') ?? '') : typeGraphs;
      fields.set(key, new Set(graphs.filter(Boolean)));
    }
  }
  return { fields, returns, rootTypes: { query: 'Query', mutation: 'Mutation' } };
}

/**
 * The one subgraph that can answer the whole operation — every field, at every depth, resolvable there on its own
 * — or undefined when the operation needs a query plan (several subgraphs, an entity fetch, an abstract type, a
 * fragment on another type, introspection, a subscription).
 */
export function soleSubgraph(document: DocumentNode, operation: OperationDefinitionNode, ownership: Ownership): string | undefined {
  if (operation.operation === 'subscription') return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  let candidates: Set<string> | undefined;
  const visit = (selectionSet: SelectionSetNode, type: string, depth: number): boolean => {
    if (depth > 64) return false;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        const key = `${type}.${name}`;
        const graphs = ownership.fields.get(key);
        if (!graphs) return false;
        candidates = candidates ? new Set([...candidates].filter((graph) => graphs.has(graph))) : new Set(graphs);
        if (!candidates.size) return false;
        if (selection.selectionSet && !visit(selection.selectionSet, ownership.returns.get(key) as string, depth + 1)) return false;
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) return false;
        if (fragment.typeCondition && fragment.typeCondition.name.value !== type) return false;
        if (!visit(fragment.selectionSet, type, depth + 1)) return false;
      }
    }
    return true;
  };
  const root = operation.operation === 'mutation' ? ownership.rootTypes.mutation : ownership.rootTypes.query;
  if (!visit(operation.selectionSet, root, 0) || !candidates) return undefined;
  return [...candidates].sort()[0];
}

export interface SingleSubgraphOptions {
  supergraphSdl: string;
  /** The data source of a subgraph, the very one the query planner's fetches use (identity signing, session headers). */
  dataSource(name: string): GraphQLDataSource<GatewayContext> | undefined;
  /** Told each time an operation went straight to one subgraph (metrics, tests). */
  onDirect?: (subgraph: string) => void;
}

/**
 * Issue 12: an operation that one subgraph can answer whole — card status, a card registration, the statistics
 * dashboard — goes to that subgraph as the client wrote it, through the same data source as a planned fetch (the
 * caller's identity signed for that subgraph, M1), and its answer is passed on as it came: no query plan, no
 * result shaping. Everything before execution (parsing, validation against the API schema, armor, the cost rule,
 * R9's guard, plugins) is unchanged, and so are the errors' codes and paths (as @apollo/gateway reports a
 * subgraph's errors: with `serviceName`). Operations that need a plan still go to @apollo/gateway.
 */
export function withSingleSubgraph(gateway: GatewayInterface, options: SingleSubgraphOptions): GatewayInterface {
  const ownership = ownershipOf(options.supergraphSdl);
  // The verdict per parsed operation: Apollo hands every request with the same text the same document (issue 12).
  const verdicts = new WeakMap<OperationDefinitionNode, string | null>();
  const soleOf = (document: DocumentNode, operation: OperationDefinitionNode) => {
    let verdict = verdicts.get(operation);
    if (verdict === undefined) verdicts.set(operation, (verdict = soleSubgraph(document, operation, ownership) ?? null));
    return verdict ?? undefined;
  };
  const wrap = (planned: GatewayExecutor): GatewayExecutor => async (requestContext) => {
    const subgraph = requestContext.source && requestContext.operation ? soleOf(requestContext.document, requestContext.operation) : undefined;
    const source = subgraph ? options.dataSource(subgraph) : undefined;
    if (!subgraph || !source) return planned(requestContext);
    options.onDirect?.(subgraph);
    // The query plan's fetch span, as @apollo/gateway names it, so a trace looks the same either way.
    return tracer.startActiveSpan('gateway.fetch', { attributes: { service: subgraph, 'kaikukanta.single_subgraph': true } }, (span) =>
      direct(source, subgraph, requestContext).finally(() => span.end()),
    );
  };
  return {
    load: async (loadOptions) => {
      const loaded = await gateway.load(loadOptions);
      return { ...loaded, executor: loaded.executor && wrap(loaded.executor) };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}

async function direct(source: GraphQLDataSource<GatewayContext>, subgraph: string, requestContext: GatewayGraphQLRequestContext) {
  let response: Awaited<ReturnType<GraphQLDataSource['process']>>;
  try {
    response = await fetchWhole(source, requestContext);
  } catch (error) {
    // As a failed fetch of a plan: no data, the error as the data source raised it (e.g. SUBGRAPH_UNAVAILABLE, decision 0020).
    return { data: null, errors: [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error })] };
  }
  const errors = response.errors?.map(
    (error) =>
      new GraphQLError(error.message || `Error while fetching subquery from service "${subgraph}"`, {
        path: error.path,
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', ...error.extensions, serviceName: subgraph },
      }),
  );
  return { data: response.data ?? null, ...(errors?.length ? { errors } : {}) };
}

function fetchWhole(source: GraphQLDataSource<GatewayContext>, requestContext: GatewayGraphQLRequestContext) {
  return source.process({
    // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported from the package root).
    kind: 'incoming operation' as GraphQLDataSourceProcessOptions['kind'] & 'incoming operation',
    request: { query: requestContext.source, variables: requestContext.request.variables, ...(requestContext.operationName ? { operationName: requestContext.operationName } : {}) },
    incomingRequestContext: requestContext as never,
    context: requestContext.context as GatewayContext,
    document: requestContext.document,
  });
}

function argument(directive: DirectiveNode, name: string) {
  return directive.arguments?.find((a) => a.name.value === name)?.value;
}
function stringArgument(directive: DirectiveNode | undefined, name: string): string | undefined {
  const value = directive && argument(directive, name);
  return value?.kind === Kind.STRING ? value.value : undefined;
}
function enumArgument(directive: DirectiveNode, name: string): string | undefined {
  const value = argument(directive, name);
  return value?.kind === Kind.ENUM ? value.value : undefined;
}
function booleanArgument(directive: DirectiveNode, name: string): boolean {
  const value = argument(directive, name);
  return value?.kind === Kind.BOOLEAN && value.value;
}
function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
