import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';

type Operation = { responses?: Record<string, unknown>; parameters?: { name: string; in: string; required?: boolean; schema?: unknown; $ref?: string }[]; requestBody?: unknown; security?: unknown[] };
type Doc = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>>; components?: Record<string, Record<string, unknown>> };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The structural rules of OpenAPI 3.0 a client relies on, checked on a parsed document: version, info, paths
 * starting with "/", operations with responses, parameters with a place and a schema, every {name} of a path
 * declared as a required path parameter, and every local $ref resolving. Returns the problems found.
 */
function problemsOf(doc: Doc): string[] {
  const problems: string[] = [];
  if (!/^3\.0\.\d+$/.test(doc.openapi)) problems.push(`openapi "${doc.openapi}" is not 3.0.x`);
  if (!doc.info?.title || !doc.info?.version) problems.push('info needs title and version');
  const refs: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') refs.push(x);
        else walk(x);
      }
    }
  };
  walk(doc);
  for (const ref of refs) {
    if (!ref.startsWith('#/')) continue;
    const target = ref.slice(2).split('/').reduce<unknown>((o, key) => (o as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (target === undefined) problems.push(`$ref ${ref} does not resolve`);
  }
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/')) problems.push(`path ${path} must start with /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.responses || Object.keys(op.responses).length === 0) problems.push(`${where}: no responses`);
      for (const code of Object.keys(op.responses ?? {})) if (!/^([1-5][0-9]{2}|[1-5]XX|default)$/.test(code)) problems.push(`${where}: response key ${code}`);
      for (const p of op.parameters ?? []) {
        if (p.$ref) continue;
        if (!p.name || !['query', 'path', 'header', 'cookie'].includes(p.in)) problems.push(`${where}: parameter ${JSON.stringify(p).slice(0, 80)}`);
        if (!p.schema) problems.push(`${where}: parameter ${p.name} has no schema`);
        if (p.in === 'path' && p.required !== true) problems.push(`${where}: path parameter ${p.name} must be required`);
      }
      for (const name of templated) {
        if (!(op.parameters ?? []).some((p) => p.in === 'path' && p.name === name)) problems.push(`${where}: {${name}} is not declared`);
      }
    }
  }
  return problems;
}

export function openApiSuite(h: Harness) {
  describe('OpenAPI description', () => {
    it('is served to anyone at /api/openapi.json and validates as OpenAPI 3.0', async () => {
      const res = await h.as(null, { method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = JSON.parse(res.body) as Doc;
      expect(problemsOf(doc)).toEqual([]);
      expect(doc.components?.securitySchemes).toHaveProperty('token');
    });

    it('describes every registered route, /api and /ogc, with its method', async () => {
      const doc = (await h.as(null, { method: 'GET', url: '/api/openapi.json' })).json() as Doc;
      const missing = h.app.routeTable
        .map((r) => ({ method: r.method.toLowerCase(), path: r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}') }))
        // Fastify registers a prefix's root both with and without the slash; OpenAPI lists it once.
        .filter((r) => ![r.path, r.path.replace(/\/$/, ''), `${r.path}/`].some((p) => doc.paths[p]?.[r.method]))
        .map((r) => `${r.method.toUpperCase()} ${r.path}`);
      expect(missing).toEqual([]);
      expect(h.app.routeTable.length).toBeGreaterThan(100);
    });

    it('says which routes are open, and that account administration takes the browser session', async () => {
      const doc = (await h.as(null, { method: 'GET', url: '/api/openapi.json' })).json() as Doc & { paths: Record<string, Record<string, { description?: string; security?: unknown[] }>> };
      expect(doc.paths['/api/health'].get.security).toEqual([]);
      expect(doc.paths['/api/tokens'].post.description).toContain('browser session only');
      expect(doc.paths['/api/communes'].get.description).toContain('Access: read');
    });

    it('gives the OGC API its own document at /ogc/api, which validates too', async () => {
      const res = await h.as('commanderOne', { method: 'GET', url: '/ogc/api' });
      const doc = res.json() as Doc;
      expect(problemsOf(doc)).toEqual([]);
      expect(doc.paths['/collections/communes/items'].get.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['bbox', 'limit', 'datetime', 'drug_free']));
    });
  });
}
