import { en } from './en.ts';
import { vi } from './vi.ts';
import type { Messages } from './types.ts';

export type { Messages };
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

export const messages: Record<Language, Messages> = { vi, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
