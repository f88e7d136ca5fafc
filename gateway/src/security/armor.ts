import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { GatewayContext } from '../context.js';
import { costLimitPlugin, costLimitRule, DEFAULT_LIST_SIZE, DEFAULT_MAX_COST } from './cost-limit.js';

/** Operation limits shared by the HTTP and WebSocket paths. */
export const OPERATION_LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 30,
  maxTokens: 2_000,
  /** List-aware cost (H1), see cost-limit.ts. */
  maxCost: DEFAULT_MAX_COST,
  defaultListSize: DEFAULT_LIST_SIZE,
} as const;

export interface Protection {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** The validation rules for a request whose variables are known (the WebSocket path's `onSubscribe`). */
  validationRulesWith(variables: Record<string, unknown> | null | undefined): ValidationRule[];
}

/**
 * Depth, aliases, tokens and directives are limited before planning
 * (graphql-armor), and so is the cost, by our own list-aware rule (H1:
 * armor's cost rule multiplies only by `first`/`last`, which this schema
 * does not use). Field suggestions are blocked in production so that error
 * messages do not disclose the schema. One instance per gateway; both the HTTP
 * path (Apollo) and the WebSocket path (graphql-ws) use its rules.
 */
export function createProtection(options: { production: boolean }): Protection {
  const armor = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth },
    maxAliases: { n: OPERATION_LIMITS.maxAliases },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives },
    maxTokens: { n: OPERATION_LIMITS.maxTokens },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: options.production },
  });
  const protection = armor.protect();
  const costOptions = { maxCost: OPERATION_LIMITS.maxCost, defaultListSize: OPERATION_LIMITS.defaultListSize };
  const armorRules = protection.validationRules as ValidationRule[];
  return {
    validationRules: [...armorRules, costLimitRule(costOptions)],
    // graphql-armor is typed against Apollo's CommonJS build; the plugins are the same at run time.
    // The cost plugin checks again once the variables are known (a `limit: $n`).
    plugins: [...(protection.plugins as unknown as ApolloServerPlugin<GatewayContext>[]), costLimitPlugin<GatewayContext>(costOptions)],
    validationRulesWith: (variables) => [...armorRules, costLimitRule({ ...costOptions, variables })],
  };
}
