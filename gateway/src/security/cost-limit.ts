import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { AppError } from '@kaikukanta/kit/errors';
import type { Messages } from '@kaikukanta/kit/i18n';
import { currentLocale } from '@kaikukanta/kit/request-scope';

/** Items assumed for a list field that has no `limit` (H1: `Region.organizations`, `Organization.sites`…). */
export const DEFAULT_LIST_SIZE = 50;
/**
 * Above the web app's largest operation (the network page, ~160 000) and the cross-subgraph smoke query of
 * e2e/gateway.e2e.spec.ts (~510 000); a walk four lists deep (~6.5 M) and the review's H1 query (~10¹⁰) are far above.
 */
export const DEFAULT_MAX_COST = 1_000_000;

export interface CostLimitOptions {
  /** Default {@link DEFAULT_MAX_COST}. */
  maxCost?: number;
  /** Default {@link DEFAULT_LIST_SIZE}. */
  defaultListSize?: number;
  /** The request's variables; unknown (validation) means a variable `limit` counts as its declared default or the assumed size. */
  variables?: Record<string, unknown> | null;
}

const MESSAGES: Messages = {
  fi: 'Kysely on liian laaja. Pyydä vähemmän sisäkkäisiä listoja tai rajaa niitä (limit).',
  sv: 'Frågan är för omfattande. Be om färre nästlade listor eller begränsa dem (limit).',
  en: 'The query is too large. Ask for fewer nested lists or narrow them (limit).',
};

/**
 * Cost of one operation, fragments expanded: every field costs 1, and a field
 * returning a list multiplies its subtree by its `limit` argument (literal,
 * variable or the argument's default), otherwise by `defaultListSize`. A
 * non-list field with a `limit` (a page such as `cards { items }`) hands it
 * to its list children. graphql-armor's cost rule only knows `first`/`last`.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, options: CostLimitOptions = {}): number {
  return measureOperation(schema, document, operation, options).cost;
}

/** The cost, and whether a variable's value went into it (otherwise it is the same for every request of the operation). */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  options: CostLimitOptions = {},
): { cost: number; dependsOnVariables: boolean } {
  let dependsOnVariables = false;
  const listSize = options.defaultListSize ?? DEFAULT_LIST_SIZE;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  // Memoised per fragment (and handed-down limit), so fragments spread in fragments cannot make this exponential.
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  const limitOf = (value: ValueNode | undefined): number | undefined => {
    if (value?.kind === Kind.INT) return Math.max(0, Number(value.value));
    if (value?.kind !== Kind.VARIABLE) return undefined;
    dependsOnVariables = true;
    const given = options.variables?.[value.name.value];
    if (typeof given === 'number') return Math.max(0, given);
    const declared = operation.variableDefinitions?.find((v) => v.variable.name.value === value.name.value)?.defaultValue;
    return declared?.kind === Kind.INT ? Math.max(0, Number(declared.value)) : undefined;
  };

  const selectionCost = (set: SelectionSetNode, type: GraphQLCompositeType, handedLimit: number | undefined): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = 'getFields' in type ? type.getFields()[selection.name.value] : undefined;
        if (!field) {
          cost += 1; // __typename, or an unknown field that validation reports anyway
          continue;
        }
        const isList = isListType(getNullableType(field.type));
        const argument = selection.arguments?.find((a) => a.name.value === 'limit');
        const declared = field.args.find((a) => a.name === 'limit')?.defaultValue;
        const limit = argument ? limitOf(argument.value) : typeof declared === 'number' ? declared : undefined;
        const named = getNamedType(field.type);
        const children = selection.selectionSet && isCompositeType(named) ? selectionCost(selection.selectionSet, named, isList ? undefined : limit) : 0;
        cost += 1 + (isList ? (limit ?? handedLimit ?? listSize) : 1) * children;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (isCompositeType(condition)) cost += selectionCost(selection.selectionSet, condition, handedLimit);
      } else {
        const fragment = fragments.get(selection.name.value);
        const condition = fragment && schema.getType(fragment.typeCondition.name.value);
        const key = `${selection.name.value}:${handedLimit ?? ''}`;
        if (!fragment || !isCompositeType(condition) || visiting.has(key)) continue; // cycles are NoFragmentCyclesRule's to report
        if (!memo.has(key)) {
          visiting.add(key);
          memo.set(key, selectionCost(fragment.selectionSet, condition, handedLimit));
          visiting.delete(key);
        }
        cost += memo.get(key) ?? 0;
      }
    }
    return cost;
  };

  const root = schema.getRootType(operation.operation);
  const cost = root ? selectionCost(operation.selectionSet, root, undefined) : 0;
  return { cost, dependsOnVariables };
}

/** The refusal, coded QUERY_TOO_COMPLEX in the caller's language (the AppError is what the gateway's error formatter keeps). */
export function queryTooComplex(maxCost: number, node?: OperationDefinitionNode): GraphQLError {
  const error = new AppError('QUERY_TOO_COMPLEX', { messages: MESSAGES, details: { maxCost } });
  const shown = error.toGraphQLError(currentLocale());
  return new GraphQLError(shown.message, { nodes: node, originalError: error, extensions: shown.extensions });
}

/** Validation rule: every operation of the document must cost at most `maxCost` (variables unknown at this stage). */
export function costLimitRule(options: CostLimitOptions = {}): ValidationRule {
  const maxCost = options.maxCost ?? DEFAULT_MAX_COST;
  return (context) => ({
    OperationDefinition(node) {
      if (operationCost(context.getSchema(), context.getDocument(), node, options) > maxCost) context.reportError(queryTooComplex(maxCost, node));
    },
  });
}

/** Apollo plugin: the same limit again once the variables are known, before the gateway plans the operation (HTTP 400). */
export function costLimitPlugin<TContext extends BaseContext>(options: Omit<CostLimitOptions, 'variables'> = {}): ApolloServerPlugin<TContext> {
  const maxCost = options.maxCost ?? DEFAULT_MAX_COST;
  // Issue 12: an operation whose cost no variable changes is measured once (Apollo hands every request with the same
  // text the same parsed document); one with a variable `limit` is measured per request.
  const fixedCosts = new WeakMap<OperationDefinitionNode, number>();
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ schema, document, operation, request }) => {
        if (!operation) return;
        let cost = fixedCosts.get(operation);
        if (cost === undefined) {
          const measured = measureOperation(schema, document, operation, { ...options, variables: request.variables });
          cost = measured.cost;
          if (!measured.dependsOnVariables) fixedCosts.set(operation, cost);
        }
        if (cost <= maxCost) return;
        const error = queryTooComplex(maxCost, operation);
        throw new GraphQLError(error.message, { nodes: operation, originalError: error.originalError, extensions: { ...error.extensions, http: { status: 400 } } });
      },
    }),
  };
}
