// Why an upload can't be used, in plain words. The checks live with the upload code
// (app/.server/uploads); the words live here with the rest of the vocabulary.

export type UploadProblem =
  "empty" | "too_large" | "too_large_expanded" | "too_many_files" | "unsupported_type" | "corrupt_archive" | "no_files";

export const UPLOAD_PROBLEMS: Readonly<Record<UploadProblem, string>> = Object.freeze({
  empty: "Please choose a file to upload — that one is empty.",
  too_large: "That file is bigger than 20 MB. Leave out large videos or images, or contact us.",
  too_large_expanded:
    "Unzipped, that file is bigger than we can take (40 MB, or 20 MB for one file). Leave out large videos or images.",
  too_many_files: "That .zip holds more than 5,000 files. Leave out folders that aren't needed, such as node_modules.",
  unsupported_type:
    "We can take a .zip or .tar.gz of your project's folder, or a single web file such as index.html. That file is a different kind.",
  corrupt_archive:
    "We couldn't open that .zip or .tar.gz — it may be damaged or password-protected. Please make it again and upload it.",
  no_files: "That .zip or .tar.gz has no files in it.",
});
