import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { GatewayContext } from '../context.js';

/** Operation limits shared by the HTTP and WebSocket paths. */
export const OPERATION_LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 30,
  maxTokens: 2_000,
  maxCost: 10_000,
} as const;

export interface Protection {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<GatewayContext>[];
}

/**
 * Depth, aliases, tokens, directives and cost are limited before planning
 * (graphql-armor). Field suggestions are blocked in production so that error
 * messages do not disclose the schema. One instance per gateway; both the HTTP
 * path (Apollo) and the WebSocket path (graphql-ws) use its rules.
 */
export function createProtection(options: { production: boolean }): Protection {
  const armor = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth },
    maxAliases: { n: OPERATION_LIMITS.maxAliases },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives },
    maxTokens: { n: OPERATION_LIMITS.maxTokens },
    costLimit: { maxCost: OPERATION_LIMITS.maxCost },
    blockFieldSuggestion: { enabled: options.production },
  });
  const protection = armor.protect();
  return {
    validationRules: protection.validationRules as ValidationRule[],
    // graphql-armor is typed against Apollo's CommonJS build; the plugins are the same at run time.
    plugins: protection.plugins as unknown as ApolloServerPlugin<GatewayContext>[],
  };
}
