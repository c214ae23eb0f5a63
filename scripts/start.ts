/**
 * `npm start`: builds the client if its sources changed since the last build, then runs the server in the same
 * process (one Node and one TypeScript loader start instead of two).
 */
import { buildClientIfStale } from './build-client-if-stale.ts';

await buildClientIfStale(false);
await import('../server/main.ts');
