import type { StatusKind } from '../domain.ts';

/**
 * Transformation stages from least to most advanced. `challenge` is the trial period after `transformed` that
 * leads to `maintained` (see campaign-lifecycle.ts); `reassessed` (re-assessed as still meeting the criteria) sits
 * with `maintained`; `relapsed` (complex again after transformation) is behind every stage of the work.
 */
export const TRANSFORMATION_PROGRESS = [
  'relapsed',
  'designated',
  'plan_approved',
  'transforming',
  'transformed',
  'challenge',
  'maintained',
  'reassessed',
] as const;

/** Drug-free stages from least to most advanced (`revoked` is handled apart: any revocation wins). */
const DRUG_FREE_PROGRESS = ['not_started', 'designated', 'plan_approved', 'building', 'certified', 'challenge', 'maintained', 'reassessed'] as const;

/**
 * The status a new commune inherits for one kind from its former units: `values` holds, per former unit, the value
 * of its record in force the day before the merger, or null when it had none. Returns null when nothing is
 * inherited (no former unit had a record of the kind).
 *
 * - key_complex, drug_key_area: designated when ANY former unit was.
 * - transformation: the least advanced stage among the units that had one.
 * - drug_free: revoked when any unit's certificate was revoked; certified (or later) only when ALL units were;
 *   otherwise the least advanced stage, a unit without a record counting as not_started.
 * - safe_standard: met only when ALL units met it, otherwise not_met.
 *
 * @example inheritedValue('drug_free', ['certified', 'building']) === 'building'
 */
export function inheritedValue(kind: StatusKind | string, values: (string | null)[]): string | null {
  const had = values.filter((v): v is string => v !== null);
  if (had.length === 0) return null;
  switch (kind) {
    case 'key_complex':
    case 'drug_key_area':
      return had[0];
    case 'transformation':
      return leastOf(TRANSFORMATION_PROGRESS, had);
    case 'drug_free':
      if (had.includes('revoked')) return 'revoked';
      return leastOf(DRUG_FREE_PROGRESS, values.map((v) => v ?? 'not_started'));
    case 'safe_standard':
      return values.every((v) => v === 'met') ? 'met' : 'not_met';
    default:
      throw new Error(`no inheritance rule for status kind "${kind}"`);
  }
}

function leastOf(order: readonly string[], values: string[]): string {
  let best = order.length;
  for (const v of values) {
    const i = order.indexOf(v);
    if (i < 0) throw new Error(`value "${v}" is not one of ${order.join(', ')}`);
    best = Math.min(best, i);
  }
  return order[best];
}
