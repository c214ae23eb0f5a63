import type { Role, ScopeKind, UserCreateBody, UserRecord, UserUpdateBody } from '../../api/client.ts';
import type { Messages } from '../../i18n/index.ts';

export const ROLE_OPTIONS: Role[] = ['commander', 'planner', 'border_officer', 'admin'];
export const SCOPE_KIND_OPTIONS: ScopeKind[] = ['all', 'province', 'communes'];
export const MIN_PASSWORD_LENGTH = 10;

const USERNAME = /^[A-Za-z0-9._-]{2,64}$/;
const PROVINCE_CODE = /^[0-9]{2}$/;

export interface CommuneOption {
  code: string;
  name: string;
}

/** What the create and edit forms hold while someone types. */
export interface UserDraft {
  username: string;
  displayName: string;
  /** New password; empty in the edit form means "keep it". */
  password: string;
  role: Role;
  scopeKind: ScopeKind;
  /** Comma-separated, as typed. */
  provinceCodes: string;
  communeCodes: string[];
  disabled: boolean;
}

export type DraftField = 'username' | 'displayName' | 'password' | 'provinceCodes' | 'communeCodes';
export type DraftErrors = Partial<Record<DraftField, string>>;

export function emptyDraft(provinceCode: string | null): UserDraft {
  return {
    username: '',
    displayName: '',
    password: '',
    role: 'commander',
    scopeKind: 'province',
    provinceCodes: provinceCode ?? '',
    communeCodes: [],
    disabled: false,
  };
}

export function draftOf(user: UserRecord, provinceCode: string | null): UserDraft {
  return {
    username: user.username,
    displayName: user.displayName,
    password: '',
    role: user.role,
    scopeKind: user.scopeKind,
    // Switching the scope kind to 'province' later starts from this province rather than from nothing.
    provinceCodes: (user.provinceCodes.length ? user.provinceCodes : provinceCode ? [provinceCode] : []).join(', '),
    communeCodes: [...user.communeCodes],
    disabled: user.disabled,
  };
}

/** `"11, 12 ,11"` → `['11', '12']`; null when any part is not a two-digit code. */
export function parseProvinceCodes(text: string): string[] | null {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.some((p) => !PROVINCE_CODE.test(p))) return null;
  return [...new Set(parts)];
}

/** Field problems, in the words of the current language; empty when the draft can be sent. */
export function validateDraft(d: UserDraft, mode: 'create' | 'edit', t: Messages): DraftErrors {
  const errors: DraftErrors = {};
  if (mode === 'create' && !USERNAME.test(d.username.trim())) errors.username = t.users.usernameInvalid;
  if ((mode === 'create' || d.password !== '') && d.password.length < MIN_PASSWORD_LENGTH) {
    errors.password = t.users.passwordTooShort;
  }
  if (d.scopeKind === 'province' && !parseProvinceCodes(d.provinceCodes)?.length) errors.provinceCodes = t.users.provinceCodesInvalid;
  if (d.scopeKind === 'communes' && d.communeCodes.length === 0) errors.communeCodes = t.users.communesNone;
  return errors;
}

/** Only the codes the chosen scope kind uses are sent, so a stale list of the other kind is not stored. */
function scopeOf(d: UserDraft) {
  return {
    provinceCodes: d.scopeKind === 'province' ? (parseProvinceCodes(d.provinceCodes) ?? []) : [],
    communeCodes: d.scopeKind === 'communes' ? [...new Set(d.communeCodes)].sort() : [],
  };
}

export function createBody(d: UserDraft): UserCreateBody {
  return {
    username: d.username.trim(),
    displayName: d.displayName.trim(),
    password: d.password,
    role: d.role,
    scopeKind: d.scopeKind,
    ...scopeOf(d),
  };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/** The changed fields with the version the editor started from; null when nothing changed. */
export function updateBody(d: UserDraft, user: UserRecord): UserUpdateBody | null {
  const body: UserUpdateBody = { version: user.version };
  const displayName = d.displayName.trim();
  if (displayName !== user.displayName) body.displayName = displayName;
  if (d.password) body.password = d.password;
  if (d.role !== user.role) body.role = d.role;
  if (d.disabled !== user.disabled) body.disabled = d.disabled;
  const scope = scopeOf(d);
  if (d.scopeKind !== user.scopeKind || !sameList(scope.provinceCodes, user.provinceCodes) || !sameList(scope.communeCodes, user.communeCodes)) {
    body.scopeKind = d.scopeKind;
    body.provinceCodes = scope.provinceCodes;
    body.communeCodes = scope.communeCodes;
  }
  return Object.keys(body).length > 1 ? body : null;
}

/**
 * Folds Vietnamese text for matching: no diacritics, đ → d, lower case. "Mường Nhé" matches "muong nhe".
 */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase();
}
