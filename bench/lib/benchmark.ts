/** What `bench/run.ts` needs from one benchmark. */
export interface Benchmark {
  /** Short id, also the name of its results file and of the CLI filter (`npm run bench -- <name>`). */
  name: string;
  /** One line: what the figures show. */
  title: string;
  run(context: BenchmarkContext): Promise<BenchmarkResult>;
}

export interface BenchmarkContext {
  /** Maintenance-database URL of the PostgreSQL server; a benchmark creates (and drops) its own database there. */
  adminUrl: string;
  log(line: string): void;
}

export interface BenchmarkResult {
  /** The printed table. */
  table: string;
  /** Lines printed under the table: how to read it. */
  notes: string[];
  /** Raw figures, written to bench/.results/<name>.json. */
  data: unknown;
}
