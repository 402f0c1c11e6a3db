/**
 * What an upload may be, how big it may get, and the ways it can be refused. Every
 * refusal is a `problem` the UI can word for people; bad input never throws.
 */
import type { LeftOutReason } from "./archive-paths";

export type Bytes = Uint8Array<ArrayBuffer>;

export type UploadKind = "tar.gz" | "zip" | "file";

export interface UploadLimits {
  /** The upload itself, as received. */
  maxUploadBytes: number;
  /** Sum of the files' contents once unpacked (zip bombs are small on the wire). */
  maxExpandedBytes: number;
  /** Files and directories kept from the archive. */
  maxEntries: number;
  /** Any one file once unpacked. */
  maxFileBytes: number;
}

const MiB = 1024 * 1024;

/** Well under OpenBerth's own caps (100 MiB per file, 2 GiB, 50 000 entries; API.md §3.1). */
/**
 * A Worker has 128 MB of memory, and an upload is held three times over (as uploaded,
 * unpacked, packed again): these limits keep the worst case well inside it.
 */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxUploadBytes: 20 * MiB,
  maxExpandedBytes: 40 * MiB,
  maxEntries: 5000,
  maxFileBytes: 20 * MiB,
};

export type UploadProblem =
  | "empty" // no file, or 0 bytes
  | "too_large" // the upload is over maxUploadBytes
  | "too_large_expanded" // contents over maxExpandedBytes, or one file over maxFileBytes
  | "too_many_files" // over maxEntries
  | "unsupported_type" // not an archive we read, nor a single file we can serve
  | "corrupt_archive" // bad gzip/tar/zip structure, CRC mismatch, truncated, encrypted, zip64
  | "no_files"; // the archive holds no regular files

export type PreparedUpload =
  | {
      ok: true;
      tarball: Bytes;
      fileCount: number;
      expandedBytes: number;
      topLevelNames: string[];
      /** Entries not put online and why (the first few), and how many in all. */
      leftOut: { name: string; reason: LeftOutReason }[];
      leftOutCount: number;
    }
  | { ok: false; problem: UploadProblem };

/**
 * Thrown deep inside the readers so they can stop at the first problem; `prepareUpload`
 * turns it into `{ ok: false, problem }`. Anything else thrown is a bug.
 */
export class UploadError extends Error {
  override name = "UploadError";
  readonly problem: UploadProblem;

  constructor(problem: UploadProblem) {
    super(`upload refused: ${problem}`);
    this.problem = problem;
  }
}
