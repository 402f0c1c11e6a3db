// access — see index.ts. Access keys (and the berth tool's setup), secrets, and the
// workspace's settings.

import { ttlLabel } from "./common";
const harborTitle = (title: string) => `${title} · Harbor`;

function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

// ── Access keys ──────────────────────────────────────────────────────────────

export const ACCESS_KEYS_PAGE = Object.freeze({
  title: "Access keys",
  documentTitle: harborTitle("Access keys"),
  /** Around the tool's name, which is shown as code. */
  ledeBefore: "Each person or tool that uses this workspace from a terminal — the",
  ledeAfter:
    "command-line tool, a build server, an AI assistant — gets its own name and key. Keys can be replaced or taken away at any time.",
  newKeyHeading: "New access key",
  name: "Who or what is it for?",
  nameExample: "e.g. laptop",
  create: "Create key",
  created: (name: string) => `Made a key for ${name}.`,
  listCaption: "Names with a key to this workspace",
  nameColumn: "Name",
  createdColumn: "Created",
  limitColumn: "Deployments allowed",
  /** How long sites put online with the key stay, unless the berth tool is told otherwise. */
  lifetimeColumn: "Its sites stay online",
  noLimit: "No limit",
  none: "No access keys yet. The dashboard itself doesn't need one.",
} as const);

export const ACCESS_KEY_PAGE = Object.freeze({
  documentTitle: (name: string) => harborTitle(`${name} · Access keys`),
  allKeys: "All access keys",
  created: "Created",
  hasPutOnline: "Has put online",
  nothing: "Nothing",
  rotateHeading: "Replace the key",
  rotateExplained:
    "The current key stops working at once; anything using it (their berth tool, a build server) needs the new one.",
  rotate: "Replace key",
  rotated: (name: string) => `Replaced ${name}'s key.`,
  remove: (name: string) => `Remove ${name}`,
  removeExplained: "Their key stops working at once.",
  blockersIntro: (name: string) => `${name} still has things in this workspace:`,
  deployments: (n: number) => (n === 1 ? "1 deployment or sandbox" : `${n} deployments and sandboxes`),
  sharedSecrets: (n: number) => count(n, "secret shared with everyone", "secrets shared with everyone"),
  personalSecrets: (n: number) => count(n, "personal secret", "personal secrets"),
  /** Around the warning, which is shown in bold. */
  clearExplained: (name: string) =>
    `We can remove all of it, then ${name}. Their deployments go offline for good. To remove their personal secrets we have to replace their key first, so`,
  clearWarning: "their berth tool stops working at once",
  clear: (name: string) => `Remove everything and ${name}`,
  /** The questions asked before (app/components/confirm-step.tsx). */
  rotateAsk: (name: string) => `Replace ${name}'s key?`,
  rotateAskLines: [
    "The current key stops working at once.",
    "Anything using it — their berth tool, a build server — needs the new key, which we show you once.",
  ],
  rotateYes: "Yes, replace the key",
  removeAsk: (name: string) => `Remove ${name}?`,
  removeAskLines: ["Their key stops working at once.", "You can make a new key with the same name later."],
  removeYes: (name: string) => `Yes, remove ${name}`,
  clearAsk: (name: string) => `Remove everything of ${name}'s, then ${name}?`,
  clearAskLines: [
    "Their sites and sandboxes go offline for good.",
    "Their secrets are deleted.",
    "Their key is replaced first, so their berth tool stops working at once.",
  ],
  clearYes: (name: string) => `Yes, remove everything and ${name}`,
  removed: (name: string) => `Removed ${name}. Their key no longer works.`,
} as const);

/** What the access key forms say (app/forms/access-key-forms.ts) and what their actions answer. */
export const ACCESS_KEY_FORM_MESSAGES = Object.freeze({
  name: "Use 1–40 letters, numbers, dots, dashes or underscores, e.g. laptop or ci-bot.",
  reserved: "That name is taken by the workspace itself. Choose another.",
  addedWhileClearing: "Something was added while we were clearing. Please look again.",
} as const);

/** A new (or replaced) key, shown once, with the commands for the berth tool (app/components/cli-setup.tsx). */
export const CLI_SETUP = Object.freeze({
  readyHeading: (name: string) => `${name}'s key is ready`,
  newKeyHeading: (name: string) => `${name}'s new key`,
  keyLabel: (name: string) => `Key for ${name}`,
  shownOnce: "This is the only time we show it: we don't keep a copy. Copy it now and keep it somewhere safe.",
  howToUse: "To use it with the berth command-line tool, run:",
  copyCommands: "Copy commands",
} as const);

/** The Copy button beside something to copy (app/components/copy-button.tsx). */
export const COPY_BUTTON = Object.freeze({
  copy: "Copy",
  copied: "Copied",
} as const);

// ── Secrets ──────────────────────────────────────────────────────────────────

export const SECRETS_PAGE = Object.freeze({
  title: "Secrets",
  documentTitle: harborTitle("Secrets"),
  lede: "Passwords and tokens your apps need, such as an email service's key. Apps read them as settings when they start; nobody can read a value back once it's saved — not even you.",
  personal:
    "Each person with an access key can also keep personal secrets from their own berth tool. Those are theirs alone and aren't shown here.",
  /** Around the secret's name, which is shown in bold. */
  deleteAsk: (name: string) => `Delete the secret ${name}?`,
  deleteAskLine: "Apps that use it won't get it the next time they start.",
  deleteYes: "Yes, delete it",
  setHeading: "Add or change a secret",
  name: "Name",
  nameExample: "e.g. MAIL_API_KEY",
  value: "Value",
  note: "Note (optional)",
  whoCanUse: "Who can use it",
  everyoneChoice: "Everyone in this workspace, including access keys",
  dashboardChoice: "Only what's put online from this dashboard",
  save: "Save secret",
  listCaption: "Saved secrets (values are never shown)",
  nameColumn: "Name",
  whoColumn: "Who can use it",
  noteColumn: "Note",
  changedColumn: "Changed",
  actionsColumn: "Actions",
  everyone: "Everyone",
  dashboardOnly: "Dashboard only",
  delete: "Delete",
  deleteLabel: (name: string) => `Delete ${name}`,
  none: "No secrets yet.",
  saved: (name: string, created: boolean, restarted: readonly string[]) =>
    `${created ? "Saved" : "Updated"} ${name}.${restarted.length ? ` Restarted to pick it up: ${restarted.join(", ")}.` : ""}`,
  deleted: (name: string) => `Deleted ${name}.`,
} as const);

/** What the secret forms say about a field (app/forms/secret-forms.ts). */
export const SECRET_FORM_MESSAGES = Object.freeze({
  nameMissing: "Use capital letters, numbers and underscores, e.g. API_TOKEN.",
  name: "Use letters, numbers and underscores, starting with a letter, e.g. API_TOKEN.",
  value: "Please enter the secret's value.",
  valueTooLong: "That value is too long (64 KB at most).",
  descriptionTooLong: "Please keep the description to 200 characters.",
  scope: "Choose who can use it.",
} as const);

// ── Settings ─────────────────────────────────────────────────────────────────

export const SETTINGS_PAGE = Object.freeze({
  title: "Settings",
  documentTitle: harborTitle("Settings"),
  newDeploymentsHeading: "New deployments get",
  standardMemory: "Standard (512 MB)",
  standardProcessor: "Standard (half a processor core)",
  allowanceHeading: "Network allowance",
  allowanceExplained:
    'How much each deployment may send to its visitors. When it runs out, visitors see a "temporarily unavailable" page until the next period.',
  allowanceOn: "Limit what each new deployment may send",
  allowance: "Allowance",
  choose: "Choose…",
  startsAgain: "Starts again",
  save: "Save settings",
  saved: "Settings saved. They apply to what's put online from now on.",
  lifetimeHeading: "How long new sites stay online",
  lifetimeLabel: "New sites stay online",
  lifetimeExplained:
    "Used for sites put online from this dashboard, unless you choose otherwise when you put one online, and for access keys made from now on. Sandboxes always stay 4 hours unless you keep them longer.",
  lifetimeKeysKeepTheirs:
    "Access keys you made before a change keep the lifetime they were made with; the Access keys page shows each one's.",
  saveLifetime: "Save",
  lifetimeSaved: (ttl: string) =>
    ttl === "0" ? "Saved. New sites stay online until you delete them." : `Saved. New sites stay online for ${ttlLabel(ttl)}.`,
} as const);

/** What the settings form says (app/forms/deployment-defaults-form.ts). */
export const SETTINGS_FORM_MESSAGES = Object.freeze({
  notOffered: "One of those choices isn't included in this workspace's plan. Please choose from the lists.",
  allowanceMissing: "Choose the allowance, or switch the allowance off.",
} as const);
