/**
 * Authorization codes the stand-in has issued, and who each one signs in.
 *
 * A code is good for one exchange within ten minutes, as with Google. `take` removes the
 * code whether or not the exchange then succeeds, so a code that failed once (say, a wrong
 * PKCE verifier) cannot be retried.
 */
import type { Identity } from "./identities.ts";

export interface Grant {
  identity: Identity;
  clientId: string;
  redirectUri: string;
  scope: string;
  /** The library only checks PKCE when a verifier is sent; we insist on it when a challenge was. */
  hasCodeChallenge: boolean;
  issuedAt: number;
}

export const CODE_LIFETIME_MS = 10 * 60 * 1000;

export class GrantStore {
  readonly #grants = new Map<string, Grant>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  issue(code: string, grant: Omit<Grant, "issuedAt">): void {
    this.#forgetExpired();
    this.#grants.set(code, { ...grant, issuedAt: this.#now() });
  }

  /** The grant for a live code, removing it; undefined for unknown, used or expired codes. */
  take(code: string): Grant | undefined {
    const grant = this.#grants.get(code);
    this.#grants.delete(code);
    if (grant === undefined || this.#isExpired(grant)) return undefined;
    return grant;
  }

  #isExpired(grant: Grant): boolean {
    return this.#now() - grant.issuedAt > CODE_LIFETIME_MS;
  }

  // Codes nobody redeems would otherwise pile up for as long as the stand-in runs.
  #forgetExpired(): void {
    for (const [code, grant] of this.#grants) if (this.#isExpired(grant)) this.#grants.delete(code);
  }
}
