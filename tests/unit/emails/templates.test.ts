/**
 * The lifecycle emails (emails/): every kind renders its sample, has one button (its
 * action), names the account, says where to write, writes its dates out in full, reads in
 * plain words, and renders the same bytes twice. The subject and plain text of each sample
 * are kept in __snapshots__/<kind>.txt, to read and review as a whole.
 *
 * The templates are .tsx, checked by tsconfig.cloudflare.json (which has JSX) rather than
 * by the unit tests' tsconfig.node.json, so they are loaded by a path TypeScript doesn't
 * follow (as tests/unit/routes/app-modules.ts does), and typed here by the fields the tests
 * read (emails/props.ts is not part of the unit tests' TypeScript project either).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EMAIL_KINDS, type EmailKind } from "../../../domain/email/catalog";
import { emailDate, emailDateTime } from "../../../domain/vocabulary/emails";
import { JARGON } from "../../support/jargon";

const ROOT = path.resolve(import.meta.dirname, "../../..");
/** A kind's props, by the fields every email has (the rest are passed through as they are). */
interface Props {
  accountName: string;
  timeZone: string;
  appUrl: string;
  supportEmail: string;
  action: { label: string; url: string };
  [field: string]: unknown;
}
interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
const { renderEmail, previewPropsFor } = (await import(/* @vite-ignore */ path.join(ROOT, "emails/render.ts"))) as {
  renderEmail: (kind: EmailKind, props: Props) => Promise<RenderedEmail>;
  previewPropsFor: (kind: EmailKind) => Props;
};

/** What a person sees in the HTML part: the text between the tags. */
function visibleText(html: string): string {
  return html
    .replace(/<head[\s\S]*?<\/head>/i, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&nbsp;|&#xA0;|\u00a0/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Every epoch-millisecond date in a kind's sample props (top level, workspaces, nested lines). */
function datesIn(props: Record<string, unknown>): Array<{ key: string; at: number }> {
  const found: Array<{ key: string; at: number }> = [];
  const visit = (value: unknown, key: string) => {
    if (typeof value === "number" && value > Date.UTC(2020, 0, 1)) found.push({ key, at: value });
    else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${key}[${i}]`));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(props, "");
  return found;
}

const rendered = new Map<EmailKind, RenderedEmail>(
  await Promise.all(EMAIL_KINDS.map(async (kind) => [kind, await renderEmail(kind, previewPropsFor(kind))] as const)),
);

describe.each(EMAIL_KINDS)("%s", (kind) => {
  const props = previewPropsFor(kind);
  const email = rendered.get(kind)!;

  it("renders its sample with a subject, an HTML part and a plain-text part", () => {
    expect(email.subject.trim()).not.toBe("");
    expect(email.html).toMatch(/^<!DOCTYPE html/);
    expect(email.html).toMatch(/<html[^>]* lang="en"/);
    expect(email.text.trim()).not.toBe("");
  });

  it("has exactly one button, and it goes where the action goes", () => {
    const buttons = [...email.html.matchAll(/<a\b[^>]*data-email-button[^>]*>/g)].map((m) => m[0]);
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).toContain(`href="${props.action.url}"`);
  });

  it("names the account, and says where to write, in the plain text too", () => {
    for (const part of [email.text, visibleText(email.html)]) {
      expect(part).toContain(props.accountName);
      expect(part).toContain(props.supportEmail);
    }
    expect(email.text).toContain(props.action.url);
    expect(email.text).toContain(props.appUrl);
  });

  it("writes every date of the sample out in full, in the account's time zone", () => {
    const dates = datesIn(props);
    for (const { key, at } of dates) {
      const written =
        key === "since" || key === "troubleSince" ? emailDateTime(at, props.timeZone) : emailDate(at, props.timeZone);
      expect(email.text, key).toContain(written);
      expect(visibleText(email.html), key).toContain(written);
    }
  });

  it("says nothing technical, in the subject, the HTML or the plain text", () => {
    for (const words of [email.subject, visibleText(email.html), email.text]) expect(words).not.toMatch(JARGON);
  });

  it("renders the same bytes every time", async () => {
    expect(await renderEmail(kind, props)).toEqual(email);
  });

  it("reads as kept in __snapshots__", async () => {
    await expect(`Subject: ${email.subject}\n\n${email.text}\n`).toMatchFileSnapshot(`./__snapshots__/${kind}.txt`);
  });
});

describe("the words that change with the props", () => {
  it("the jargon check can fail", () => {
    expect("We received a webhook").toMatch(JARGON);
    expect(visibleText("<p>Your instance is <b>suspended</b></p>")).toMatch(JARGON);
  });

  it("a later failed payment reads as still failing, and the last says no more attempts", async () => {
    const first = previewPropsFor("payment-failed");
    const later = await renderEmail("payment-failed", { ...first, attempt: 3, nextAttemptAt: null });
    expect(rendered.get("payment-failed")!.subject).toMatch(/didn't go through/);
    expect(later.subject).toMatch(/still failing/);
    expect(later.text).toMatch(/We won't try this payment again/);
    expect(later.text).toMatch(/will be paused/);
    expect(later.text).not.toMatch(JARGON);
  });

  it("a plan changed elsewhere asks which workspaces to keep; one changed here doesn't", async () => {
    const props = previewPropsFor("plan-downgraded");
    const asked = rendered.get("plan-downgraded")!;
    const told = await renderEmail("plan-downgraded", { ...props, askToChoose: false });
    expect(asked.html).toMatch(/data-email-button[^>]*>[\s\S]*?Choose which workspaces to keep/);
    expect(told.text).not.toMatch(/Choose which workspaces to keep/);
  });

  it("a pause is explained by its reason, with each workspace's date", async () => {
    const props = previewPropsFor("workspaces-paused");
    const reasons = ["trial_ended", "payment_failed", "downgrade", "plan_ended"] as const;
    const texts = await Promise.all(
      reasons.map(async (reason) => (await renderEmail("workspaces-paused", { ...props, reason })).text),
    );
    expect(new Set(texts).size).toBe(reasons.length);
    for (const text of texts) {
      expect(text).toMatch(/shop-eu: data kept until 16 December 2026/);
      expect(text).not.toMatch(JARGON);
    }
    expect(texts[0]).toMatch(/free trial/);
    expect(texts[1]).toMatch(/payment/);
    expect(texts[2]).toMatch(/fewer workspaces/);
    expect(texts[3]).toMatch(/plan on your Maple Bakery account has ended/);
  });

  it("a deletion warning counts down to the exact date and says it can't be undone", async () => {
    const props = previewPropsFor("deletion-warning");
    const days = { 7: "in 7 days", 3: "in 3 days", 1: "tomorrow" } as const;
    for (const [daysLeft, words] of Object.entries(days)) {
      const email = await renderEmail("deletion-warning", { ...props, daysLeft: Number(daysLeft) });
      expect(email.subject).toContain(words);
      expect(email.subject).toContain("9 December 2026");
      expect(email.text).toMatch(/can't be undone/);
    }
  });

  it("a recovery without a start time still reads well", async () => {
    const email = await renderEmail("workspace-recovered", { ...previewPropsFor("workspace-recovered"), troubleSince: null });
    expect(email.text).toMatch(/working normally again after a problem/);
  });

  it("writes dates in the account's zone", () => {
    const lateEvening = Date.UTC(2026, 11, 4, 23, 30);
    expect(emailDate(lateEvening, "UTC")).toBe("4 December 2026");
    expect(emailDate(lateEvening, "Europe/Berlin")).toBe("5 December 2026");
  });
});
