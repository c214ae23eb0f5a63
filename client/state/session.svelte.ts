import type { SessionInfo, SessionUser } from '../../server/schemas/auth.ts';

export type SessionStatus = 'unknown' | 'anonymous' | 'authenticated';
/** Why the login page is showing, when it is not simply the start of the app. */
export type SignedOutReason = 'expired' | 'logged-out' | 'unreachable';

/**
 * Who is logged in. The session cookie is httpOnly and never seen here; the CSRF token lives only in
 * memory, so a reload asks the server again (GET /api/auth/session).
 */
class SessionState {
  status = $state<SessionStatus>('unknown');
  user = $state.raw<SessionUser | null>(null);
  csrfToken = $state<string | null>(null);
  expiresAt = $state<string | null>(null);
  reason = $state<SignedOutReason | null>(null);
  /** Offered again on the login page after an expiry, so only the password has to be retyped. */
  lastUsername = $state('');
  /**
   * Bumped at every sign-in and sign-out. A request remembers the epoch it started in, so that a late
   * 401 from a previous session cannot log out the next one.
   */
  epoch = 0;

  get isAdmin(): boolean {
    return this.user?.role === 'admin';
  }

  signIn(info: SessionInfo): void {
    this.epoch++;
    this.update(info);
    this.reason = null;
    this.status = 'authenticated';
  }

  /** Same session, fresh details (after a password change the server may rotate the CSRF token). */
  update(info: SessionInfo): void {
    this.user = info.user;
    this.csrfToken = info.csrfToken;
    this.expiresAt = info.expiresAt;
    this.lastUsername = info.user.username;
  }

  signOut(reason: SignedOutReason | null = null): void {
    this.epoch++;
    this.user = null;
    this.csrfToken = null;
    this.expiresAt = null;
    this.reason = reason;
    this.status = 'anonymous';
  }

  /** The server answered 401 to a request made in `epoch`: that session is over. */
  expire(epoch: number): void {
    if (epoch === this.epoch && this.status === 'authenticated') this.signOut('expired');
  }
}

export const session = new SessionState();
