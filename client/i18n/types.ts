import type { STATUS_KINDS, StatusKind } from '../../server/domain.ts';
import type { vi } from './vi.ts';

/** Which way a figure moved since the year before. */
export type Direction = 'up' | 'down' | 'flat';

/** A figure's parts as the messages word them ("15/45 (33,3 %)"). */
export interface FigureText {
  value: string;
  total: string | null;
  /** value / total in percent, for "N of K (share)" indicators. */
  share: string | null;
  /** value / total, for "officers per unit". */
  perUnit: string | null;
}

/**
 * One label per value of a domain type, e.g. `{...} satisfies Labels<HqStatus>`: a value without a label, or a label
 * of no value, is a type error where the labels are written.
 */
export type Labels<K extends PropertyKey, Label = string> = Record<K, Label>;

/** The values of a status kind, its `absent` value included. */
export type StatusValue<K extends StatusKind> = (typeof STATUS_KINDS)[K]['values'][number] | (typeof STATUS_KINDS)[K]['absent'];

/**
 * Every user-visible string of the client, as the reference language states it (vi.ts). Its strings infer as `string`
 * and its functions declare their parameters, so every other language, declared as `Messages`, must word each key
 * with the same signature: a missing key or another signature is a type error there.
 */
export type Messages = typeof vi;
