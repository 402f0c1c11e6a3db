import type { LeftOutReason } from "./archive-paths";
import { UploadError, type Bytes, type UploadLimits } from "./upload-types";

/** At most this many left-out names are kept to show; the count covers all of them. */
const LEFT_OUT_SHOWN = 10;

/**
 * How many archive records (kept or dropped, tar metadata headers included) we are
 * willing to walk, as a multiple of `maxEntries`. Dropped records cost work too; a
 * macOS zip doubles its entry count with `__MACOSX/` forks, and a long tar path takes
 * an extra header, hence the headroom.
 */
const RECORDS_PER_ENTRY = 4;

/**
 * What the archive readers keep, and the accounting that lets them refuse an archive
 * as soon as it goes over a limit. Paths given here are already normalised
 * (`keptArchivePath`). A later entry for the same file replaces the earlier one, as
 * extracting the archive would.
 */
export class FileTree {
  readonly files = new Map<string, Bytes>();
  readonly dirs = new Set<string>();
  /** What was not put online and why (the first few names), and how many in all. */
  readonly leftOut: { name: string; reason: LeftOutReason }[] = [];
  leftOutCount = 0;
  /** Entry data read so far, including data of entries then dropped: it all had to be inflated. */
  private dataBytes = 0;
  private records = 0;

  constructor(readonly limits: UploadLimits) {}

  /** How many records (headers, central directory entries) an archive may have at most. */
  maxRecords(): number {
    return this.limits.maxEntries * RECORDS_PER_ENTRY;
  }

  countRecord(): void {
    this.records += 1;
    if (this.records > this.maxRecords()) throw new UploadError("too_many_files");
  }

  /** The most the next kept file may hold, given what has been read already. */
  fileBudget(): number {
    return Math.min(this.limits.maxFileBytes, this.limits.maxExpandedBytes - this.dataBytes);
  }

  /** Account for entry data before reading it, so an oversized entry is never inflated. */
  spend(size: number, use: "kept" | "skipped"): void {
    if (use === "kept" && size > this.limits.maxFileBytes) throw new UploadError("too_large_expanded");
    if (this.dataBytes + size > this.limits.maxExpandedBytes) throw new UploadError("too_large_expanded");
    this.dataBytes += size;
  }

  addFile(path: string, content: Bytes): void {
    this.files.set(path, content);
    this.checkEntryCount();
  }

  /** An entry not put online: counted, and its name kept to tell the person (Mac extras only counted). */
  leaveOut(name: string, reason: LeftOutReason): void {
    if (reason === "mac_extras") return;
    this.leftOutCount += 1;
    if (this.leftOut.length < LEFT_OUT_SHOWN) this.leftOut.push({ name: name.slice(0, 200), reason });
  }

  addDir(path: string): void {
    this.dirs.add(path);
    this.checkEntryCount();
  }

  private checkEntryCount(): void {
    if (this.files.size + this.dirs.size > this.limits.maxEntries) throw new UploadError("too_many_files");
  }
}
