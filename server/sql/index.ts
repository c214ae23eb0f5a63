import { readFileSync } from 'node:fs';

/** Reads `server/sql/<name>.sql`. Queries are kept as SQL files so they can be read, linted and run by hand. */
export function sqlFile(name: string): string {
  return readFileSync(new URL(`./${name}.sql`, import.meta.url), 'utf8');
}
