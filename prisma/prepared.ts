import type { QueryConfig } from 'pg';

/**
 * A statement pg prepares under `name` once per connection, so PostgreSQL
 * parses and plans it once per connection rather than at every execution: for
 * the statements every verification sends (BENCHMARKS.md). One name, one text.
 */
export function prepared(name: string, text: string): (values: unknown[]) => QueryConfig {
  return (values) => ({ name, text, values });
}
