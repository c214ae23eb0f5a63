import type { FastifyRequest } from 'fastify';

/** Languages the API answers messages in; English unless the request asks for Vietnamese. */
export type Lang = 'en' | 'vi';

/** A message meant for a person, in both languages the interface speaks. */
export interface Said {
  en: string;
  vi: string;
}

export const said = (en: string, vi: string): Said => ({ en, vi });

/** The request's language from its Accept-Language header: Vietnamese when its first choice is `vi`, else English. */
export function langOf(req: Pick<FastifyRequest, 'headers'>): Lang {
  const first = String(req.headers['accept-language'] ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first === 'vi' || first.startsWith('vi-') ? 'vi' : 'en';
}

/** The message in one language. */
export const inLang = (s: Said, lang: Lang): string => s[lang];
