import { STATUS_KINDS, type StatusKind } from '../../server/domain.ts';
import type { ColourBy } from '../map/colours.ts';
import type { Messages } from './types.ts';

/**
 * Label look-ups that tolerate values the client does not know yet (data newer than the client):
 * those are shown as they are rather than as a blank.
 */
const lookup = (table: Record<string, string>, key: string) => (Object.hasOwn(table, key) ? table[key] : key);

export const isStatusKind = (kind: string): kind is StatusKind => Object.hasOwn(STATUS_KINDS, kind);

export function statusKindLabel(t: Messages, kind: string): string {
  return isStatusKind(kind) ? t.statusKinds[kind].label : kind;
}

export function statusValueLabel(t: Messages, kind: string, value: string): string {
  return isStatusKind(kind) ? lookup(t.statusKinds[kind].values, value) : value;
}

export function hqStatusLabel(t: Messages, status: string | null): string {
  return lookup(t.hqStatuses, status ?? 'none');
}

export function colourByLabel(t: Messages, by: ColourBy): string {
  return by === 'hqStatus' ? t.controls.hqStatus : t.statusKinds[by].label;
}

/** Label of one value of a colour-by choice (as found in `colourEntries`). */
export function colourValueLabel(t: Messages, by: ColourBy, value: string): string {
  return by === 'hqStatus' ? hqStatusLabel(t, value) : statusValueLabel(t, by, value);
}

export const communeKindLabel = (t: Messages, kind: string) => lookup(t.communeKinds, kind);
export const gateLevelLabel = (t: Messages, level: string) => lookup(t.gateLevels, level);
export const countryLabel = (t: Messages, code: string) => lookup(t.countries, code);
export const roleLabel = (t: Messages, role: string) => lookup(t.roles, role);
export const scopeKindLabel = (t: Messages, kind: string) => lookup(t.scopeKinds, kind);
export const auditActionLabel = (t: Messages, action: string) => lookup(t.audit.actions, action);
export const auditEntityLabel = (t: Messages, entity: string) => lookup(t.audit.entities, entity);

/**
 * The worded name of a field of an audit record ("staff_count" or "staffCount" → "Quân số"); a field this client
 * does not know keeps the server's name.
 */
export function auditFieldLabel(t: Messages, key: string): string | null {
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return Object.hasOwn(t.audit.fields, snake) ? t.audit.fields[snake] : null;
}
