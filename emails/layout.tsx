/**
 * The one layout every email uses: a text logo, the body, the one button, and a footer
 * that says who it was sent to, why, and where to write. Inline styles only (email
 * clients drop style sheets), no images, dark text on white for contrast. Every word
 * comes from domain/vocabulary/emails.ts.
 */
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { EmailKind } from "../domain/email/catalog";
import { EMAIL_LAYOUT, keptUntilLine, PAUSED_MEANS } from "../domain/vocabulary/emails";
import type { EmailBase, EmailProps, WorkspaceLine } from "./props";

const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const styles = {
  body: { backgroundColor: "#f3f4f6", margin: "0", padding: "24px 0", fontFamily: font, color: "#111827" },
  container: { backgroundColor: "#ffffff", maxWidth: "560px", margin: "0 auto", padding: "32px", borderRadius: "8px" },
  logo: { fontSize: "20px", fontWeight: "700", color: "#1e3a8a", margin: "0 0 24px" },
  heading: { fontSize: "22px", lineHeight: "30px", fontWeight: "700", color: "#111827", margin: "0 0 16px" },
  text: { fontSize: "16px", lineHeight: "24px", color: "#111827", margin: "0 0 16px" },
  list: { fontSize: "16px", lineHeight: "24px", color: "#111827", margin: "0 0 16px", paddingLeft: "24px" },
  button: {
    backgroundColor: "#1d4ed8",
    color: "#ffffff",
    fontSize: "16px",
    fontWeight: "600",
    textDecoration: "none",
    borderRadius: "6px",
    padding: "12px 20px",
    display: "inline-block",
  },
  buttonRow: { margin: "8px 0 24px" },
  link: { color: "#1d4ed8", textDecoration: "underline" },
  hr: { borderColor: "#e5e7eb", margin: "24px 0" },
  footer: { fontSize: "13px", lineHeight: "20px", color: "#4b5563", margin: "0 0 8px" },
} as const;

/** A paragraph of the body. */
export function P({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}

/** A list of lines (workspaces, a plan's features). */
/** Paused workspaces, each with the date its data is kept until, and what paused means (nothing when there are none). */
export function PausedWorkspaces({ workspaces, timeZone }: { workspaces: readonly WorkspaceLine[]; timeZone: string }) {
  if (workspaces.length === 0) return null;
  return (
    <>
      <List items={workspaces.map((w) => keptUntilLine(w, timeZone))} />
      <P>{PAUSED_MEANS}</P>
    </>
  );
}

export function List({ items }: { items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <ul style={styles.list}>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** A plain link in the body (a receipt), never a second button. */
export function TextLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Text style={styles.text}>
      <Link href={href} style={styles.link}>
        {children}
      </Link>
    </Text>
  );
}

export interface LayoutProps {
  kind: EmailKind;
  base: EmailBase;
  /** The line inboxes show next to the subject. */
  preview: string;
  heading: string;
  /** The one button: its words (from the vocabulary) and where it goes (props.action). */
  button: { label: string; url: string };
  /** The footer's first line when the email is not for the account's owner (an invitee). */
  sentTo?: string;
  children: ReactNode;
}

export function Layout({ kind, base, preview, heading, button, sentTo, children }: LayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.logo}>{EMAIL_LAYOUT.logo}</Text>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          <Section style={styles.buttonRow}>
            <Button href={button.url} style={styles.button} data-email-button="">
              {button.label}
            </Button>
          </Section>
          <Hr style={styles.hr} />
          <Text style={styles.footer}>
            {sentTo ?? EMAIL_LAYOUT.sentTo(base.accountName, base.accountEmail)} {EMAIL_LAYOUT.why(kind)}
          </Text>
          <Text style={styles.footer}>
            {EMAIL_LAYOUT.supportBefore}{" "}
            <Link href={`mailto:${base.supportEmail}`} style={styles.link}>
              {base.supportEmail}
            </Link>
            {EMAIL_LAYOUT.supportAfter}
          </Text>
          <Text style={styles.footer}>
            <Link href={base.appUrl} style={styles.link}>
              {EMAIL_LAYOUT.dashboard}
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The base props every template passes to the layout. */
export function baseOf(p: EmailBase): EmailBase {
  return {
    accountName: p.accountName,
    accountEmail: p.accountEmail,
    timeZone: p.timeZone,
    appUrl: p.appUrl,
    supportEmail: p.supportEmail,
  };
}

/** What each template module gives the renderer (emails/render.ts keeps one per kind). */
export interface Template<K extends EmailKind> {
  Component: (props: EmailProps<K>) => ReactNode;
  subject: (props: EmailProps<K>) => string;
  /** Realistic sample props, for previews and tests. */
  previewProps: EmailProps<K>;
}

// ── Sample data for previews (React Email's PreviewProps) ──────────────────

/** Noon UTC on a day of 2026 or 2027: the same date in every European zone. */
export function sampleDay(year: number, month: number, day: number, hour = 11, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute);
}

export const SAMPLE_BASE: EmailBase = Object.freeze({
  accountName: "Maple Bakery",
  accountEmail: "ana@maplebakery.example",
  timeZone: "Europe/Berlin",
  appUrl: "https://app.harbor.example",
  supportEmail: "support@harbor.example",
});

const APP = SAMPLE_BASE.appUrl;
export const SAMPLE_URLS = Object.freeze({
  app: APP,
  billing: `${APP}/billing`,
  plans: `${APP}/pricing`,
  changePlan: `${APP}/billing/change-plan`,
  newWorkspace: `${APP}/workspaces/new`,
  workspaces: `${APP}/workspaces`,
  shopEu: `${APP}/workspaces/shop-eu`,
  bookingsUs: `${APP}/workspaces/bookings-us`,
  portalCard: "https://billing.stripe.com/p/session/test_YWNjdF8xTWFwbGVCYWtlcnk",
  invoice: "https://invoice.stripe.com/i/acct_1MapleBakery/test_in_0042",
});
