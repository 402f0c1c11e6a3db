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
  removeFile: "Remove",
  removeFileLabel: (path: string) => `Remove ${path}`,
  removeAsk: (path: string) => `Remove ${path}?`,
  removeAskLines: Object.freeze(["The file is deleted from the sandbox. This can't be undone."]),
  removeYes: (path: string) => `Yes, remove ${path}`,
  saved: (path: string) => `Saved ${path}.`,
  removed: (path: string) => `Removed ${path}.`,
  noSuchFile: (path: string) => `There's no file called ${path}.`,

  runHeading: "Run a command",
  command: "Command",
  commandExample: "e.g. ls",
  run: "Run",
  outcomeFinished: "Finished.",
  outcomeNotFound: "That command wasn't found.",
  outcomeCantRun: "That file can't be run.",
  outcomeTimedOut: "The command took too long, so it was stopped.",
  outcomeProblem: (code: number) => `The command stopped with a problem (code ${code}).`,
  ranCommand: "You ran:",
  exitCode: (code: number) => `Exit code ${code}`,
  filesListed: "Files in this sandbox",
  noFiles: "No files yet.",
  editFile: (path: string) => `Edit ${path}`,
  newFile: "New file",
  editing: (path: string) => `Editing ${path}`,

  installHeading: "Install packages",
  packages: "Packages",
  packagesExample: "e.g. zod dayjs",
  install: "Install",
  installed: (packages: readonly string[]) => `Installed ${packages.join(", ")}.`,

  promoteHeading: "Put it online for real",
  promoteExplained: "Turns this sandbox into a regular deployment, keeping its files. It gets a new address.",
  promote: "Make it a deployment",
  promoteAsk: (name: string) => `Make ${name} a deployment?`,
  promoteAddressChange: (from: string, to: string) => `Its address changes from ${from} to ${to}. The old address stops working.`,
  promoteAddressSame: (address: string) => `It keeps its address, ${address}, but goes offline for a moment while it's rebuilt.`,
  promoteAskLines: Object.freeze(["Its sandbox tools (files, commands, packages) go away; it runs as a regular site."]),
  promoteYes: "Yes, make it a deployment",
  promoted: (address: string) => `It's now a deployment. Its address is ${address}.`,

  startingHeading: "Getting ready",
  starting:
    "A new sandbox takes up to a minute to start (longer the first time, while its tools are fetched). Files, commands and packages can be used as soon as the status says Live. This page updates by itself.",

  activityHeading: "Activity",
  nothingYet: "Nothing yet.",
  refresh: "Refresh",

  deleteHeading: "Delete",
  deleteExplained: "Stops the sandbox and removes its files for good.",
  delete: "Delete sandbox",
  deleteAsk: (name: string) => `Delete the sandbox ${name}?`,
  deleteAskLines: Object.freeze(["It stops at once and its files are removed.", "This can't be undone."]),
  deleteYes: (name: string) => `Yes, delete ${name}`,
  deleted: (name: string) => `Deleted the sandbox ${name}.`,
} as const);

/** What the sandbox forms say when a field needs another look (app/forms/sandbox-forms.ts). */
export const SANDBOX_FORM_MESSAGES = Object.freeze({
  contentTooLong: "That's more than 1 MB; upload it as a deployment instead.",
  packagesMissing: "Name at least one package.",
  packageName: "Package names can't contain spaces or quotes.",
  tooManyPackages: "Please install 20 packages or fewer at a time.",
  command: "Type a command to run.",
  installFailed: "The packages couldn't be installed. The output below says why.",
} as const);
