// The words of where our emails go: the account page's "Where we email you", the billing
// page's "Who else gets billing emails", and the banner when an address can't be reached.
// Plain words only: "address", "email", "reach".
import { EMAIL_ADDRESS_MAX_LENGTH, MAX_BILLING_CONTACTS, type EmailAddressProblem } from "../email/addresses";

/** Why an address was not saved. */
export const EMAIL_ADDRESS_PROBLEM_WORDS: Readonly<Record<EmailAddressProblem, string>> = Object.freeze({
  empty: "Please type an email address.",
  not_an_address: "This doesn't look like an email address. Please type one address, like name@example.com.",
  too_long: `This address is too long. Please keep it to ${EMAIL_ADDRESS_MAX_LENGTH} characters or fewer.`,
});

/** The account page's "Where we email you" card. */
export const CONTACT_EMAIL_SECTION = Object.freeze({
  heading: "Where we email you",
  intro: "We send news about your trial, your payments and your workspaces to this address.",
  current: "We email",
  isSignInAddress: "This is the address you sign in with.",
  isOtherAddress: (signIn: string) => `You sign in with ${signIn}; we email this address instead.`,
  newAddressLabel: "Send our emails to another address",
  newAddressHint: "Only one address. You still sign in with Google as before.",
  save: "Save address",
  useSignInAddress: (signIn: string) => `Use my sign-in address again (${signIn})`,
  saved: (address: string) => `Saved. We'll send our emails to ${address}.`,
  backToSignIn: (address: string) => `Done. We'll send our emails to ${address}, the address you sign in with.`,
  undeliverable: (address: string) =>
    `We can't deliver email to ${address}: the last email we sent there came back. Choose another address, or if you've fixed the mailbox, try this one again.`,
  tryAgain: "Try this address again",
  triedAgain: (address: string) => `We'll try ${address} again with the next email.`,
  notUndeliverable: "This address is fine already: we're sending to it.",
});

/** The billing page's "Who else gets billing emails" card. */
export const BILLING_CONTACTS_SECTION = Object.freeze({
  heading: "Who else gets billing emails",
  intro: `Besides you, up to ${MAX_BILLING_CONTACTS} people can get the emails about payments, your plan and your workspaces, for example someone in your finance team.`,
  empty: "Nobody else yet.",
  listLabel: "People who also get billing emails",
  addLabel: "Email address",
  add: "Add",
  remove: "Remove",
  removeLabel: (address: string) => `Remove ${address}`,
  added: (address: string) => `Added. ${address} will get the billing emails too.`,
  removed: (address: string) => `Removed. ${address} won't get billing emails any more.`,
  full: `You can add up to ${MAX_BILLING_CONTACTS} people. Please remove one first.`,
  duplicate: "This address already gets the billing emails.",
  isYourAddress: "This is already the address we email you at.",
  notFound: "We couldn't find that person. Please reload the page and try again.",
  undeliverable: "We can't deliver email to this address.",
});

/** The banner on every page while one of the account's addresses can't be reached. */
export const EMAIL_BANNER = Object.freeze({
  text: (addresses: readonly string[]) =>
    `We can't deliver email to ${joinAddresses(addresses)}. Emails about your workspaces and payments aren't reaching you.`,
  action: "Choose another address",
});

function joinAddresses(addresses: readonly string[]): string {
  if (addresses.length <= 1) return addresses[0] ?? "";
  return `${addresses.slice(0, -1).join(", ")} or ${addresses.at(-1)}`;
}
