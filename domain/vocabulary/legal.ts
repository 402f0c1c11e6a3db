// The privacy notice and the terms of service (/privacy, /terms): plain-language DRAFTS,
// marked as drafts on the page until a lawyer has read them — see index.ts. The company's
// name, address and email come from configuration (COMPANY_NAME, COMPANY_ADDRESS,
// SUPPORT_EMAIL) and are passed in.

export interface Company {
  readonly name: string;
  readonly address: string;
  readonly email: string;
}

export interface LegalSection {
  readonly heading: string;
  readonly body: readonly string[];
}

export interface LegalPage {
  readonly heading: string;
  readonly intro: string;
  readonly sections: readonly LegalSection[];
}

export const LEGAL_DRAFT = Object.freeze({
  label: "Draft",
  notice: "This is a draft, written in plain language, and may still change. It isn't final until this notice is gone.",
  whoWeAre: (c: Company) => (c.address ? `${c.name}, ${c.address}` : c.name),
});

export function privacyPage(c: Company): LegalPage {
  return {
    heading: "How we look after your information",
    intro: `Harbor is run by ${LEGAL_DRAFT.whoWeAre(c)} ("we"). This page says what we keep about you, why, and what you can ask us to do with it.`,
    sections: [
      {
        heading: "What we keep",
        body: [
          "Your name, email address and profile picture, as Google gives them to us when you sign in. We never see your Google password.",
          "Your workspaces, and the sites, files and secrets you put in them, so we can keep them online for you.",
          "Your plan and payments. Card details are handled by Stripe, our payment provider: we only see the card's brand, its last four digits and when it expires.",
          "Short records of what happens in your workspaces and when (for example, when a site went online), so we can show you its history and fix problems.",
        ],
      },
      {
        heading: "Why we keep it",
        body: [
          "To run the service you signed up for, to take payment for it, and to tell you about things that affect you, such as your trial ending or a payment failing.",
          "We don't sell your information, and we don't use it for advertising.",
        ],
      },
      {
        heading: "Who else sees it",
        body: [
          "Only the companies that help us run Harbor, and only what each one needs: Google (signing in), Stripe (payments), Resend (sending our emails) and Cloudflare (running our website and storing our data).",
          "Your sites run in the region you choose for each workspace. In Europe, your workspace's data stays in the EU.",
        ],
      },
      {
        heading: "How long we keep it",
        body: [
          "While you have an account. If a workspace is paused for too long it is deleted, as your plan explains. When you ask us to close your account, we delete your information, except what the law says we must keep (such as invoices).",
        ],
      },
      {
        heading: "Your rights",
        body: [
          `You can ask us for a copy of what we keep about you, ask us to correct it or delete it, or complain about how we use it. Write to ${c.email}. You can also complain to your local data protection authority.`,
        ],
      },
      {
        heading: "Cookies",
        body: ["We use one kind of cookie: the one that keeps you signed in. No advertising or tracking cookies."],
      },
    ],
  };
}

export function termsPage(c: Company): LegalPage {
  return {
    heading: "Terms of service",
    intro: `These terms are the agreement between you and ${LEGAL_DRAFT.whoWeAre(c)} ("we") for using Harbor.`,
    sections: [
      {
        heading: "Your account",
        body: [
          "You sign in with a Google account and are responsible for what happens in your workspaces. Keep your access keys safe, and remove any that might have been seen by someone else.",
        ],
      },
      {
        heading: "The free trial and plans",
        body: [
          "New accounts get a free trial of 14 days, with no card needed. When it ends, your workspaces are paused until you choose a plan.",
          "Plans are paid monthly, in advance. You can cancel whenever you like: your plan runs to the end of the month you paid for, and we don't refund part months.",
          "If a payment fails, we tell you and try again. If it can't be taken, your workspaces are paused, and deleted if they stay paused for 14 days. We email you before that happens.",
        ],
      },
      {
        heading: "What you may put online",
        body: [
          "Anything legal that you have the right to publish. Not: anything that breaks the law, harms others, sends spam, tricks people into giving away passwords, or gets in the way of other customers' sites.",
          "We may take a site offline if it breaks these rules, and tell you why.",
        ],
      },
      {
        heading: "Your work stays yours",
        body: [
          "You own what you upload. You let us store it, copy it and show it to your visitors only as far as we need to run your sites.",
        ],
      },
      {
        heading: "What we promise, and what we don't",
        body: [
          "We work hard to keep Harbor running and your work safe, but we can't promise it will never be interrupted. Keep your own copy of anything important.",
          "As far as the law allows, we are not responsible for losses caused by an interruption, and our responsibility is limited to what you paid us in the last 12 months.",
        ],
      },
      {
        heading: "Changes and questions",
        body: [
          "If we change these terms, we tell you by email at least 30 days before the change applies to you.",
          `Questions about these terms: ${c.email}.`,
        ],
      },
    ],
  };
}
