/**
 * Writes docs/api-routes.md, the table of every route, from the OpenAPI document the server generates from the
 * routes' schemas (the same document as GET /api/openapi.json). `npm run docs:api`; `-- --check` only says whether
 * the file is current (exit 1 when not).
 *
 * The app is built without a database: building it registers the routes and runs no query, and nothing here sends a
 * request, so a database that refuses every call is enough (and proves the point).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { Db } from '../server/db/client.ts';

type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[] };
type Parameter = { name: string; in: string; required?: boolean; description?: string };
type Operation = {
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
};
type Document = { info: { version: string }; paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const target = fileURLToPath(new URL('../docs/api-routes.md', import.meta.url));

const noDatabase = new Proxy({} as Db, {
  get(_, key) {
    if (key === 'kind') return 'embedded';
    if (key === 'parallel') return 1;
    if (key === 'then') return undefined;
    return () => Promise.reject(new Error(`the route table needs no database (called ${String(key)})`));
  },
});

const app = await buildApp({ db: noDatabase, config: { ...loadConfig({}), clientDir: '/nonexistent' }, version: 'docs' });
await app.ready();
const doc = app.swagger() as unknown as Document;
await app.close();

/** The OGC API repeats its routes for each collection: one row per route, with the collection as a parameter. */
const OGC_COLLECTION = /^\/ogc\/collections\/(?!\{)[a-z-]+(?=\/|$)/;
const rows = new Map<string, { method: string; path: string; op: Operation; query: string[][] }>();
for (const [rawPath, item] of Object.entries(doc.paths)) {
  const path = rawPath.replace(OGC_COLLECTION, '/ogc/collections/{collectionId}');
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const key = `${method.toUpperCase()} ${path}`;
    const row = rows.get(key) ?? { method: method.toUpperCase(), path, op, query: [] };
    row.query.push(queryParameters(op));
    rows.set(key, row);
  }
}
const lines = [...rows.values()].map(
  (r) => `| \`${r.method}\` | \`${r.path}\` | ${access(r.op)} | ${commonQuery(r.query)} | ${body(r.op)} |`,
);

function access(op: Operation): string {
  const notes = (op.description ?? '').split('. ').filter((s) => s.startsWith('Access: ') || s.includes('browser session only'));
  const said = notes.join('; ').replace(/^Access: /, '').replace(/; Access: /g, '; ');
  return said || 'session or token';
}

function queryParameters(op: Operation): string[] {
  return (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => `\`${p.name}\`${p.required ? '' : '?'}`);
}

/** The parameters every collection's route takes, and a note when some collections take more (their queryables). */
function commonQuery(lists: string[][]): string {
  const common = lists[0].filter((p) => lists.every((l) => l.includes(p)));
  const more = lists.some((l) => l.length > common.length);
  return [...common, ...(more ? ["the collection's queryables"] : [])].join(', ');
}

function body(op: Operation): string {
  const content = op.requestBody?.content ?? {};
  const json = content['application/json']?.schema;
  if (json?.properties) {
    const required = new Set(json.required ?? []);
    return Object.keys(json.properties).map((k) => `\`${k}\`${required.has(k) ? '' : '?'}`).join(', ');
  }
  const types = Object.keys(content);
  return types.length > 0 ? types.map((t) => `(${t})`).join(', ') : '';
}

const text = [
  '# Route table',
  '',
  '<!-- Written by `npm run docs:api` from the OpenAPI document (GET /api/openapi.json); do not edit by hand. -->',
  '',
  'Every route the server declares, generated from the OpenAPI document the server builds from the routes\' own',
  'schemas ([`GET /api/openapi.json`](api.md#routes) is the authoritative, complete description, with every',
  'parameter\'s type and limits and every answer\'s schema). Access is the permission each route declares; a `?` marks',
  'an optional query parameter or body field. Every read takes `province` (the view), whether it is listed or not. What',
  'the routes mean is in [the API reference](api.md).',
  '',
  'Access: `public` anyone; `session` any logged-in user; `read` the map data of the user\'s area (every role);',
  '`edit_status` statuses, HQs and campaigns (planner, admin); `edit_border` border gates (border officer, admin);',
  '`admin` the administrator only. "Browser session only": never with an access token.',
  '',
  '| method | path | access | query | body |',
  '| --- | --- | --- | --- | --- |',
  ...lines,
  '',
].join('\n');

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // absent: not current
  }
  if (current !== text) {
    console.error('docs/api-routes.md is not current: run `npm run docs:api`.');
    process.exit(1);
  }
  console.log('docs/api-routes.md is current.');
} else {
  writeFileSync(target, text);
  console.log(`Wrote docs/api-routes.md: ${lines.length} routes.`);
}
