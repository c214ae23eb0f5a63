/** One line of a before/after comparison of an audit record. */
export interface DiffRow {
  /** Field name; '' when the values are not objects and are compared whole. */
  key: string;
  before: unknown;
  after: unknown;
  /** `undefined` = the field is absent on that side. */
  state: 'added' | 'removed' | 'changed' | 'same';
}

/** Fields whose values are never shown, whatever the server puts in the log. */
const SECRET = /password(?!changed)|hash|secret|token/i;
export const isSecretField = (key: string) => SECRET.test(key);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Key-order-independent JSON, so that `{a,b}` and `{b,a}` compare equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Compares two audit snapshots field by field (one level deep; nested values compare whole).
 * A missing side (`null` before a create, after a delete) counts as an empty object.
 *
 * @example
 * diffRows({ role: 'planner', v: 1 }, { role: 'admin', v: 1 })
 * // → [{ key: 'role', before: 'planner', after: 'admin', state: 'changed' }, { key: 'v', …, state: 'same' }]
 */
export function diffRows(before: unknown, after: unknown): DiffRow[] {
  const b = before ?? {};
  const a = after ?? {};
  if (!isRecord(b) || !isRecord(a)) {
    return [{ key: '', before, after, state: sameValue(before, after) ? 'same' : before == null ? 'added' : after == null ? 'removed' : 'changed' }];
  }
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => {
    const inB = Object.hasOwn(b, key);
    const inA = Object.hasOwn(a, key);
    const state = !inB ? 'added' : !inA ? 'removed' : sameValue(b[key], a[key]) ? 'same' : 'changed';
    return { key, before: inB ? b[key] : undefined, after: inA ? a[key] : undefined, state };
  });
}

/** A value as shown in a diff cell: strings bare, everything else as JSON. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
  return JSON.stringify(v, null, 2);
}
