/** Turning an upload into the gzip tarball OpenBerth accepts (API.md §3.1). */
export { prepareUpload } from "./prepare-upload";
export { tarballFromFiles } from "./tarball-from-files";
export { uploadKindFor } from "./upload-kind";
export { DEFAULT_UPLOAD_LIMITS } from "./upload-types";
export type { PreparedUpload, UploadKind, UploadLimits, UploadProblem } from "./upload-types";
