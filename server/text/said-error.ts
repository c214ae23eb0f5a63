import { said, type Said } from './lang.ts';

/** An error whose message is meant for a person, in both languages; `message` is the English wording. */
export class SaidError extends Error {
  constructor(readonly said: Said) {
    super(said.en);
    this.name = 'SaidError';
  }
}

/** Both wordings of an error: its own when it carries them, else its message (technical text, e.g. from a library) for both. */
export function saidOf(err: unknown): Said {
  if (err instanceof SaidError) return err.said;
  const text = err instanceof Error ? err.message : String(err);
  return said(text, text);
}
