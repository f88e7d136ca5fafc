import { loadSubgraphConfig, type Env, type SubgraphConfig } from '@kaikukanta/kit';

export type Config = SubgraphConfig;

export function loadConfig(env: Env = process.env): Config {
  return loadSubgraphConfig('cards', env);
}
