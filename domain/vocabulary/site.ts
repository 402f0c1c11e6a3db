// The public side of Harbor: the home page, the footer, the help index and the contact
// page — see index.ts. The guides' words are in help-guides.ts, the privacy and terms
// drafts' in legal.ts. Company details (name, address, email) come from configuration
// and are passed in, never written here.

// ── Home ─────────────────────────────────────────────────────────────────────

export const HOME_PAGE = Object.freeze({
  title: "Harbor — your websites and apps, online in minutes",
  heading: "Put your websites and apps online in minutes",
  lede: "Harbor puts your websites and small apps on the internet, in Europe or the United States. Upload them from your browser or send them from the berth tool on your computer — there are no servers for you to run or look after.",
  forWhom:
    "Made for people and small teams who want their work online without becoming technical experts: freelancers, shop owners, teachers, students and makers.",
  pointsHeading: "What you get",
  points: Object.freeze([
    Object.freeze({
      heading: "Online from your browser",
      body: "Upload a folder as a .zip file, or paste a page, and get a web address you can share at once.",
    }),
    Object.freeze({
      heading: "Or from your computer",
      body: "The free berth tool sends a folder from your computer with one command, and puts new versions online just as fast.",
    }),
    Object.freeze({
      heading: "In Europe or the United States",
      body: "Choose where each workspace runs, close to your visitors. In Europe, your data stays in the EU.",
    }),
    Object.freeze({
      heading: "Private when you need it",
      body: "Ask visitors for a password, or let in only the apps that have a key — and change it whenever you like.",
    }),
  ]),
  startTrial: "Start free trial",
  trialTerms: "14 days free, no card needed. Signing in uses your Google account.",
  plansHeading: "Plans and prices",
  plansIntro: "Every plan starts with the free trial. Choose a plan whenever you're ready, or not at all.",
  comparePlans: "See everything each plan includes",
  helpLink: "Read how it works in our short guides",
});

// ── Footer (every page) ──────────────────────────────────────────────────────

export const SITE_FOOTER = Object.freeze({
  navigation: "About Harbor",
  help: "Help",
  pricing: "Plans and prices",
  privacy: "Privacy",
  terms: "Terms",
  contact: "Contact",
  /** "Harbor is run by Example Ltd, 1 Harbour Street, …" */
  company: (name: string, address: string) => (address ? `Harbor is run by ${name}, ${address}.` : `Harbor is run by ${name}.`),
});

// ── Help ─────────────────────────────────────────────────────────────────────

export const HELP_PAGE = Object.freeze({
  title: "Help",
  heading: "Help",
  lede: "Short guides to the things people do most with Harbor. Each one takes a few minutes.",
  guidesHeading: "Guides",
  notFoundTitle: "We couldn't find that guide",
  stillStuck: "Still stuck? Contact us and we'll help.",
  contactLink: "Contact us",
  allGuides: "All guides",
});

// ── Contact ──────────────────────────────────────────────────────────────────

export const CONTACT_PAGE = Object.freeze({
  title: "Contact us",
  heading: "Contact us",
  lede: "Write to us by email. A person reads every message, usually within one working day.",
  emailLabel: "Email",
  includeHeading: "What to include",
  include: Object.freeze([
    "The email address you sign in with.",
    "The name of the workspace, and the web address of the site if it's about one.",
    "What you did, what you expected, and what happened instead.",
    "A screenshot, if you have one.",
  ]),
  neverSend: "Never send us a password or an access key: we will never ask for one, and we don't need it to help you.",
  postHeading: "By post",
  helpFirst: "Many questions are answered in our guides.",
  helpLink: "See the guides",
});
