import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The access token a request was made with, for the audit log: every audit record written while the request is
 * handled names it (audit_log.token_id), in the same transaction as the change, whichever repository writes it.
 */
const store = new AsyncLocalStorage<{ tokenId: number }>();

/** Runs the rest of the request (Fastify's `done`) with the token as its context. */
export function runWithToken(tokenId: number, next: () => void): void {
  store.run({ tokenId }, next);
}

/** The token of the request being handled, or null for a browser session (or outside a request). */
export function currentTokenId(): number | null {
  return store.getStore()?.tokenId ?? null;
}
