/**
 * The rows one OpenBerth server keeps (its SQLite tables, plus what Docker knows about each
 * deployment's container). Responses are built from these in views.ts.
 */
import type { FileTree } from "./file-tree.ts";

export type Role = "admin" | "user";

export interface UserRecord {
  id: string;
  name: string;
  role: Role;
  maxDeployments: number;
  defaultTtlHours: number;
  displayName: string;
  createdAtMs: number;
  /** sha256 of the API key: the key itself is only ever shown once. */
  keyHash: string;
  /** "" when the user has no password. */
  passwordHash: string;
}

/** The DB lifecycle column (`types/enums.go`); `destroyed` is never stored. */
export type DeployStatus = "building" | "running" | "updating" | "failed";

export interface DeploymentRecord {
  id: string;
  userId: string;
  name: string;
  title: string;
  description: string;
  subdomain: string;
  framework: string;
  mode: "deploy" | "sandbox";
  status: DeployStatus;
  ttlHours: number;
  /** `YYYY-MM-DD HH:MM:SS`, or "" for no expiry. */
  expiresAt: string;
  createdAtMs: number;
  /** Insertion order: breaks ties between rows created in the same second. */
  seq: number;
  /** User-supplied env only; secret values are resolved when a container starts. */
  env: Record<string, string>;
  secrets: string[];
  memory: string;
  cpus: string;
  networkQuota: string;
  accessMode: string;
  accessUser: string;
  /** Password hash (basic_auth) or the key itself (api_key), as upstream stores it. */
  accessHash: string;
  /** Comma-separated usernames (user mode). */
  accessUsers: string;
  locked: boolean;
  /** Host-side proxy port; 0 until the first container runs. */
  port: number;
  /** Whether a runtime container exists (what `docker inspect` would find). */
  container: boolean;
  /** The source tree (`deploys/<id>/`). */
  files: FileTree;
  /** What the running container serves: a deploy keeps serving its last good build during an update. */
  liveFiles: FileTree;
  /** Bumped whenever `files` changes, so persistence rewrites only changed trees. */
  filesVersion: number;
  /** The container's combined stdout/stderr (`docker logs`). */
  logs: string[];
}

export interface SecretRecord {
  /** null for a global secret. */
  userId: string | null;
  scope: "user" | "global";
  name: string;
  description: string;
  value: string;
  /** Who first created it; only ever written on insert. */
  createdBy: string | null;
  createdAtMs: number;
  /** `YYYY-MM-DD HH:MM:SS` (read back as stored text). */
  updatedAt: string;
}
