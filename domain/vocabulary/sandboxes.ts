// sandboxes — see index.ts. The words of the new-sandbox page and a sandbox's own page.

const harborTitle = (title: string) => `${title} · Harbor`;

// ── New sandbox ──────────────────────────────────────────────────────────────

export const SANDBOX_NEW_PAGE = Object.freeze({
  title: "New sandbox",
  documentTitle: harborTitle("New sandbox"),
  lede: "A sandbox is a place to try code live: change files, install packages and run commands, then put it online for real when you're happy.",
  name: "Name",
  fileName: "First file's name",
  code: "Its contents",
  submit: "Start the sandbox",
} as const);

// ── A sandbox ────────────────────────────────────────────────────────────────

export const SANDBOX_PAGE = Object.freeze({
  documentTitle: (name: string | undefined) => harborTitle(name ?? "Sandbox"),
  tag: "Sandbox",
  allDeployments: "All deployments",
  status: "Status",
  address: "Address:",
  notRunningYet: (address: string) => `${address} (not running yet)`,

  filesHeading: "Files",
  filePath: "File name",
  filePathExample: "e.g. notes.txt or src/app.js",
  fileContents: "Contents",
  saveFile: "Save file",
  removePath: "Remove a file",
  removeFile: "Remove",
  saved: (path: string) => `Saved ${path}.`,
  removed: (path: string) => `Removed ${path}.`,
  noSuchFile: (path: string) => `There is no file called ${path} in this sandbox, so nothing was removed.`,

  runHeading: "Run a command",
  command: "Command",
  commandExample: "e.g. ls",
  run: "Run",
  finished: (exitCode: number) => (exitCode === 0 ? "Finished." : `Finished with code ${exitCode}.`),

  installHeading: "Install packages",
  packages: "Packages",
  packagesExample: "e.g. zod dayjs",
  install: "Install",
  installed: (packages: readonly string[]) => `Installed ${packages.join(", ")}.`,

  promoteHeading: "Put it online for real",
  promoteExplained: "Turns this sandbox into a regular deployment, keeping its files.",
  promote: "Make it a deployment",

  activityHeading: "Activity",
  nothingYet: "Nothing yet.",
  refresh: "Refresh",

  deleteHeading: "Delete",
  deleteConfirm: "Yes, delete this sandbox and its files",
  delete: "Delete sandbox",
} as const);

/** What the sandbox forms say when a field needs another look (app/forms/sandbox-forms.ts). */
export const SANDBOX_FORM_MESSAGES = Object.freeze({
  contentTooLong: "That's more than 1 MB; upload it as a deployment instead.",
  packagesMissing: "Name at least one package.",
  packageName: "Package names can't contain spaces or quotes.",
  tooManyPackages: "Please install 20 packages or fewer at a time.",
  command: "Type a command to run.",
  deleteConfirm: "Tick the box to confirm you want to delete it.",
  installFailed: "The packages couldn't be installed. The output below says why.",
} as const);
