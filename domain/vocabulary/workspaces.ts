// Workspaces, and the frame around them: the site's header, signing in, the account page, the list of workspaces, creating one and its overview —
// see index.ts. Sentences with values in them are small functions.
import type { Region } from "../regions";
import { isLifecycleReason, type LifecycleReason } from "../lifecycle/lifecycle-reasons";
import type { TIMELINE_EVENTS } from "../workspaces/timeline";

// ── The site's frame (every page) ────────────────────────────────────────────

export const SITE_FRAME = Object.freeze({
  brand: "Harbor",
  /** Every page's title when it has none of its own. */
  title: "Harbor",
  /** A page's title in the browser tab, e.g. "Your account · Harbor". */
  pageTitle: (page: string) => `${page} · Harbor`,
  skipToContent: "Skip to content",
  footer: "Harbor · your apps, online in minutes",
  mainNavigation: "Main",
  signIn: "Sign in",
  signOut: "Sign out",
  pricing: "Plans and prices",
  billing: "Billing",
  workspaces: "Workspaces",
  help: "Help",
});

// ── Signing in ───────────────────────────────────────────────────────────────

export const SIGN_IN_PAGE = Object.freeze({
  title: "Sign in",
  heading: "Sign in to Harbor",
  intro: "Use your Google account. New here? Signing in starts your free 14-day trial — no card needed.",
  continue: "Continue with Google",
});

/** Why signing in didn't work, by the reason Google's answer (or ours) gave. */
export const SIGN_IN_PROBLEMS = Object.freeze({
  unavailable: "We couldn't reach Google just now. Please try again in a moment.",
  /** The person chose Cancel at Google: nothing went wrong, so nothing alarming is said. */
  access_denied: "You didn't sign in. You can try again whenever you like.",
  default: "Signing in didn't work that time. Please try again.",
});

export function signInProblem(reason: string): string {
  return Object.hasOwn(SIGN_IN_PROBLEMS, reason)
    ? SIGN_IN_PROBLEMS[reason as keyof typeof SIGN_IN_PROBLEMS]
    : SIGN_IN_PROBLEMS.default;
}

// ── The account page ─────────────────────────────────────────────────────────

export const ACCOUNT_PAGE = Object.freeze({
  title: "Your account",
  heading: "Your account",
  profile: "Profile",
  pictureOf: (name: string) => `Profile picture of ${name}`,
  planHeading: "Plan",
  billingLink: "Billing, card and invoices",
  trialEnds: "Trial ends",
  memberSince: "Member since",
  signOutHeading: "Sign out",
  signOut: "Sign out of Harbor",
});

/** The trial countdown's banner on the list of workspaces: "· ends 12 May 2025 at 10:00". */
export const TRIAL_BANNER = Object.freeze({
  endsOn: (when: string) => `· ends ${when}`,
});

// ── The list of workspaces ───────────────────────────────────────────────────

export const WORKSPACE_LIST_PAGE = Object.freeze({
  title: "Your workspaces",
  heading: "Your workspaces",
  newWorkspace: "New workspace",
  emptyHeading: "No workspaces yet",
  emptyBody: "A workspace is your own private space for websites and apps. Create one to get started — it takes a few seconds.",
  createFirst: "Create your first workspace",
  caption: "Workspaces you can use",
  name: "Name",
  status: "Status",
  location: "Location",
  created: "Created",
  ownedBy: (owner: string) => `${owner}'s workspace`,
});

// ── Creating a workspace ─────────────────────────────────────────────────────

export const NEW_WORKSPACE_PAGE = Object.freeze({
  title: "New workspace",
  heading: "New workspace",
  back: "Back to your workspaces",
  name: "Name",
  namePlaceholder: "e.g. Marketing site",
  where: "Where should it live?",
  notInPlan: (planName: string) => `Not included in your ${planName} plan.`,
  create: "Create workspace",
  creating: "Creating…",
  /** The same form sent again after its workspace went away, or by someone else. */
  formAlreadyUsed: "This form was already used. Please start again.",
});

/** Where a workspace lives, for people who don't think in "regions". */
export const REGION_HINTS: Readonly<Record<Region, string>> = Object.freeze({
  "eu-west": "Best if most of your visitors are in Europe. Your data stays in the EU.",
  "us-east": "Best if most of your visitors are in North America.",
});

// ── A workspace's overview ───────────────────────────────────────────────────

export const WORKSPACE_OVERVIEW_PAGE = Object.freeze({
  /** The tab's title before the workspace's name is known. */
  title: "Workspace",
  status: "Status",
  tryAgain: "Try again",
  location: "Location",
  created: "Created",
  timelineHeading: "What happened",
  willPauseWhenTrialEnds: (when: string) => `It will pause when the free trial ends, on ${when}.`,
  renameHeading: "Rename",
  name: "Name",
  saveName: "Save name",
  deleteHeading: "Delete this workspace",
  deleteWarning: "Everything in it — websites, apps, files and settings — is removed for good. This can't be undone.",
  delete: "Delete workspace",
  renamed: (name: string) => `Renamed to ${name}.`,
  renameOrDelete: "Rename or delete this workspace in Settings.",
  deploymentsHeading: "Sites and apps",
  deploymentsCaption: "Everything running in this workspace",
  allDeployments: "All deployments",
  deploymentsTrouble: "We couldn't list its sites just now. They're still running; try again in a moment.",
  firstSiteHeading: "Put your first site online",
  firstSiteBody:
    "Paste a web page below and it gets its own address in a few seconds. You can change it or put a new version online at any time.",
  firstSiteName: "Name",
  firstSiteNameHint: "Becomes part of its web address: letters, numbers and dashes.",
  firstSitePage: "Your page (HTML)",
  firstSiteSubmit: "Put it online",
  uploadInstead: "Upload a .zip of a folder, or a single file, instead",
  checklistHeading: "Getting started",
  checklist: Object.freeze({
    site: "Put a site online",
    password: "Protect a site with a password for visitors",
    key: "Make an access key to use the berth tool from your computer",
  }),
  checklistDone: "Done",
  deleteAsk: (name: string) => `Delete the workspace ${name}?`,
  deleteAskLines: Object.freeze([
    "Every site and app in it goes offline and is removed, with its files and settings.",
    "This can't be undone.",
  ]),
  deleteYes: (name: string) => `Yes, delete ${name}`,
  deleted: (name: string) => `Deleted workspace ${name}.`,
});

/** The tabs and breadcrumbs on every page inside a workspace. */
export const WORKSPACE_NAV = Object.freeze({
  label: "Workspace",
  workspaces: "Workspaces",
  overview: "Overview",
  deployments: "Deployments",
  accessKeys: "Access keys",
  secrets: "Secrets",
  people: "People",
  settings: "Settings",
});

// ── Workspace forms ──────────────────────────────────────────────────────────

export const WORKSPACE_FORM_MESSAGES = Object.freeze({
  nameEmpty: "Please give your workspace a name.",
  nameTooLong: "Please keep the name to 60 characters or fewer.",
  nameInvalid: "The name has characters we can't show. Please use letters, numbers, spaces and punctuation.",
  regionMissing: "Please choose where your workspace should live.",
  confirmMismatch: "The name you typed doesn't match. Type the workspace's name exactly to delete it.",
  somethingChanged: "Something changed while you were on this page. Please try again.",
  busy: "We're still finishing an earlier change to this workspace. Please try again in a moment.",
  beingDeleted: "This workspace is being deleted, so it can't be changed any more.",
  /** "Try again" pressed after the workspace had already moved on (set up after all, or deleted). */
  nothingToRetry: "This workspace isn't stuck any more, so there's nothing to try again. The page shows where it is now.",
} as const);

// ── Workspace timeline ───────────────────────────────────────────────────────

/** One line per reason a workspace changed, for its timeline. */
export const TIMELINE_REASONS: Readonly<Record<LifecycleReason, string>> = Object.freeze({
  created: "Workspace created.",
  setup_started: "We started setting it up.",
  setup_retrying: "Setting up is taking longer than usual, so we're trying again.",
  setup_failed: "We couldn't finish setting it up.",
  setup_retry_requested: "You asked us to try setting it up again.",
  ready: "It's ready to use.",
  pause_requested: "We're pausing it.",
  paused: "It's paused. Your work is kept safe.",
  resume_requested: "We're switching it back on.",
  resumed: "It's switched back on.",
  crashed: "It stopped unexpectedly. We're bringing it back.",
  recovered: "It's running again.",
  restarting: "It's restarting.",
  lost_track: "We lost contact with it and are checking on it.",
  delete_requested: "Deletion was requested.",
  deleting: "It's being deleted.",
  deleted: "It was deleted.",
  trial_ended: "Paused because the free trial ended.",
  payment_failed: "Paused because a payment didn't go through.",
  downgrade: "Paused because the current plan doesn't include it.",
  plan_ended: "Paused because the plan ended.",
  grace_ended: "Deleted, with its data, because it stayed paused for 14 days.",
  adopted: "We reconnected it to your account.",
});

/** Timeline lines for things people did that are not lifecycle changes (domain/workspaces/timeline.ts). */
type TimelineEventReason = (typeof TIMELINE_EVENTS)[keyof typeof TIMELINE_EVENTS];

/** Lines for what people did (not lifecycle changes), by stored reason; `who` is the person who did it. */
export const TIMELINE_EVENT_TEXT: Readonly<Record<TimelineEventReason, (who: string) => string>> = Object.freeze({
  renamed: () => "It was given a new name.",
  member_joined: (who) => `${who} joined.`,
  member_left: (who) => `${who} left.`,
  member_removed: (who) => `${who} removed someone from it.`,
  role_changed: (who) => `${who} changed what someone may do.`,
});

/** The line for any stored reason; an unknown one (written by a newer Harbor) shows no text. */
export function timelineText(reason: string, who: string | null = null): string {
  if (isLifecycleReason(reason)) return TIMELINE_REASONS[reason];
  return Object.hasOwn(TIMELINE_EVENT_TEXT, reason) ? TIMELINE_EVENT_TEXT[reason as TimelineEventReason](who ?? "Someone") : "";
}

// ── People (issue 15) ────────────────────────────────────────────────────────

/** Why a change to the people of a workspace is refused (domain/people/membership-rules.ts). */
export const PEOPLE_DENIALS = Object.freeze({
  notAMember: "That person isn't in this workspace any more.",
  onlyOwnerChangesRoles: "Only the workspace owner can change what people may do.",
  notYourOwnRole: "You can't change your own role. Ask the workspace owner.",
  ownerStaysOwner: "The owner stays the owner. Handing a workspace over to someone else isn't possible yet.",
  ownerStays: "The owner can't be removed from their own workspace.",
  ownerCantLeave: "You own this workspace, so you can't leave it. You can delete it in Settings instead.",
  adminsRemoveMembersOnly: "Admins can remove members. Only the workspace owner can remove an admin.",
});

export const PEOPLE_FORM_MESSAGES = Object.freeze({
  email: "Please enter the email address they sign in with, like name@example.com.",
  role: "Please choose what they may do: admin or member.",
  keys: "Please choose what happens to the access keys they made.",
});

const roleWords = { owner: "Owner", admin: "Admin", member: "Member" } as const;

export const PEOPLE_PAGE = Object.freeze({
  title: "People",
  documentTitle: "People · Harbor",
  lede: "Everyone who can open this workspace, and the invitations still waiting for an answer.",
  roleName: (role: "owner" | "admin" | "member") => roleWords[role],
  rolesExplained:
    "Members put sites online and change them. Admins also manage access keys, secrets, settings and people. Only the owner can delete the workspace or see its billing.",
  membersHeading: "In this workspace",
  columns: Object.freeze({ person: "Person", role: "Role", since: "Since", actions: "Change" }),
  you: "(you)",
  makeAdmin: "Make admin",
  makeMember: "Make member",
  remove: "Remove",
  leave: "Leave this workspace",
  leaveExplained: "You'll lose access at once. The owner or an admin can invite you again.",
  inviteHeading: "Invite someone",
  inviteEmail: "Their email address",
  inviteEmailHint: "The address they sign in to Google with. The invitation works only for that address.",
  inviteRole: "They may",
  roleChoices: Object.freeze({
    member: "Work on sites (member)",
    admin: "Also manage keys, secrets, settings and people (admin)",
  }),
  send: "Send invitation",
  sent: (email: string) => `Invitation sent to ${email}. It works for 7 days.`,
  pendingHeading: "Invitations waiting for an answer",
  pendingLine: (by: string, until: string) => `Sent by ${by}, works until ${until}`,
  expiredLine: (by: string) => `Sent by ${by}, no longer works`,
  revoke: "Withdraw",
  revoked: (email: string) => `The invitation to ${email} was withdrawn. Its link no longer works.`,
  noPending: "No invitations are waiting.",
  alreadyMember: (email: string) => `${email} is already in this workspace.`,
  tooManyPending: (max: number) =>
    `This workspace already has ${max} invitations waiting. Withdraw some, or wait until they are answered, before sending more.`,
  invitationGone: "That invitation has already been answered or withdrawn.",
  roleChanged: (name: string, role: "admin" | "member") => `${name} is now ${role === "admin" ? "an admin" : "a member"}.`,
  removed: (name: string) => `Removed ${name}. They no longer have access.`,
  left: (workspace: string) => `You left ${workspace}.`,
  removeAsk: (name: string) => `Remove ${name} from this workspace?`,
  removeAskLines: Object.freeze(["They lose access at once, and we'll email them to say so."]),
  removeYes: (name: string) => `Yes, remove ${name}`,
  demoteAsk: (name: string) => `Make ${name} a member?`,
  demoteAskLines: Object.freeze(["They will no longer manage access keys, secrets, settings or people."]),
  demoteYes: (name: string) => `Yes, make ${name} a member`,
  leaveAsk: (workspace: string) => `Leave ${workspace}?`,
  leaveYes: "Yes, leave",
  keysLine: (names: readonly string[]) =>
    `They made ${names.length === 1 ? "this access key" : "these access keys"}: ${names.join(", ")}. Access keys keep working after someone leaves, so choose what happens to them:`,
  keysReplace: "Replace them: the old keys stop working and you get the new ones, shown once",
  keysRemove: "Remove them, with the sites and apps put online with them",
  keysReplaced: (names: readonly string[]) =>
    `Their ${names.length === 1 ? "key was" : "keys were"} replaced. Copy the new ones now: they are shown only once.`,
  newKeysHeading: "The replaced access keys",
  keysContinue: "Continue",
  newKeysHint: "Give it to whoever uses this key now. It's shown only once.",
});

export const INVITATION_PAGE = Object.freeze({
  title: "Invitation",
  documentTitle: "Invitation · Harbor",
  heading: (inviter: string, workspace: string) => `${inviter} invited you to ${workspace}`,
  whatYouMay: (role: "admin" | "member") =>
    role === "admin"
      ? "You'll be an admin: you can work on its sites and manage its access keys, secrets, settings and people."
      : "You'll be a member: you can put sites online and change them.",
  ownedBy: (owner: string) => `The workspace belongs to ${owner}, who pays for it. Joining costs you nothing.`,
  forAddress: (email: string) => `This invitation is for ${email}.`,
  signInFirst: "Sign in with that address to accept.",
  continueWithGoogle: "Continue with Google",
  accept: "Join the workspace",
  wrongAccount: (signedInAs: string, invited: string) =>
    `You're signed in as ${signedInAs}, but this invitation is for ${invited}. Sign out, then sign in with ${invited} to accept it.`,
  signOutAndSwitch: "Sign out and use another account",
  expired: "This invitation has expired. Ask the person who sent it for a new one.",
  revoked: "This invitation was withdrawn. Ask the person who sent it if you think that's a mistake.",
  used: "This invitation has already been used.",
  notFound: "This invitation link doesn't work. Check that you copied all of it, or ask for a new one.",
  goToWorkspace: "Open the workspace",
  alreadyIn: "You're already in this workspace.",
  joined: (workspace: string) => `Welcome to ${workspace}.`,
  backHome: "Go to your workspaces",
});
