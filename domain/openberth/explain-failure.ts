// Every OpenBerth refusal, translated into plain words (principles 03 and 07). The
// server's own messages stay in our logs; people read these.

/**
 * Everything that can go wrong talking to a workspace's OpenBerth server, in kinds the
 * rest of Harbor can act on. The one definition: server/openberth/openberth-error.ts
 * classifies HTTP answers into these, and this module words them.
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

const KNOWN_MESSAGES: readonly [RegExp, string][] = [
  [/Subdomain collision/i, "That name is already used by another deployment in this workspace. Please choose a different name."],
  [/Deployment limit reached/i, "This workspace has reached its number of deployments. Delete one you no longer need first."],
  [
    /Could not detect (project type|framework)/i,
    "We couldn't tell what kind of project this is. For a website, make sure there is an index.html at the top of the folder; for an app, include the file that lists what it needs (the one your app's tools made when you started it).",
  ],
  [
    /No dev command detected/i,
    'This project has no way to run in a sandbox: it needs a way to start while you work on it (for a Node app, a "dev" script). Put it online as a deployment instead.',
  ],
  [/Failed to (extract|parse upload)/i, "We couldn't open that upload. Please check the file and try again."],
  [/No tarball uploaded|No files provided/i, "Please choose a file to upload."],
  [/is locked/i, "This deployment is locked against changes. Unlock it first."],
  [
    /Cannot (update|protect|lock\/unlock) deployment in '(building|updating)' state/i,
    "This deployment is still getting ready. Try again in a moment.",
  ],
  [
    /Cannot (update|protect|lock\/unlock) deployment in '(\w+)' state/i,
    "This can't be changed while the deployment isn't running.",
  ],
  [/Sandbox is '(\w+)', not running/i, "This sandbox isn't running yet. Try again in a moment."],
  [/Not a sandbox/i, "That is a deployment, not a sandbox."],
  [/Secret "([^"]+)" not found/i, "One of the secrets you chose no longer exists."],
  [
    /already exists as a global secret/i,
    "A secret with that name is already shared with everyone in this workspace. Choose another name, or change that one.",
  ],
  [
    /already exists as a user secret/i,
    "A secret with that name already exists for the dashboard's own deployments. Choose another name.",
  ],
  [/User '.*' already exists/i, "Someone with that name already exists in this workspace. Choose another name."],
  [/Password must be at least/i, "Passwords need at least 8 characters."],
  [/Setting '.*' is not allowed/i, "That setting can't be changed."],
  [/Invalid op/i, "That change couldn't be applied."],
  [/Invalid mode/i, "Choose who may visit: everyone, people with a password, or people with an access key."],
  [/Username and password required/i, "Choose a username and a password for visitors."],
];

const BY_KIND: Readonly<Record<OpenBerthErrorKind, string>> = Object.freeze({
  unreachable: "We can't reach this workspace right now. Please try again in a moment.",
  unauthorized: "This workspace didn't accept our request. We've been told about it and are looking into it.",
  forbidden: "That belongs to someone else in this workspace, so it can't be changed from here.",
  not_found: "We couldn't find that. It may have been deleted or expired.",
  conflict: "That name is already taken here. Please choose another.",
  has_resources: "This person still owns deployments or secrets.",
  limit: "This workspace has reached its number of deployments. Delete one you no longer need first.",
  invalid: "That request couldn't be completed. Please check what you entered and try again.",
  server_error: "Something went wrong in this workspace. Please try again in a moment.",
  bad_response: "This workspace answered in a way we didn't expect. We've been told about it.",
});

export function explainOpenBerthFailure(kind: OpenBerthErrorKind, serverMessage: string): string {
  if (kind === "invalid" || kind === "conflict" || kind === "limit") {
    for (const [pattern, words] of KNOWN_MESSAGES) if (pattern.test(serverMessage)) return words;
  }
  return BY_KIND[kind];
}
