import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Harness, Session } from '../support/harness.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { quoteIdent } from '../../server/db/client.ts';
import { writeZip } from '../../server/import/zip.ts';
import type { RegisteredRoute } from '../../server/plugins/auth.ts';
import { TEST_TODAY } from '../support/env.ts';
import { MAX_LIVE_TOKENS } from '../../server/repositories/tokens.ts';

/**
 * The hostile suite, generated from the route table: every route gets malformed, oversized, hostile-Unicode and
 * boundary-value inputs in each part of the request it declares (path, query string, JSON body or uploaded file)
 * and in the headers every route reads, as an administrator (who passes every role check, so the inputs reach the
 * validation and the handlers). Every answer must be below 500, the server must still serve afterwards, and nothing
 * may be written: a digest of every data table and of the audit log (sessions, their log-ins and failed log-ins aside) is the same
 * before and after.
 *
 * Writes are sent so that a value that happens to be valid still changes nothing: each body carries a refusal that
 * the mutated field cannot lift (a stale `version`, an unknown commune, a position outside Vietnam), and a field that
 * is itself the refusal is only given values outside its schema or beyond any stored one. A new state-changing route
 * without a base request here fails the suite: add one.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
};

interface Base {
  /** Values for the path parameters (GET: real records; writes: see `writeTargets`). */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON body, or a file (Buffer) for the upload routes. */
  body?: unknown;
  /** Body fields that are the write's refusal: never given an in-range value. */
  refusal?: string[];
}

/** Unknown ids and codes for state-changing requests addressed by path: the handler finds nothing to change. */
const MISSING = { id: '999999', code: '00000', province: '00' };

/**
 * Base requests of the state-changing routes (and of reads with required parameters). Each write is refused for a
 * reason its mutations do not touch; the digest check proves it.
 */
const BASES: Record<string, Base> = {
  'POST /api/auth/login': { body: { username: 'nobody-at-all', password: 'not a password' }, refusal: ['username', 'password'] },
  'POST /api/auth/logout': {},
  'POST /api/auth/password': { body: { currentPassword: 'not the password', newPassword: 'a new long password' }, refusal: ['currentPassword'] },
  'POST /api/communes/:code/statuses': { params: { code: MISSING.code }, body: { kind: 'drug_free', value: 'certified', validFrom: '2030-01-01' } },
  'PATCH /api/hqs/:id': { body: { version: 999999, staffCount: 1 }, refusal: ['version'] },
  'POST /api/border-gates': { body: { name: 'nowhere', level: 'secondary', countryCode: 'LAO', lon: 0, lat: 0 }, refusal: ['lon', 'lat'] },
  'PATCH /api/border-gates/:id': { body: { version: 999999, name: 'nowhere' }, refusal: ['version'] },
  'PATCH /api/border/settings': { body: { version: 999999, distanceM: 1000 }, refusal: ['version'] },
  'POST /api/users': {
    body: { username: 'admin', displayName: 'x', password: 'long enough password', role: 'commander', scopeKind: 'communes', communeCodes: ['00000'] },
    refusal: ['username', 'communeCodes', 'scopeKind'],
  },
  'PATCH /api/users/:id': { body: { version: 999999, displayName: 'x' }, refusal: ['version'] },
  'POST /api/analysis/best-sites': { body: { k: 1, radiusKm: 5, objective: 'area', candidates: 'points', points: [{ lon: 103.02, lat: 21.38 }] } },
  'POST /api/selection': { body: { codes: ['99001'] } },
  'POST /api/selection/export': { body: { codes: ['99001'] } },
  'POST /api/campaigns': {
    body: { kind: 'drug_free', name: 'x', periodStart: '2030-01-01', periodEnd: '2030-12-31', communeCodes: ['00000'] },
    refusal: ['communeCodes'],
  },
  'PATCH /api/campaigns/:id': { body: { version: 999999, name: 'x' }, refusal: ['version'] },
  'POST /api/campaigns/:id/stages': { body: { communeCode: '00000', stage: 'designated', on: '2030-01-01', version: 999999 }, refusal: ['communeCode', 'version'] },
  // Refused by the quota the suite fills first (see beforeAll), and by the date in the past.
  'POST /api/tokens': { body: { name: 'x', expiresOn: '2000-01-01', readOnly: true }, refusal: ['expiresOn'] },
  'DELETE /api/tokens/:id': { params: { id: MISSING.id } },
  'DELETE /api/demo-provinces/:code': { params: { code: MISSING.province }, query: { confirm: MISSING.province } },
  'GET /api/analysis/coverage': { query: { radiusKm: '5' } },
  'GET /api/search': { query: { q: 'xa' } },
};

/** Upload routes (a file as the body): their query strings. Previews write nothing; commits get only unreadable files. */
const UPLOAD_QUERY: Record<string, Record<string, string>> = {
  '/api/import/boundaries/': { province: '91', provinceName: 'Tỉnh thử', file: 'x.geojson' },
  '/api/import/borders/': { country: 'LAO', file: 'x.geojson' },
};

const LONE_SURROGATE = '\uD800';
/**
 * Text that has broken parsers, databases and renderers: direction overrides, combining marks, NUL, lookalikes. Codes
 * in it are of no commune: a value that the server trims or folds to a real code must not turn a refused write into one.
 */
const HOSTILE_TEXT = [
  '',
  ' ',
  '\u202E00000\u202C',
  'Z\u0335\u0321\u032A\u0347\u0359\u0344a\u0338\u0322\u031Bl\u0336g\u0336o\u0336',
  'Đồng Văn'.normalize('NFD'),
  '\uFF10\uFF10\uFF10\uFF10\uFF10',
  '\uFEFF00000',
  '\u200B\u200C\u200D\u2060',
  '👮‍♂️🇻🇳\u{1F4A9}',
  "O'Brien\"; DROP TABLE commune;--",
  '%00%',
  '\\x00\\',
  '${7*7}{{7*7}}<script>alert(1)</script>',
  '../../../../etc/passwd',
  'null',
  '00000\r\nX-Injected: 1',
  '\u0000',
  LONE_SURROGATE,
  '\uFFFF\uFFFE',
];
const HOSTILE_DATES = ['1899-12-31', '1900-01-01', '2100-12-31', '2101-01-01', '2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-1-1', '0000-00-00', '+02024-01-01', '2024-01-01T00:00:00Z'];
const INT4 = 2 ** 31;

/** JSON number text the JSON encoder cannot write (1e999 parses as Infinity), substituted after encoding. */
const RAW_NUMBERS: Record<string, string> = { '\u0001inf': '1e999', '\u0001-inf': '-1e999', '\u0001big': '1' + '0'.repeat(400) };

function branches(s: JsonSchema): JsonSchema[] {
  if (s.anyOf) return s.anyOf.flatMap(branches);
  return [s];
}

function propertiesOf(s: JsonSchema | undefined): Record<string, JsonSchema> {
  if (!s) return {};
  if (s.allOf) return Object.assign({}, ...s.allOf.map(propertiesOf));
  return s.properties ?? {};
}

/** Hostile and boundary values for one field of a JSON body. `inRange` false: only values the schema refuses. */
function jsonValues(s: JsonSchema, inRange: boolean): unknown[] {
  const out: unknown[] = [null, true, [], {}, ...Object.keys(RAW_NUMBERS)];
  for (const b of branches(s)) {
    const type = b.const !== undefined ? typeof b.const : Array.isArray(b.type) ? b.type[0] : b.type;
    if (b.const !== undefined || b.enum) {
      const v = String(b.const ?? b.enum![0]);
      out.push(v.toUpperCase(), ` ${v}`, `${v}\u0000`, v.normalize('NFD') + '\u0301');
    } else if (type === 'integer' || type === 'number') {
      out.push(-1, 0, -0, 1.5, 5e-324, INT4 - 1, INT4, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, '1', '', ' 1');
      if (b.minimum !== undefined) out.push(b.minimum - 1, b.minimum - 0.5);
      if (b.maximum !== undefined) out.push(b.maximum + 1, b.maximum + 0.001);
      if (inRange && b.minimum !== undefined) out.push(b.minimum);
      if (inRange && b.maximum !== undefined) out.push(b.maximum);
    } else if (type === 'string') {
      out.push(1, ...HOSTILE_TEXT);
      if (b.maxLength !== undefined) out.push('a'.repeat(b.maxLength + 1));
      if (inRange && b.maxLength !== undefined) out.push('đ'.repeat(b.maxLength), '👮'.repeat(b.maxLength));
      out.push('x'.repeat(100_000));
      if (b.format === 'date' || b.pattern?.includes('[0-9]{2}-[0-9]{2}')) out.push(...HOSTILE_DATES.filter((d) => inRange || !/^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(d)));
    } else if (type === 'boolean') {
      out.push('true', 1, 0);
    } else if (type === 'array') {
      out.push([null], [[]], 'x');
      if (b.maxItems !== undefined) out.push(Array.from({ length: b.maxItems + 1 }, () => '00000'));
      if (b.items) out.push(...jsonValues(b.items, inRange).filter((v) => typeof v === 'string').slice(0, 12).map((v) => [v]));
    } else if (type === 'object') {
      out.push({ ['__proto__']: { polluted: true } }, { constructor: { prototype: { polluted: true } } }, 'x');
    }
  }
  return out;
}

/** Hostile and boundary values of a query-string or path value, already percent-encoded (some of them wrongly). */
function textValues(s: JsonSchema | undefined): string[] {
  const enc = (v: string) => (v === LONE_SURROGATE ? '%ED%A0%80' : encodeURIComponent(v));
  const out = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AE', '%00', '+', '%26%3D', 'NaN', 'Infinity', '-1', '0', '-0', '1.5', '0x10', '1e309', '9'.repeat(400), String(INT4), '9007199254740993', '%EF%BC%91'];
  out.push(...HOSTILE_TEXT.map(enc), 'x'.repeat(20_000));
  for (const b of s ? branches(s) : []) {
    if (b.minimum !== undefined) out.push(String(b.minimum - 1), String(b.minimum));
    if (b.maximum !== undefined) out.push(String(b.maximum), String(b.maximum + 1));
    if (b.maxLength !== undefined) out.push('a'.repeat(b.maxLength + 1), enc('👮'.repeat(b.maxLength)));
    if (b.format === 'date' || b.pattern?.includes('[0-9]{2}-[0-9]{2}')) out.push(...HOSTILE_DATES.map(enc));
    if (b.const !== undefined) out.push(String(b.const).toUpperCase(), `${String(b.const)}%20`);
  }
  return out;
}

/** Malformed, oversized and hostile request bodies for a JSON route. */
function jsonBodies(): { label: string; payload: string | Buffer; type?: string }[] {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  return [
    { label: 'truncated JSON', payload: '{"a":' },
    { label: 'empty body', payload: '' },
    { label: 'JSON null', payload: 'null' },
    { label: 'JSON array', payload: '[]' },
    { label: 'JSON number', payload: '1e999' },
    { label: 'JSON string', payload: '"x"' },
    { label: 'BOM before JSON', payload: '\uFEFF{}' },
    { label: 'NaN literal', payload: '{"a":NaN}' },
    { label: '__proto__ key', payload: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}' },
    { label: 'array nested 100,000 deep', payload: deep(100_000) },
    { label: 'object nested 50,000 deep', payload: deepObject(50_000) },
    { label: 'invalid UTF-8 bytes', payload: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]) },
    { label: 'UTF-16 body', payload: Buffer.from('{"a":"b"}', 'utf16le'), type: 'application/json; charset=utf-16' },
    { label: 'body over 1 MB', payload: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) },
    { label: '50,000 keys', payload: '{' + Array.from({ length: 50_000 }, (_, i) => `"k${i}":0`).join(',') + '}' },
    { label: 'text/plain', payload: '{}', type: 'text/plain' },
    { label: 'multipart without boundary', payload: '--x\r\n\r\n', type: 'multipart/form-data; boundary=' },
    { label: 'unknown content type', payload: '<x/>', type: 'application/xml' },
  ];
}

/** Files no import can read or must refuse: empty, random, truncated or hostile archives, hostile tables and GeoJSON. */
function hostileFiles(preview: boolean): { label: string; payload: Buffer; type: string; file: string }[] {
  let seed = 7;
  const random = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 16807) % 2147483647) & 0xff));
  const zip = writeZip({ '../../evil.shp': random, '\u202Ex.dbf': Buffer.alloc(10), 'x.shx': Buffer.alloc(0), 'CON.prj': 'GEOGCS["WGS 84"]' });
  const octet = 'application/octet-stream';
  const files = [
    { label: 'empty file', payload: Buffer.alloc(0), type: octet, file: 'x.geojson' },
    { label: 'random bytes', payload: random, type: octet, file: 'x.zip' },
    { label: 'truncated ZIP', payload: zip.subarray(0, zip.length - 30), type: 'application/zip', file: 'x.zip' },
    { label: 'ZIP with traversal and control names', payload: zip, type: 'application/zip', file: 'x.zip' },
    { label: 'random bytes as XLSX', payload: random, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file: 'x.xlsx' },
    { label: 'random bytes as GeoPackage', payload: Buffer.concat([Buffer.from('SQLite format 3\0'), random]), type: octet, file: 'x.gpkg' },
    { label: 'deeply nested GeoJSON', payload: Buffer.from('{"type":"FeatureCollection","features":' + '['.repeat(50_000) + ']'.repeat(50_000) + '}'), type: 'application/geo+json', file: 'x.geojson' },
  ];
  if (!preview) return files;
  const feature = (props: object, coordinates: unknown) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates } });
  const geojson = {
    type: 'FeatureCollection',
    features: [
      feature({ code: '\u202E91001', name: LONE_SURROGATE + 'x', country: 'LAO' }, [[[1e308, 1e308], [-1e308, 1e308], [1e308, -1e308], [1e308, 1e308]]]),
      feature({ code: '91002', name: 'Z\u0335a\u0338', country: 'LAO' }, [[[103, 21], [103, 21], [103, 21], [103, 21]]]),
      feature({ code: '91003', name: 'x'.repeat(10_000), country: '\u0000' }, [[[179.9, 21], [-179.9, 21], [-179.9, 21.1], [179.9, 21]]]),
      feature({ code: 91004, name: null }, [[]]),
      feature({}, [[[103, 21], [104, 22]]]),
      { type: 'Feature', properties: { code: '91005' }, geometry: { type: 'GeometryCollection', geometries: [] } },
      { type: 'Feature', properties: { code: '91006' }, geometry: null },
    ],
  };
  const csv = ['commune_code,kind,value,valid_from,valid_to,name,status,year,count', '\u202E00000,drug_free,certified,2020-01-01,,"unclosed', '00000,"=cmd|\' /C calc\'!A0",x,2024-02-30,1899-12-31,' + LONE_SURROGATE, '00000,' + 'x'.repeat(50_000) + ',,,,,,,', '"","","","","","","","",""'].join('\r\n');
  return [
    ...files,
    { label: 'GeoJSON of hostile features', payload: Buffer.from(JSON.stringify(geojson)), type: 'application/geo+json', file: 'x.geojson' },
    { label: 'CSV of hostile rows', payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv), Buffer.from([0xc3, 0x28])]), type: 'text/csv', file: 'x.csv' },
    { label: 'CSV of a header only, CR line ends', payload: Buffer.from('commune_code,kind,value\r'), type: 'text/csv', file: 'x.csv' },
  ];
}

/** Headers every route reads (language, encoding, caching, cookies, CSRF, origin), with hostile values. */
const HOSTILE_HEADERS: { label: string; headers: Record<string, string> }[] = [
  { label: 'Accept-Language with bad weights', headers: { 'accept-language': 'vi;q=abc, en;q=-1, *;q=2, ' + 'x-'.repeat(2000) } },
  { label: 'Accept-Encoding with bad weights', headers: { 'accept-encoding': 'br;q=abc, gzip;q=-1, identity;q=0, *;q=0' } },
  { label: 'If-None-Match of garbage', headers: { 'if-none-match': 'W/"' + 'x'.repeat(8000) + '", *, "' } },
  { label: 'Range of several parts', headers: { range: 'bytes=0-0,-1,5-2' } },
  { label: 'Origin not a URL', headers: { origin: 'http://[::1' } },
  { label: 'X-Forwarded-For garbage', headers: { 'x-forwarded-for': 'not-an-ip, ' + '1.'.repeat(1000), 'x-forwarded-proto': 'gopher' } },
];

/** Cookie and CSRF values that replace the administrator's own. */
const HOSTILE_CREDENTIALS: { label: string; cookie?: string; csrf?: string }[] = [
  { label: 'malformed session cookie', cookie: 'posture_session=%E0%A4%A; posture_session=' },
  { label: 'oversized session cookie', cookie: 'posture_session=' + 'A'.repeat(8000) },
  { label: 'CSRF token of another length', csrf: 'x'.repeat(5000) },
  { label: 'CSRF token with non-ASCII', csrf: '\u00e9\u00e9' },
];

interface Probe {
  label: string;
  opts: InjectOptions;
  /** Sent with a session of its own, replaced whenever the request ends it (logout). */
  fresh?: boolean;
}

function queryString(q: Record<string, string>): string {
  const parts = Object.entries(q).map(([k, v]) => `${encodeURIComponent(k)}=${v}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function encodeJson(body: unknown): string {
  let text = JSON.stringify(body);
  for (const [mark, raw] of Object.entries(RAW_NUMBERS)) text = text.split(JSON.stringify(mark)).join(raw);
  return text;
}

/** Replaces the value at `path` in a deep copy of `body` (objects and arrays along the path are created). */
function withValue(body: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(body) ? [...body] : { ...(body as object) }) as Record<string | number, unknown>;
  const next = (body as Record<string | number, unknown> | undefined)?.[head];
  copy[head] = withValue(next ?? (typeof rest[0] === 'number' ? [] : {}), rest, value);
  return copy;
}

/** Every field path of a body schema, one level into nested objects and array items. */
function fieldPaths(s: JsonSchema | undefined, prefix: (string | number)[] = [], depth = 0): { path: (string | number)[]; schema: JsonSchema }[] {
  const out: { path: (string | number)[]; schema: JsonSchema }[] = [];
  for (const [name, prop] of Object.entries(propertiesOf(s))) {
    const path = [...prefix, name];
    out.push({ path, schema: prop });
    if (depth >= 2) continue;
    for (const b of branches(prop)) {
      if (b.properties) out.push(...fieldPaths(b, path, depth + 1));
      if (b.type === 'array' && b.items && (b.items.properties || b.items.anyOf)) out.push(...fieldPaths(b.items, [...path, 0], depth + 1));
    }
  }
  return out;
}

export function hostileSuite(h: Harness) {
  describe('every route under malformed, oversized, hostile-Unicode and boundary inputs', () => {
    const real: Record<string, string> = {};

    /** A digest of every data table (count and hash of the rows) and of the audit log without log-ins and log-outs. */
    async function digest(): Promise<Record<string, string>> {
      const tables = await h.db.query<{ t: string }>(
        `SELECT table_name AS t FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('app_session', 'login_failure', 'spatial_ref_sys') ORDER BY 1`,
      );
      const out: Record<string, string> = {};
      for (const { t } of tables) {
        const where = t === 'audit_log' ? `WHERE entity <> 'session'` : '';
        const [row] = await h.db.query<{ n: number; hash: string }>(
          `SELECT count(*)::int AS n, coalesce(md5(string_agg(md5(r::text), '' ORDER BY md5(r::text))), '') AS hash FROM ${quoteIdent(t)} r ${where}`,
        );
        out[t] = `${row.n} ${row.hash}`;
      }
      return out;
    }

    beforeAll(async () => {
      // Tokens the suites before this one gave the administrator go to another user: a probe of DELETE
      // /api/tokens/:id (ids 1, 2, … among its values) must find none of the administrator's to revoke.
      await h.db.query(
        `UPDATE access_token SET user_id = (SELECT id FROM app_user WHERE username = 'commanderone')
          WHERE user_id = (SELECT id FROM app_user WHERE username = 'admin')`,
      );
      // The administrator's token quota is full: a token request is refused whatever field a probe drops or changes.
      await h.db.query(
        // Ids far from any a probe sends (1, 0, -1, 2^31…), so that no probe of DELETE /api/tokens/:id revokes one.
        `INSERT INTO access_token (id, user_id, name, token_hash, prefix, expires_at) OVERRIDING SYSTEM VALUE
         SELECT 7000000 + i, u.id, 'hostile quota ' || i, 'hostile-quota-' || i, 'pst_hq' || i, now() + interval '1 day'
         FROM app_user u, generate_series(1, $1::int) i WHERE u.username = 'admin'`,
        [MAX_LIVE_TOKENS],
      );
      const one = async (sql: string) => String((await h.db.query<{ id: number }>(sql))[0].id);
      real['/api/hqs/:id'] = await one('SELECT min(id) AS id FROM police_hq');
      real['/api/border-gates/:id'] = await one('SELECT min(id) AS id FROM border_gate');
      real['/api/users/:id'] = await one(`SELECT id FROM app_user WHERE username = 'commanderone'`);
      const [{ id }] = await h.db.query<{ id: number }>(
        `INSERT INTO campaign (province_code, kind, name, period_start, period_end) VALUES ('99', 'transformation', 'Chiến dịch kiểm thử đầu vào', '2030-01-01', '2030-12-31') RETURNING id`,
      );
      await h.db.query(`INSERT INTO campaign_commune (campaign_id, commune_code, stage) VALUES ($1, '99001', 'proposed')`, [id]);
      real['/api/campaigns/:id'] = String(id);
    });

    afterAll(async () => {
      await h.db.query(`DELETE FROM access_token WHERE token_hash LIKE 'hostile-quota-%'`);
    });

    /** The concrete path of a route with the base (or given) parameter values. */
    function pathOf(route: RegisteredRoute, base: Base, override: Record<string, string> = {}): string {
      const write = route.method !== 'GET';
      return route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
        if (override[name] !== undefined) return override[name];
        if (base.params?.[name] !== undefined) return base.params[name];
        if (name === 'id') {
          const key = Object.keys(real).find((k) => route.url.startsWith(k));
          if (!key) throw new Error(`no record for the :id of ${route.url}: add one to the hostile suite`);
          return real[key];
        }
        if (name === 'code') return write ? MISSING.code : '99001';
        if (name === 'layer') return 'communes';
        return { z: '7', x: '100', y: '56', tileMatrix: '7', tileCol: '100', tileRow: '56', featureId: '99001' }[name] ?? (() => { throw new Error(`no value for :${name} of ${route.url}: add one to the hostile suite`); })();
      });
    }

    function probesOf(route: RegisteredRoute): Probe[] {
      const key = `${route.method} ${route.url}`;
      const write = route.method !== 'GET';
      const upload = write && !route.schema.body && route.url.startsWith('/api/import/');
      const base: Base = { ...(BASES[key] ?? {}) };
      if (upload) base.query = Object.entries(UPLOAD_QUERY).find(([prefix]) => route.url.startsWith(prefix))?.[1] ?? { file: 'x.csv' };
      // A required query parameter without a default takes its first allowed value (`format=csv`).
      const qs = route.schema.querystring as JsonSchema | undefined;
      for (const name of qs?.required ?? []) {
        const first = branches(propertiesOf(qs)[name] ?? {})[0];
        if (base.query?.[name] === undefined && first?.default === undefined && first?.const !== undefined) base.query = { ...base.query, [name]: String(first.const) };
      }
      const enc = (q: Record<string, string> | undefined) => Object.fromEntries(Object.entries(q ?? {}).map(([k, v]) => [k, encodeURIComponent(v)]));
      const baseQuery = enc(base.query);
      const method = route.method as InjectOptions['method'];
      const json = (body: unknown) => ({ payload: encodeJson(body), headers: { 'content-type': 'application/json' } });
      const baseBody = upload ? null : base.body;
      const request = (label: string, over: { path?: string; query?: Record<string, string>; payload?: string | Buffer; headers?: Record<string, string> }): Probe => {
        const body = over.payload !== undefined ? { payload: over.payload, headers: over.headers ?? {} } : baseBody !== undefined && baseBody !== null ? json(baseBody) : { headers: {} };
        return {
          label,
          fresh: route.url === '/api/auth/logout',
          opts: { method, url: (over.path ?? pathOf(route, base)) + queryString(over.query ?? baseQuery), payload: body.payload, headers: { ...body.headers, ...(over.payload === undefined ? over.headers : {}) } },
        };
      };
      const probes: Probe[] = [request('base request', {})];
      if (route.method === 'GET') probes.push({ ...probes[0], label: 'HEAD', opts: { ...probes[0].opts, method: 'HEAD' } });

      // Path parameters.
      const paramSchemas = propertiesOf(route.schema.params as JsonSchema);
      for (const name of [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1])) {
        for (const v of textValues(paramSchemas[name])) {
          if (v.length > 5000) continue;
          probes.push(request(`:${name} = ${v.slice(0, 40)}`, { path: pathOf(route, base, { [name]: v }) }));
        }
      }

      // Query string: each declared parameter, the view every read takes, an undeclared one, repeated and bracketed keys.
      const querySchemas = propertiesOf(route.schema.querystring as JsonSchema);
      const names = new Set([...Object.keys(querySchemas), ...(route.access === 'read' ? ['province'] : [])]);
      for (const name of names) {
        for (const v of textValues(querySchemas[name])) probes.push(request(`?${name}=${v.slice(0, 40)}`, { query: { ...baseQuery, [name]: v } }));
        probes.push(request(`?${name} repeated`, { path: pathOf(route, base), query: { ...baseQuery, [name]: `a&${encodeURIComponent(name)}=b` } }));
      }
      probes.push(request('undeclared and bracketed keys', { query: { ...baseQuery, ['__proto__[x]']: '1', ['constructor[prototype][y]']: '1', ['a[]']: '%E0%A4%A' } }));
      probes.push(request('query string of 200 KB', { query: { ...baseQuery, pad: 'x'.repeat(200_000) } }));

      // Body.
      if (write && !upload) {
        for (const b of jsonBodies()) probes.push(request(b.label, { payload: b.payload, headers: { 'content-type': b.type ?? 'application/json' } }));
        const bodySchema = route.schema.body as JsonSchema | undefined;
        if (bodySchema && baseBody === undefined && !BASES[key]) throw new Error(`no base body for ${key}: add one to the hostile suite`);
        const refusal = new Set(base.refusal ?? []);
        for (const { path, schema } of fieldPaths(bodySchema)) {
          const inRange = !refusal.has(String(path[0]));
          for (const v of jsonValues(schema, inRange)) {
            const label = `body/${path.join('/')} = ${typeof v === 'string' ? JSON.stringify(v.slice(0, 30)) : JSON.stringify(v)?.slice(0, 40)}`;
            probes.push(request(label, { payload: encodeJson(withValue(baseBody ?? {}, path, v)), headers: { 'content-type': 'application/json' } }));
          }
          if (bodySchema?.required?.includes(String(path[0])) && path.length === 1) {
            const { [String(path[0])]: _, ...rest } = (baseBody ?? {}) as Record<string, unknown>;
            probes.push(request(`body without ${path[0]}`, { payload: encodeJson(rest), headers: { 'content-type': 'application/json' } }));
          }
        }
      }
      if (upload) {
        for (const f of hostileFiles(route.url.endsWith('/preview'))) {
          probes.push(request(f.label, { query: { ...baseQuery, file: encodeURIComponent(f.file) }, payload: f.payload, headers: { 'content-type': f.type } }));
        }
      }

      // Headers.
      for (const hh of HOSTILE_HEADERS) probes.push(request(hh.label, { headers: hh.headers }));
      return probes;
    }

    it('answers every hostile request below 500, writes nothing, and serves normally afterwards', async () => {
      const admin = await h.login('admin');
      let forLogout = await h.login('admin');
      const before = await digest();
      const failures: string[] = [];
      let sent = 0;
      const send = async (p: Probe, credentials?: { cookie?: string; csrf?: string }): Promise<LightMyRequestResponse> => {
        const s: Session = p.fresh ? forLogout : admin;
        const headers = { cookie: credentials?.cookie ?? s.cookie, 'x-csrf-token': credentials?.csrf ?? s.csrfToken, ...(p.opts.headers as Record<string, string>) };
        sent++;
        const res = await h.app.inject({ ...p.opts, headers });
        if (p.fresh && res.statusCode < 300) forLogout = await h.login('admin');
        return res;
      };
      const routes = h.app.routeTable;
      expect(routes.length).toBeGreaterThan(60);
      for (const route of routes) {
        if (route.method !== 'GET' && !BASES[`${route.method} ${route.url}`] && !route.url.startsWith('/api/import/')) {
          failures.push(`${route.method} ${route.url}: no base request in the hostile suite`);
          continue;
        }
        const probes = probesOf(route);
        const credentials = [
          ...HOSTILE_CREDENTIALS,
          // As long as the real token, but in characters of two bytes: a comparison of the bytes must not throw.
          { label: 'CSRF token of the right length in non-ASCII characters', csrf: '\u00e9'.repeat(admin.csrfToken.length) },
        ];
        const cases: [Probe, { cookie?: string; csrf?: string } | undefined, string][] = [
          ...probes.map((p) => [p, undefined, p.label] as [Probe, undefined, string]),
          ...credentials.map((c) => [probes[0], c, c.label] as [Probe, { cookie?: string; csrf?: string }, string]),
        ];
        for (const [p, credential, label] of cases) {
          const where = `${String(p.opts.method)} ${String(p.opts.url).slice(0, 120)} [${label}]`;
          try {
            const res = await send(p, credential);
            if (res.statusCode >= 500) failures.push(`${where} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          } catch (err) {
            failures.push(`${where}: the request threw ${(err as Error).message.slice(0, 200)}`);
          }
        }
      }
      const after = await digest();
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(3000);
      expect(after).toEqual(before);
      // Still healthy: the health check, a read and a selection.
      expect((await h.app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ status: 'ok' });
      expect((await h.as('admin', { method: 'GET', url: '/api/communes/summaries?province=99' })).json().items.length).toBeGreaterThan(40);
      expect((await h.as('admin', { method: 'POST', url: '/api/selection?province=99', payload: { codes: ['99001', '99002'] } })).json().communes).toHaveLength(2);
      expect(Object.prototype).not.toHaveProperty('polluted');
    }, 900_000);

    it('answers malformed HTTP on a real socket below 500 and keeps serving', async () => {
      const app = await buildApp({ db: h.db, config: loadConfig({}), today: () => TEST_TODAY });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as { port: number }).port;
      const raw = (text: string | Buffer) =>
        new Promise<string>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          let answer = '';
          socket.on('data', (d) => (answer += d.toString('latin1')));
          socket.on('error', () => resolve(answer));
          socket.on('close', () => resolve(answer));
          socket.setTimeout(10_000, () => socket.destroy());
          socket.end(text);
        });
      try {
        const requests: [string, string | Buffer][] = [
          ['bad percent-encoding in the path', 'GET /api/communes/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
          ['invalid UTF-8 in the query', 'GET /api/search?q=%C3%28%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
          ['raw bytes in the request line', Buffer.concat([Buffer.from('GET /api/health?x='), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')])],
          ['header of 64 KB', `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(65_536)}\r\nConnection: close\r\n\r\n`],
          ['garbage chunked body', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
          ['negative Content-Length', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\nConnection: close\r\n\r\n{}'],
          ['Content-Length and chunked together', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n'],
          ['body shorter than declared', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"username":'],
          ['not HTTP at all', '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003 TLS hello\r\n\r\n'],
        ];
        const failures: string[] = [];
        for (const [label, text] of requests) {
          const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(await raw(text))?.[1] ?? 0);
          if (status >= 500) failures.push(`${label} → ${status}`);
        }
        expect(failures).toEqual([]);
        const health = await fetch(`http://127.0.0.1:${port}/api/health`);
        expect(health.status).toBe(200);
      } finally {
        await app.close();
      }
    }, 120_000);
  });
}
