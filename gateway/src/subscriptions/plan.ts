import type { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType,
  isNonNullType,
  isObjectType,
  Kind,
  print,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode,
  type VariableDefinitionNode,
} from 'graphql';

/** The argument a subscription field resumes by (decision 0016): the last `sequence` the client saw. */
export const RESUME_ARGUMENT = 'after';
/** Variable names the gateway adds to the documents it writes; a client's own cannot start with this. */
const OWN_PREFIX = 'kkLive';
const AFTER_VARIABLE = `${OWN_PREFIX}After`;

/** What goes upstream: a subscription over the shared connection. */
export interface UpstreamRequest {
  query: string;
  /** `query`, parsed: which of the client's variables it declares. */
  document: DocumentNode;
  operationName?: string;
  /** The client's variables the upstream document uses; the resume argument is set per (re)subscription. */
  variables: Record<string, unknown>;
  /** Set when the field resumes: the upstream variable that carries `after`, and its value from the client. */
  resume?: { variable: string; initial: number | null };
}

/** Subscribes upstream to keys only, and resolves each event's selection as a query through the gateway. */
export interface EntityPlan {
  kind: 'entity';
  upstream: UpstreamRequest;
  /** The response key of the subscription field (its alias, or its name). */
  responseKey: string;
  keyFields: string[];
  /** The per-event query: the client's selection under the entity's lookup field, keys as variables. */
  lookup: { document: DocumentNode; query: string; operationName?: string; variables: Record<string, unknown>; keyVariable: (field: string) => string };
}

/** A field without a resolvable key or lookup (heartbeat, nationalSummaryChanged): the owner answers the whole selection. */
export interface PassthroughPlan {
  kind: 'passthrough';
  upstream: UpstreamRequest;
  responseKey: string;
}

export type SubscriptionPlan = EntityPlan | PassthroughPlan;

interface EntityLookup {
  keyFields: string[];
  query: GraphQLField<unknown, unknown>;
}

/**
 * Rewrites a validated client subscription into what the gateway asks the
 * owner of the Subscription root for and what it runs per event
 * (decision 0016). The subscription field's type is an entity when the
 * owning subgraph gives it a resolvable `@key` of plain fields and the API
 * schema has a Query field that takes exactly those key fields as arguments
 * (`LiveUsage @key(fields: "sequence")` ↔ `liveUsage(sequence:)`). Then
 * upstream gets `__typename` + key fields, and each event runs the client's
 * selection under that Query field — through the gateway, so fields of any
 * subgraph, every access rule and every limit apply as to a query.
 */
export class SubscriptionPlanner {
  readonly #lookups = new Map<string, EntityLookup | null>();
  readonly #plans = new Map<string, EntityPlan>();
  /**
   * The resolvable `@key` field sets of each type of the owner subgraph, read once: the planner keeps these, not the
   * supergraph (issue 12: its own copy of the federation schema was 2.3 MiB of the gateway's 51 MiB live heap).
   */
  readonly #keys = new Map<string, string[]>();

  constructor(
    private readonly apiSchema: GraphQLSchema,
    supergraph: Supergraph,
    /** The subgraph that owns the Subscription root. */
    owner: string,
  ) {
    for (const type of supergraph.subgraphs().get(owner)?.schema.types() ?? []) {
      const keys = 'appliedDirectivesOf' in type ? type.appliedDirectivesOf('key') : [];
      const resolvable = keys.flatMap((key) => {
        const { fields, resolvable: canResolve } = key.arguments() as { fields: string; resolvable?: boolean };
        return canResolve === false || /[{}]/.test(fields) ? [] : [fields];
      });
      if (resolvable.length) this.#keys.set(type.name, resolvable);
    }
  }

  plan(document: DocumentNode, variables: Record<string, unknown>, operationName?: string | null): SubscriptionPlan {
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
    const [root] = operation?.selectionSet.selections ?? [];
    const name = operationName ?? operation?.name?.value;
    const passthrough = (): PassthroughPlan => ({
      kind: 'passthrough',
      upstream: { query: print(document), document, variables, ...(name ? { operationName: name } : {}) },
      responseKey: root?.kind === Kind.FIELD ? (root.alias ?? root.name).value : '',
    });
    if (!operation || root?.kind !== Kind.FIELD || operation.selectionSet.selections.length !== 1 || !root.selectionSet) return passthrough();
    const field = this.apiSchema.getSubscriptionType()?.getFields()[root.name.value];
    const typeName = field && getNamedType(field.type).name;
    const lookup = typeName ? this.#lookup(typeName) : null;
    if (!field || !lookup) return passthrough();

    const cacheKey = print(document);
    const cached = this.#plans.get(cacheKey);
    const plan = cached ?? this.#entityPlan(operation, fragments, root, field, lookup, name);
    if (!cached) {
      // Documents are few (the web's and partners' operations); a flood of distinct ones only restarts the cache.
      if (this.#plans.size >= 1_000) this.#plans.clear();
      this.#plans.set(cacheKey, plan);
    }
    return { ...plan, upstream: this.#withValues(plan.upstream, root, variables), lookup: { ...plan.lookup, variables: pick(variables, plan.lookup.document) } };
  }

  #entityPlan(
    operation: OperationDefinitionNode,
    fragments: FragmentDefinitionNode[],
    root: FieldNode,
    field: GraphQLField<unknown, unknown>,
    lookup: EntityLookup,
    name: string | undefined,
  ): EntityPlan {
    const resumes = field.args.some((arg) => arg.name === RESUME_ARGUMENT && getNamedType(arg.type).name === 'Int');
    const args: ArgumentNode[] = root.arguments?.filter((arg) => !(resumes && arg.name.value === RESUME_ARGUMENT)) ?? [];
    if (resumes) args.push({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: RESUME_ARGUMENT }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } } });
    const keysOnly: FieldNode = {
      ...root,
      arguments: args,
      directives: [],
      selectionSet: { kind: Kind.SELECTION_SET, selections: ['__typename', ...lookup.keyFields].map((key) => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: key } })) },
    };
    const ownVariables: VariableDefinitionNode[] = resumes ? [variableDefinition(AFTER_VARIABLE, { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'Int' } })] : [];
    const upstream = withUsedVariables({ ...operation, directives: [], variableDefinitions: [...(operation.variableDefinitions ?? []), ...ownVariables], selectionSet: { kind: Kind.SELECTION_SET, selections: [keysOnly] } }, []);

    const keyVariable = (key: string) => `${OWN_PREFIX}Key_${key}`;
    const keyDefinitions = lookup.keyFields.map((key) => {
      const arg = lookup.query.args.find((a) => a.name === key);
      return variableDefinition(keyVariable(key), typeNode(String(arg?.type)));
    });
    const lookupField: FieldNode = {
      kind: Kind.FIELD,
      alias: { kind: Kind.NAME, value: (root.alias ?? root.name).value },
      name: { kind: Kind.NAME, value: lookup.query.name },
      arguments: lookup.keyFields.map((key) => ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: key }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: keyVariable(key) } } })),
      directives: [],
      selectionSet: root.selectionSet,
    };
    const query = withUsedVariables(
      { ...operation, operation: 'query' as OperationDefinitionNode['operation'], directives: [], variableDefinitions: [...(operation.variableDefinitions ?? []), ...keyDefinitions], selectionSet: { kind: Kind.SELECTION_SET, selections: [lookupField] } },
      fragments,
    );
    const printed = print(query);
    return {
      kind: 'entity',
      upstream: { query: print(upstream), document: upstream, variables: {}, ...(name ? { operationName: name } : {}), ...(resumes ? { resume: { variable: AFTER_VARIABLE, initial: null } } : {}) },
      responseKey: (root.alias ?? root.name).value,
      keyFields: lookup.keyFields,
      lookup: { document: query, query: printed, variables: {}, ...(name ? { operationName: name } : {}), keyVariable },
    };
  }

  /** The client's values for this subscription: the variables upstream uses, and where it resumes from. */
  #withValues(upstream: UpstreamRequest, root: FieldNode, variables: Record<string, unknown>): UpstreamRequest {
    const used = pick(variables, upstream.document);
    if (!upstream.resume) return { ...upstream, variables: used };
    const value = root.arguments?.find((arg) => arg.name.value === RESUME_ARGUMENT)?.value;
    const after = value?.kind === Kind.INT ? Number(value.value) : value?.kind === Kind.VARIABLE ? variables[value.name.value] : null;
    return { ...upstream, variables: used, resume: { ...upstream.resume, initial: typeof after === 'number' ? after : null } };
  }

  /** The entity lookup of a type, or null when it has none (then its subscriptions pass through). */
  #lookup(typeName: string): EntityLookup | null {
    if (this.#lookups.has(typeName)) return this.#lookups.get(typeName) ?? null;
    let found: EntityLookup | null = null;
    for (const fields of this.#keys.get(typeName) ?? []) {
      const keyFields = fields.trim().split(/\s+/);
      const query = Object.values(this.apiSchema.getQueryType()?.getFields() ?? {}).find((candidate) => {
        if (getNamedType(candidate.type).name !== typeName || !isObjectType(getNamedType(candidate.type))) return false;
        const required = candidate.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined).map((arg) => arg.name);
        return required.length === keyFields.length && keyFields.every((k) => required.includes(k));
      });
      if (query) {
        found = { keyFields, query };
        break;
      }
    }
    this.#lookups.set(typeName, found);
    return found;
  }
}

function variableDefinition(name: string, type: TypeNode): VariableDefinitionNode {
  return { kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }, type };
}

/** A type as written (`Int!`, `[ID!]`) as a TypeNode. */
function typeNode(written: string): TypeNode {
  if (written.endsWith('!')) return { kind: Kind.NON_NULL_TYPE, type: typeNode(written.slice(0, -1)) as never };
  if (written.startsWith('[')) return { kind: Kind.LIST_TYPE, type: typeNode(written.slice(1, -1)) };
  return { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: written } };
}

/** The operation with only the variable definitions it (or its fragments) uses, and the fragments. */
function withUsedVariables(operation: OperationDefinitionNode, fragments: FragmentDefinitionNode[]): DocumentNode {
  const used = new Set<string>();
  const collect = { Variable: (node: { name: { value: string } }) => void used.add(node.name.value) };
  visit(operation.selectionSet, collect);
  for (const fragment of fragments) visit(fragment, collect);
  const definitions = (operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value));
  return { kind: Kind.DOCUMENT, definitions: [{ ...operation, variableDefinitions: definitions }, ...fragments] };
}

/** The variables a document declares, from the client's values. */
function pick(variables: Record<string, unknown>, document: DocumentNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of definition.variableDefinitions ?? []) {
      const name = v.variable.name.value;
      if (name in variables) out[name] = variables[name];
    }
  }
  return out;
}
