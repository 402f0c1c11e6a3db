// Deployments: the list, a new deployment, one deployment, its activity log, and their
// forms — see index.ts. Status labels, owners, lifetimes and visitor access are shared with
// sandboxes and live in common.ts.

/** "Deployments · Dashboard · Harbor": a page's title in the browser tab. */
function tabTitle(...parts: readonly string[]): string {
  return [...parts, "Harbor"].join(" · ");
}

const WORKSPACE = "Workspace";

// ── The list ─────────────────────────────────────────────────────────────────

export const DEPLOYMENTS_PAGE = Object.freeze({
  title: "Deployments",
  newDeployment: "New deployment",
  newSandbox: "New sandbox",
  emptyTitle: "Nothing online yet",
  emptyBody:
    "Upload a website or an app — as a .zip or .tar.gz of its folder, a single file, or pasted code — and it gets its own web address.",
  caption: "Everything running in this workspace, whoever put it there",
  columns: Object.freeze({
    name: "Name",
    status: "Status",
    address: "Address",
    owner: "Put online by",
    created: "Created",
    expires: "Expires",
  }),
  sandboxTag: "Sandbox",
  notOnline: "Not online",
  /** A deployment that stays until someone deletes it. */
  neverExpires: "Never",
});

export function deploymentsTabTitle(workspaceName: string | undefined): string {
  return tabTitle(DEPLOYMENTS_PAGE.title, workspaceName ?? WORKSPACE);
}

/** How many deployments the workspace has, against its plan's limit when it has one. */
export function deploymentCountText(used: number, max: number | null): string {
  return max === null ? `${used} in this workspace` : `${used} of ${max} in this workspace, sandboxes included`;
}

// ── A new deployment ─────────────────────────────────────────────────────────

export const NEW_DEPLOYMENT_PAGE = Object.freeze({
  title: "New deployment",
  uploadHeading: "Upload your project",
  uploadHint: "A .zip or .tar.gz of the project's folder, or a single file such as index.html. Up to 20 MB.",
  fileLabel: "File",
  uploading: "Uploading…",
  putOnline: "Put it online",
  pasteHeading: "Or paste code",
  nameLabel: "Name",
  nameHint: "Becomes part of its web address: letters, numbers and dashes.",
  fileNameLabel: "File name",
  codeLabel: "Code",
});

export function newDeploymentTabTitle(workspaceName: string | undefined): string {
  return tabTitle(NEW_DEPLOYMENT_PAGE.title, workspaceName ?? WORKSPACE);
}

// ── One deployment ───────────────────────────────────────────────────────────

export const DEPLOYMENT_PAGE = Object.freeze({
  /** The tab's title while the deployment's name isn't known. */
  untitled: "Deployment",
  allDeployments: "All deployments",
  statusHeading: "Status",
  facts: Object.freeze({
    address: "Address",
    owner: "Put online by",
    created: "Created",
    expires: "Expires",
    visitors: "Who may visit",
  }),
  seeLog: "See its activity log",
  redeployHeading: "Put a new version online",
  redeployFileLabel: "File (.zip, .tar.gz or a single file)",
  redeployButton: "Upload new version",
  detailsHeading: "Details",
  titleLabel: "Title",
  titleHint: "How it's named in Harbor. Its address keeps its name.",
  descriptionLabel: "Description",
  ttlLabel: "Stay online for (from now)",
  keepTtl: "Keep as it is",
  saveDetails: "Save details",
  detailsSaved: "Saved.",
  visitorsHeading: "Who may visit",
  visitorsLegend: "Visitors",
  usernameLabel: "Username (for a password)",
  passwordLabel: "Password (at least 8 characters)",
  saveVisitors: "Save who may visit",
  visitorsSaved: "Who may visit has been updated.",
  visitorKeyLabel: "Access key for visitors",
  visitorKeyHint:
    "Give it to the app or script that visits your site; it sends the key with every visit. It's shown only now: copy it somewhere safe.",
  deleteHeading: "Delete",
  deleteExplained: "Takes it offline and removes its files for good.",
  deleteButton: "Delete deployment",
  deleteAsk: (name: string) => `Delete ${name}?`,
  deleteAskLines: Object.freeze(["It goes offline at once and its files are removed.", "This can't be undone."]),
  deleteYes: (name: string) => `Yes, delete ${name}`,
  deleted: (name: string) => `Deleted ${name}.`,
  newVersionStarted: "Your new version is on its way. It's live as soon as the status says so.",
  visit: "Visit site",
  copyAddress: "Copy address",
  notOnlineYet: "Not online yet",
  /** The deployment's name, which its address is made from (its title may differ). */
  nameFact: "Name (in its address)",
  lifetimeFact: "Stays online",
  moreOptions: "Memory and processor",
  moreOptionsHint: "Leave these as they are unless your app needs more.",
  neverExpires: DEPLOYMENTS_PAGE.neverExpires,
});

export function deploymentTabTitle(name: string | undefined): string {
  return tabTitle(name || DEPLOYMENT_PAGE.untitled);
}

/** The address of a deployment that isn't online, e.g. "http://shop… (not online)". */
export function offlineAddress(url: string): string {
  return `${url} (not online)`;
}

// ── Its activity log ─────────────────────────────────────────────────────────

export const DEPLOYMENT_LOG_PAGE = Object.freeze({
  title: "Activity log",
  back: "Back to the deployment",
  about: "What the running app prints: visits, messages and errors, newest last. Building messages aren't kept here.",
  refresh: "Refresh",
  empty: "Nothing yet — nothing is running, or it hasn't printed anything.",
  following: "Following live",
});

/** An activity-log line in plain words (domain/openberth/log-lines.ts). */
export const LOG_LINE_WORDS = Object.freeze({
  visit: (method: string, path: string) =>
    method === "GET" || method === "HEAD" ? `A visit to ${path}` : `Something sent to ${path}`,
  outcome: (status: number): string => {
    if (status === 304) return "Not changed since last time";
    if (status === 401) return "Asked for the password";
    if (status === 403) return "Turned away";
    if (status === 404) return "Page not found";
    if (status >= 500) return "The app had a problem";
    if (status >= 300) return "Sent to another address";
    if (status >= 400) return "Refused";
    return "Shown";
  },
  rawToggle: "Show the lines exactly as they were written",
});

/** The page's heading: "Activity log: shop", or just "Activity log" before the name is known. */
export function deploymentLogHeading(name: string): string {
  return name ? `${DEPLOYMENT_LOG_PAGE.title}: ${name}` : DEPLOYMENT_LOG_PAGE.title;
}

export function deploymentLogTabTitle(name: string | undefined): string {
  return name ? tabTitle(DEPLOYMENT_LOG_PAGE.title, name) : tabTitle(DEPLOYMENT_LOG_PAGE.title);
}

// ── Lifetime, memory and processors (new deployments, new versions, sandboxes) ─

export const RESOURCE_FIELD_LABELS = Object.freeze({
  ttl: "Stay online for",
  memory: "Memory",
  cpus: "Processor",
  /** The first choice: whatever the workspace's settings say. */
  workspaceDefault: "Workspace default",
});

// ── Deployment forms ─────────────────────────────────────────────────────────

/** What the deployment forms say about a field (app/forms/deployment-forms.ts). */
export const DEPLOYMENT_FORM_MESSAGES = Object.freeze({
  name: "Please give it a name of up to 40 letters, numbers or dashes.",
  ttl: "Please choose how long it should stay online.",
  fileName: "Please name the file, for example index.html.",
  code: "Please paste the code to put online.",
  codeTooLong: "That's more than we can take pasted (1 MB). Upload it as a file instead.",
  notAFile: "Please choose a file to upload.",
  titleTooLong: "Please keep the title to 100 characters.",
  descriptionTooLong: "Please keep the description to 500 characters.",
  visitorUsername: "Choose a username for visitors.",
  visitorUsernameTooLong: "Please keep the username to 64 characters.",
  visitorPassword: "Choose a password of at least 8 characters.",
  visitorPasswordTooLong: "Please keep the password to 128 characters.",
});

/** Why files of an upload were not put online, and which (the first few). */
const LEFT_OUT_REASONS: Readonly<Record<string, string>> = Object.freeze({
  unsafe_name: "its name points outside the site or has hidden characters",
  link_or_special: "it is a shortcut (link) or a special file, not a regular file",
});

export function leftOutSentence(names: { name: string; reason: string }[], count: number): string {
  const listed = names.map((n) => `${n.name} (${LEFT_OUT_REASONS[n.reason] ?? LEFT_OUT_REASONS.unsafe_name})`).join("; ");
  const more = count > names.length ? ` and ${count - names.length} more` : "";
  return `${count === 1 ? "One file was" : `${count} files were`} left out of what you uploaded: ${listed}${more}. Everything else is online.`;
}
