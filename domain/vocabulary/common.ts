// Words used across the product: status labels, refusals, plans and regions, dates and
// sizes, forms. Area files hold the words of one part of the product.
import type { Region } from "../regions";
import type { Role } from "../permissions";
import type { SuspensionReason, WorkspaceState } from "../lifecycle/states";
import type { TrialStatus } from "../trial";
import { getPlan } from "../plans/catalog";
import { parseSize } from "../plans/sizes";

// ── Workspace status ─────────────────────────────────────────────────────────

/** The only status words users see; eight internal states fold into these. */
export const STATUS_LABELS = Object.freeze({
  settingUp: "Setting up",
  ready: "Ready",
  paused: "Paused",
  trouble: "Having trouble",
  deleting: "Deleting",
  deleted: "Deleted",
} as const);
export type StatusLabel = (typeof STATUS_LABELS)[keyof typeof STATUS_LABELS];

/** One plain line per state. "suspended" has a better line per reason below. */
export const STATE_DESCRIPTIONS: Readonly<Record<WorkspaceState, string>> = Object.freeze({
  pending: "We're getting your workspace ready. This usually takes a few seconds.",
  provisioning: "We're setting up your workspace. This usually takes a few seconds.",
  ready: "Your workspace is up and running.",
  suspended: "This workspace is paused. Your work is kept safe.",
  failed: "This workspace has run into a problem. We've been told about it and are looking into it.",
  unknown: "We can't reach this workspace right now. We're checking on it.",
  deprovisioning: "This workspace is being deleted.",
  deleted: "This workspace has been deleted.",
});

/** Why a workspace is paused and how to switch it back on. */
export const PAUSED_DESCRIPTIONS: Readonly<Record<SuspensionReason, string>> = Object.freeze({
  trial_ended:
    "Your free trial has ended, so this workspace is paused. Your work is kept safe; choose a plan to switch it back on.",
  payment_failed:
    "We couldn't take your last payment, so this workspace is paused. Your work is kept safe; update your payment details to switch it back on.",
  downgrade:
    "Your current plan doesn't include this workspace, so it is paused. Your work is kept safe; upgrade your plan, or choose it as one to keep, to switch it back on.",
  plan_ended: "Your plan has ended, so this workspace is paused. Your work is kept safe; choose a plan to switch it back on.",
});

// ── Trial ────────────────────────────────────────────────────────────────────

/** The billing page's fold over TRIAL_ROUNDING_NOTE (the only page that explains it). */
export const TRIAL_ROUNDING_SUMMARY = "How days are counted";
export const TRIAL_ROUNDING_NOTE =
  "Days left are counted in calendar days in your time zone: the day before your trial ends shows 1 day left, and on its last day we say your trial ends today.";

/** Countdown line for the dashboard; null when the account has no trial. */
export function trialCountdownText(status: TrialStatus): string | null {
  switch (status.kind) {
    case "none":
      return null;
    case "active":
      return `${status.daysLeft} ${status.daysLeft === 1 ? "day" : "days"} left in your trial`;
    case "ends-today":
      return "Your trial ends today";
    case "ended":
      return "Your trial has ended";
  }
}

// ── Names ────────────────────────────────────────────────────────────────────

export const REGION_NAMES: Readonly<Record<Region, string>> = Object.freeze({
  "eu-west": "Europe (EU)",
  "us-east": "United States (US)",
});

export function regionName(region: Region): string {
  return REGION_NAMES[region];
}

export const ROLE_NAMES: Readonly<Record<Role, string>> = Object.freeze({
  owner: "Owner",
  admin: "Admin",
  member: "Member",
});

/**
 * A plan's display name (kept with the plan in the catalog), e.g. "Pro".
 * An unknown id gives "current", which still reads well in "Your … plan".
 */
export function planDisplayName(planId: string): string {
  return getPlan(planId)?.name ?? "current";
}

/** "512m" → "512 MB", "1g" → "1 GB". Sizes are binary, as OpenBerth counts them. */
export function formatSize(size: string): string {
  const bytes = parseSize(size);
  const units: [number, string][] = [
    [1024 ** 4, "TB"],
    [1024 ** 3, "GB"],
    [1024 ** 2, "MB"],
    [1024, "KB"],
  ];
  for (const [unit, label] of units) {
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit} ${label}`;
  }
  return `${bytes} bytes`;
}

export function formatProcessorCores(cores: number): string {
  return `${cores} processor ${cores === 1 ? "core" : "cores"}`;
}

/** "a", "a and b", "a, b and c". */
export function listWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ── Refusals (authorize.ts) ──────────────────────────────────────────────────

export const DENIAL_MESSAGES = Object.freeze({
  notFound: "We couldn't find that workspace. It may have been deleted, or you may not have access to it.",
  workspaceDeleted: "This workspace has been deleted.",
  forbidden: "You don't have permission to do that.",
  trialEnded: "Your free trial has ended. Choose a plan to keep going.",
  planEnded: "Your plan has ended. Choose a plan to keep going.",
  paymentFailed: "Your last payment didn't go through, so your plan is on hold. Update your card to keep going.",
  workspacePaused:
    "This workspace is paused, so changes are switched off for now. You can still look around, and nothing is lost.",
  // The billing owner's trial ended: the same words as the paused page, before and after the sweep pauses it.
  workspaceTrialEnded: PAUSED_DESCRIPTIONS.trial_ended,
  unknownPlan: "We couldn't load the details of your plan. Please contact us and we'll sort it out.",
  noOwner: "A workspace needs an owner. Make someone else the owner first.",
  twoOwners: "A workspace can only have one owner.",
  duplicateMember: "This person is already in the workspace.",
} as const);

/** Names who can do it, so the customer knows whom to ask. */
export function forbiddenMessage(allowedRoles: readonly Role[]): string {
  if (allowedRoles.length === 1 && allowedRoles[0] === "owner") {
    return "Only the workspace owner can do this.";
  }
  if (allowedRoles.length === 2 && allowedRoles.includes("owner") && allowedRoles.includes("admin")) {
    return "Only the workspace owner or an admin can do this.";
  }
  return DENIAL_MESSAGES.forbidden;
}

/** e.g. "Your Trial plan includes 1 workspace. The Pro plan allows up to 5." */
export function workspaceLimitMessage(
  planName: string,
  maxWorkspaces: number,
  roomier: readonly { name: string; maxWorkspaces: number }[],
): string {
  const first = `Your ${planName} plan includes ${plural(maxWorkspaces, "workspace", "workspaces")}.`;
  if (roomier.length === 0) return `${first} Delete one you no longer need to make room.`;
  const offers = roomier.map((p, i) =>
    i === 0 ? `The ${p.name} plan allows up to ${p.maxWorkspaces}` : `the ${p.name} plan up to ${p.maxWorkspaces}`,
  );
  return `${first} ${listWithAnd(offers)}.`;
}

/** e.g. "Your Hobby plan doesn't include that location. You can choose Europe (EU). The Pro plan includes it." */
export function regionNotAllowedMessage(
  planName: string,
  allowedRegionNames: readonly string[],
  plansWithRegion: readonly string[],
): string {
  let message = `Your ${planName} plan doesn't include that location. You can choose ${listWithAnd(allowedRegionNames)}.`;
  if (plansWithRegion.length > 0) {
    const names = listWithAnd(plansWithRegion.map((name) => `the ${name} plan`));
    message += ` ${names.charAt(0).toUpperCase()}${names.slice(1)} ${plansWithRegion.length === 1 ? "includes" : "include"} it.`;
  }
  return message;
}

export function deploymentLimitMessage(planName: string, limit: number): string {
  return `Your ${planName} plan includes up to ${plural(limit, "deployment", "deployments")} per workspace, sandboxes included. Delete one you no longer need, or choose a bigger plan to add more.`;
}

export function memoryLimitMessage(planName: string, maxMemory: string): string {
  return `Your ${planName} plan allows up to ${formatSize(maxMemory)} of memory per deployment. Choose a smaller amount, or a bigger plan.`;
}

export function cpuLimitMessage(planName: string, maxCores: number): string {
  return `Your ${planName} plan allows up to ${formatProcessorCores(maxCores)} per deployment. Choose fewer, or a bigger plan.`;
}

// ── Error pages ──────────────────────────────────────────────────────────────

export const ERROR_PAGES = Object.freeze({
  notFound: {
    title: "We couldn't find that page",
    body: "The link may be out of date, or the page may have moved.",
  },
  forbidden: {
    title: "You don't have access to this",
    body: "If you think you should, ask the owner of the workspace.",
  },
  somethingWentWrong: {
    title: "Something went wrong",
    body: "It's not you, it's us. Please try again in a moment. If it keeps happening, contact us.",
  },
  signInNeeded: {
    title: "Please sign in",
    body: "Sign in to see your workspaces.",
  },
  backHome: "Back to your workspaces",
  tryAgain: "Try again",
} as const);

// ── Pages answered before the app runs ─────────────────────────────────────

export const PLAIN_PAGES = Object.freeze({
  otherSite: {
    title: "That form came from another site",
    body: "For your safety we only accept forms sent from Harbor's own pages. Go back to Harbor and try again from there.",
  },
  methodNotAllowed: {
    title: "That isn't something this page does",
    body: "This page can be opened or sent a form from Harbor, nothing else. Go back to Harbor and try again from there.",
  },
  addressTooLong: {
    title: "That address is too long",
    body: "The web address you followed is longer than we can read. Check the link, or start again from Harbor's home page.",
  },
});

/**
 * What the sign-in service's own addresses (/api/auth/…) say when they refuse, by status,
 * instead of the sign-in library's wording. Only our pages and Google talk to them, so a
 * refusal means an old link, a form from elsewhere, or a client that isn't ours.
 */
export const SIGN_IN_REFUSALS = Object.freeze({
  title: "Signing in didn't work",
  badRequest: "That sign-in request wasn't complete. Go back to Harbor and sign in again.",
  signedOut: "Please sign in first.",
  otherSite: "For your safety we only accept sign-in requests from Harbor's own pages. Go back to Harbor and try again.",
  notFound: "There's nothing at this sign-in address. Go back to Harbor and sign in from there.",
  tooMany: "Too many tries in a short time. Please wait a minute and try again.",
  other: "Signing in didn't work just now. Please go back to Harbor and try again.",
});

// ── Every form ───────────────────────────────────────────────────────────────

/**
 * What a form says when a field breaks a general rule (missing, too long, not one of the
 * choices…). Fields with a rule of their own say it in their own words; these stand in for
 * the form library's wording, which never reaches a page.
 */
export const FORM_MESSAGES = Object.freeze({
  required: "Please fill this in.",
  notText: "Please type this in as text.",
  tooLong: (max: number) => `Please keep this to ${max} characters or fewer.`,
  tooShort: (min: number) => (min <= 1 ? "Please fill this in." : `Please use at least ${min} characters.`),
  notAChoice: "Please choose one of the options.",
  invalid: "This doesn't look right. Please check it.",
  badCharacters: "This has invisible or control characters in it. Please type it again without them.",
  /** A form that no longer matches the page (an old tab, a changed button). */
  staleForm: "This page was out of date. Please try again.",
  /** A summary above a form that has problems beside its fields. */
  checkFields: "Please check the highlighted fields.",
});

// ── Deployments ──────────────────────────────────────────────────────────────

/** A deployment's status, from OpenBerth's (domain/openberth/deployment-status.ts). */
export const DEPLOYMENT_STATUS_LABELS = Object.freeze({
  building: "Getting ready",
  updating: "Updating",
  running: "Live",
  failed: "Didn't start",
  unknown: "Unknown",
} as const);

/** Who put a deployment online: the dashboard itself, or someone using an access key. */
export const DEPLOYMENT_OWNER_NAMES = Object.freeze({
  dashboard: "Harbor dashboard",
  /** An access key's owner whose name OpenBerth didn't give. */
  someoneWithAKey: "Someone with an access key",
} as const);

/** How long a deployment stays online, from OpenBerth's TTL strings. */
export function ttlLabel(ttl: string): string {
  const labels: Record<string, string> = {
    "1h": "1 hour",
    "24h": "1 day",
    "72h": "3 days",
    "168h": "1 week",
    "720h": "30 days",
    "0": "Until I delete it",
  };
  return labels[ttl] ?? ttl;
}

/** A lifetime in hours, as a person says it: "4 hours", "3 days", "1 week", "1 year". */
export function lifetimeLabel(hours: number): string {
  if (hours <= 0) return ttlLabel("0");
  if (hours % 8760 === 0) return unitsOf(hours / 8760, "year");
  if (hours % 168 === 0) return unitsOf(hours / 168, "week");
  if (hours % 24 === 0) return unitsOf(hours / 24, "day");
  return unitsOf(hours, "hour");
}

const unitsOf = (n: number, unit: string) => plural(n, unit, `${unit}s`);

/** "Goes offline in 3 h 52 min" — what the countdown on a page says (timeLeft in domain/openberth/lifetime.ts). */
export function goesOfflineIn(left: { days: number; hours: number; minutes: number }): string {
  const { days, hours, minutes } = left;
  if (days > 0) return `Goes offline in ${unitsOf(days, "day")}${hours > 0 ? ` ${hours} h` : ""}`;
  if (hours > 0) return `Goes offline in ${hours} h ${minutes} min`;
  if (minutes > 0) return `Goes offline in ${minutes} min`;
  return "Goes offline any moment now";
}

/** What the countdown's button and its answer say. */
export const LIFETIME_WORDS = Object.freeze({
  stays: "Stays online until you delete it.",
  extend: (lifetime: string) => `Keep it online for another ${lifetime}`,
  extendHint: "Counted from now.",
  extended: (until: string) => `Done. It now stays online until ${until}.`,
  expiredAlready: "Its time was already up, so it has been taken offline.",
});

/** Who may visit a deployment, by OpenBerth's access mode: the form's choices and the summary. */
export const VISITOR_ACCESS_LABELS = Object.freeze({
  public: "Everyone",
  basic_auth: "People with a username and password",
  api_key: "Apps and scripts that have this site's visitor key",
  user: "People with an access key to this workspace",
});

export function visitorAccessSummary(mode: string, username?: string): string {
  if (mode === "basic_auth" && username) return `${VISITOR_ACCESS_LABELS.basic_auth} (username ${username})`;
  return VISITOR_ACCESS_LABELS[mode as keyof typeof VISITOR_ACCESS_LABELS] ?? VISITOR_ACCESS_LABELS.user;
}

// ── Asking before something that cannot be undone ───────────────────────────

export const CONFIRM_STEP = Object.freeze({
  /** The way back from the question; nothing changes. */
  no: "No, keep it",
});
