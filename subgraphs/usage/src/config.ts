import { loadSubgraphConfig, type Env, type SubgraphConfig } from '@kaikukanta/kit';
import { loadImportConfig, type ImportConfig } from './modules/import/import.model.js';

export type Config = SubgraphConfig & {
  /** Sales-report imports (R17): file, row and decompression limits (IMPORT_* in .env.example). */
  import: ImportConfig;
};

export function loadConfig(env: Env = process.env): Config {
  return { ...loadSubgraphConfig('usage', env), import: loadImportConfig(env) };
}
