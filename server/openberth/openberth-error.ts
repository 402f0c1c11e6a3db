import type { UserBlockers } from "./openberth-schemas";

/**
 * Everything that can go wrong talking to a workspace's OpenBerth server, in kinds the
 * rest of Harbor can act on. The server's own words stay in `serverMessage` for logs;
 * people see our words (domain vocabulary), never these.
 */
export type OpenBerthErrorKind =
  | "unreachable" // network error, timeout, or the server is not running (502/503)
  | "unauthorized" // 401: the key is wrong (e.g. rotated)
  | "forbidden" // 403: not this key's deployment, or not an admin
  | "not_found" // 404
  | "conflict" // 409: name taken, user exists
  | "has_resources" // 409 on user deletion, with what is in the way
  | "limit" // 429: deployment limit reached
  | "invalid" // 400: the request was refused (message says why)
  | "server_error" // 500
  | "bad_response"; // an answer that is not what the contract says

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
