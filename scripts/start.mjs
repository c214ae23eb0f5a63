/**
 * `npm start`: runs scripts/start.ts (the client check, then the server) compiled to plain JavaScript, building it
 * first when its sources changed (build-server-if-stale.mjs). Plain JavaScript itself, so that Node starts without
 * a TypeScript loader.
 */
import { buildServerIfStale } from './build-server-if-stale.mjs';

await import(await buildServerIfStale());
