/**
 * The domain's words in both languages, for messages the server words itself. They come from the client's
 * message tables (client/i18n), the one place the interface's vocabulary is written, so a message and the form
 * it answers name a stage or a status value alike.
 */
import { en } from '../../client/i18n/en.ts';
import { vi } from '../../client/i18n/vi.ts';
import { STATUS_KINDS, type StatusKind } from '../domain.ts';
import { said, type Said } from './lang.ts';

const pick = (table: Record<string, string>, key: string) => (Object.hasOwn(table, key) ? table[key] : key);

/** A campaign stage's name, e.g. "challenge" → Trial period / Thời gian thử thách. */
export const stageWord = (stage: string): Said => said(pick(en.campaigns.stages, stage), pick(vi.campaigns.stages, stage));

/** A campaign kind's name. */
export const campaignKindWord = (kind: string): Said => said(pick(en.campaigns.kinds, kind), pick(vi.campaigns.kinds, kind));

const isStatusKind = (kind: string): kind is StatusKind => Object.hasOwn(STATUS_KINDS, kind);

/** A status kind's name. */
export const statusKindWord = (kind: string): Said =>
  isStatusKind(kind) ? said(en.statusKinds[kind].label, vi.statusKinds[kind].label) : said(kind, kind);

/** A status value's name within its kind. */
export const statusValueWord = (kind: string, value: string): Said =>
  isStatusKind(kind)
    ? said(pick(en.statusKinds[kind].values, value), pick(vi.statusKinds[kind].values, value))
    : said(value, value);

/** A list of words joined in each language. */
export const listWords = (words: Said[]): Said => said(words.map((w) => w.en).join(', '), words.map((w) => w.vi).join(', '));

/** A date YYYY-MM-DD as each language writes it: ISO in English messages, dd/mm/yyyy in Vietnamese ones. */
export const dateWord = (iso: string): Said => said(iso, vi.formatDate(iso));

/** An HQ status's name. */
export const hqStatusWord = (status: string): Said => said(pick(en.hqStatuses, status), pick(vi.hqStatuses, status));

/** A role's name. */
export const roleWord = (role: string): Said => said(pick(en.roles, role), pick(vi.roles, role));
