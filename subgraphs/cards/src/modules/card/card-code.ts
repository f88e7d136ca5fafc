/**
 * Card codes (R1, R2): one normaliser for every subgraph, in the kit, so the
 * usage subgraph looks a code up exactly as cards stored it. Re-exported here
 * so the cards modules keep their imports.
 */
export { CODE_MAX_LENGTH, CODE_MIN_LENGTH, CODE_PATTERN, normaliseCardCode, resemblesIdentityCode, type CodeProblem, type NormalisedCode } from '@kaikukanta/kit';
