import type { OpenBerthErrorKind } from "../../domain/openberth/explain-failure";
import type { UserBlockers } from "./openberth-schemas";

// The kinds are the domain's (domain/openberth/explain-failure.ts), which words them for people.
export type { OpenBerthErrorKind };

/**
 * Everything that can go wrong talking to a workspace's OpenBerth server, as one of the
 * domain's kinds. The server's own words stay in `serverMessage` for logs; people see our
 * words (domain vocabulary), never these.
 */
export class OpenBerthError extends Error {
  override name = "OpenBerthError";
  readonly kind: OpenBerthErrorKind;
  readonly status: number | null;
  readonly serverMessage: string;
  readonly blockers: UserBlockers | null;

  constructor(kind: OpenBerthErrorKind, status: number | null, serverMessage: string, blockers: UserBlockers | null = null) {
    super(`OpenBerth ${kind}${status ? ` (${status})` : ""}: ${serverMessage}`);
    this.kind = kind;
    this.status = status;
    this.serverMessage = serverMessage;
    this.blockers = blockers;
  }
}

export function kindForStatus(status: number): OpenBerthErrorKind {
  if (status === 400) return "invalid";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "limit";
  if (status === 502 || status === 503 || status === 504) return "unreachable";
  if (status >= 500) return "server_error";
  return "bad_response";
}
