import { archiveEntryPath } from "./archive-paths";
import { crc32 } from "./crc32";
import { inflateRaw } from "./decompress";
import type { FileTree } from "./file-tree";
import { UploadError, type Bytes } from "./upload-types";
import { decodeZipName } from "./zip-names";

/**
 * Reads a zip into a FileTree from its central directory (the authority on what the
 * zip holds; local headers may say 0 when a data descriptor follows). Stored and
 * deflated entries only; encrypted entries and zip64 are refused as unreadable.
 * Declared sizes are checked against the limits before anything is inflated, and the
 * inflated bytes are counted again, because a zip bomb's directory lies.
 */
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const END_RECORD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;

const STORED = 0;
const DEFLATED = 8;
const FLAG_ENCRYPTED = 0x0001;
/** Host systems whose external attributes carry a Unix mode in the high 16 bits. */
const UNIX_HOSTS = new Set([3, 19]); // Unix, OS X
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const MSDOS_DIRECTORY = 0x10;

interface CentralRecord {
  name: string;
  kind: "file" | "dir" | "other";
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

interface PlannedFile {
  path: string;
  record: CentralRecord;
  dataStart: number;
}

export function readZip(bytes: Bytes, tree: FileTree): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = readEndRecord(view);
  const records = readCentralDirectory(bytes, view, end, tree);
  const planned = planFiles(records, tree);
  locateData(view, planned, end.cdOffset);
  for (const { path, record, dataStart } of planned) {
    const data = bytes.subarray(dataStart, dataStart + record.compressedSize);
    let content: Bytes;
    if (record.method === STORED) {
      if (record.compressedSize !== record.size) throw new UploadError("corrupt_archive");
      content = data;
    } else {
      content = inflateRaw(data, record.size, tree.fileBudget());
      // Whatever it declared, an entry that inflated to another size is damaged.
      if (content.length !== record.size) throw new UploadError("corrupt_archive");
    }
    if (crc32(content) !== record.crc) throw new UploadError("corrupt_archive");
    tree.spend(content.length, "kept");
    tree.addFile(path, content);
  }
}

interface EndRecord {
  entries: number;
  cdOffset: number;
  cdSize: number;
}

/** The end-of-central-directory record, found backwards past a comment of up to 64 KiB. */
function readEndRecord(view: DataView): EndRecord {
  const last = view.byteLength - END_RECORD_BYTES;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT_BYTES; at--) {
    if (view.getUint32(at, true) !== END_OF_CENTRAL_DIRECTORY) continue;
    // The signature can occur inside a comment; a real record's comment fits the file.
    if (at + END_RECORD_BYTES + view.getUint16(at + 20, true) > view.byteLength) continue;
    if (at >= 20 && view.getUint32(at - 20, true) === ZIP64_LOCATOR) throw new UploadError("corrupt_archive");
    const disk = view.getUint16(at + 4, true);
    const cdDisk = view.getUint16(at + 6, true);
    const diskEntries = view.getUint16(at + 8, true);
    const entries = view.getUint16(at + 10, true);
    const cdSize = view.getUint32(at + 12, true);
    const cdOffset = view.getUint32(at + 16, true);
    // Split archives and zip64 markers (0xffff…) are not something we read.
    if (disk !== 0 || cdDisk !== 0 || diskEntries !== entries || entries === 0xffff) throw new UploadError("corrupt_archive");
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff || cdOffset + cdSize > at) throw new UploadError("corrupt_archive");
    return { entries, cdOffset, cdSize };
  }
  throw new UploadError("corrupt_archive");
}

function readCentralDirectory(bytes: Bytes, view: DataView, end: EndRecord, tree: FileTree): CentralRecord[] {
  const records: CentralRecord[] = [];
  const limit = end.cdOffset + end.cdSize;
  let at = end.cdOffset;
  for (let i = 0; i < end.entries; i++) {
    tree.countRecord();
    if (at + 46 > limit || view.getUint32(at, true) !== CENTRAL_HEADER) throw new UploadError("corrupt_archive");
    const madeBy = view.getUint16(at + 4, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > limit) throw new UploadError("corrupt_archive");
    const name = decodeZipName(
      bytes.subarray(at + 46, at + 46 + nameLength),
      bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength),
    );
    records.push({
      name,
      kind: entryKind(name, madeBy >> 8, view.getUint32(at + 38, true)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    });
    at = next;
  }
  return records;
}

function entryKind(name: string, host: number, externalAttributes: number): CentralRecord["kind"] {
  if (name.endsWith("/") || name.endsWith("\\")) return "dir";
  if (UNIX_HOSTS.has(host)) {
    const type = (externalAttributes >>> 16) & S_IFMT;
    if (type === S_IFDIR) return "dir";
    // Symlinks, devices, FIFOs; 0 means the tool recorded no mode, i.e. a plain file.
    if (type !== S_IFREG && type !== 0) return "other";
  }
  return externalAttributes & MSDOS_DIRECTORY ? "dir" : "file";
}

/** Keeps directories, and lists the files to read once their declared sizes fit the limits. */
function planFiles(records: CentralRecord[], tree: FileTree): PlannedFile[] {
  const planned: PlannedFile[] = [];
  let declaredBytes = 0;
  for (const record of records) {
    const entry = archiveEntryPath(record.name);
    if (!("path" in entry) || record.kind === "other") {
      if (!record.name.endsWith("/")) tree.leaveOut(record.name, "leftOut" in entry ? entry.leftOut : "link_or_special");
      continue;
    }
    const { path } = entry;
    if (record.kind === "dir") {
      tree.addDir(path);
      continue;
    }
    if (record.flags & FLAG_ENCRYPTED) throw new UploadError("corrupt_archive");
    if (record.method !== STORED && record.method !== DEFLATED) throw new UploadError("corrupt_archive");
    if (record.size === 0xffffffff || record.compressedSize === 0xffffffff) throw new UploadError("corrupt_archive"); // zip64
    declaredBytes += record.size;
    if (record.size > tree.limits.maxFileBytes || declaredBytes > tree.limits.maxExpandedBytes) {
      throw new UploadError("too_large_expanded");
    }
    planned.push({ path, record, dataStart: 0 });
  }
  return planned;
}

/**
 * Finds each file's data after its local header, and refuses entries whose data
 * overlaps another's or runs into the central directory: overlapping entries are how
 * the densest zip bombs reuse one compressed stream many times.
 */
function locateData(view: DataView, planned: PlannedFile[], cdOffset: number): void {
  const byOffset = [...planned].sort((a, b) => a.record.localOffset - b.record.localOffset);
  let previousEnd = 0;
  for (const file of byOffset) {
    const at = file.record.localOffset;
    if (at < previousEnd || at + 30 > cdOffset || view.getUint32(at, true) !== LOCAL_HEADER) {
      throw new UploadError("corrupt_archive");
    }
    file.dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    previousEnd = file.dataStart + file.record.compressedSize;
    if (previousEnd > cdOffset) throw new UploadError("corrupt_archive");
  }
}
