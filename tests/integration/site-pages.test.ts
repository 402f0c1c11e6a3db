/**
 * The public side of Harbor (issue 14, gap 12), through the Worker's real fetch: the home
 * page prices every plan of the catalog as Stripe (the stand-in) prices it, every footer
 * link opens, the privacy and terms drafts name the company from configuration, and the
 * header offers Workspaces and Billing only to people who are signed in.
 */
import { env } from "cloudflare:workers";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { publicPlans } from "../../domain/plans/catalog";
import { formatPrice } from "../../domain/vocabulary";
import { AppClient, signIn } from "./support/app-client";

const api = new URL(env.STRIPE_API_URL);
const stripe = new Stripe(env.STRIPE_SECRET_KEY, {
  host: api.hostname,
  port: Number(api.port),
  protocol: "http",
  httpClient: Stripe.createFetchHttpClient(),
  maxNetworkRetries: 0,
});

/** Text as React writes it into HTML. */
function escaped(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;");
}

function part(html: string, tag: "header" | "footer"): string {
  const match = new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`).exec(html);
  if (!match) throw new Error(`no <${tag}> on the page`);
  return match[1]!;
}

function links(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: m[1]!,
    text: m[2]!.replace(/<[^>]+>/g, "").trim(),
  }));
}

async function page(client: AppClient, path: string): Promise<string> {
  const res = await client.fetch(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

describe("the public pages", () => {
  it("the home page shows every plan of the catalog with its price, and one way to start the trial", async () => {
    const html = await page(new AppClient(), "/");
    const plans = publicPlans();
    expect(plans.length).toBeGreaterThan(1);
    for (const plan of plans) {
      const card = new RegExp(`data-testid="plan-${plan.id}"[\\s\\S]*?</section>`).exec(html)?.[0];
      expect(card, plan.id).toBeDefined();
      expect(card).toContain(escaped(plan.name));
      if (plan.stripePriceId === null) {
        expect(card).toContain(">Free<");
        continue;
      }
      const { data } = await stripe.prices.list({ lookup_keys: [plan.stripePriceId], active: true });
      const price = data[0]!;
      expect(card).toContain(
        escaped(
          formatPrice(price.unit_amount, price.currency, price.recurring?.interval ?? null, price.recurring?.interval_count ?? 1),
        ),
      );
    }
    // The trial button is the sign-in form, so it works without JavaScript.
    const trialForms = [...html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)].filter((m) => m[2]!.includes("Start free trial"));
    expect(trialForms).toHaveLength(1);
    expect(trialForms[0]![1]).toContain('action="/sign-in"');
    expect(trialForms[0]![1]).toContain('method="post"');
    expect(trialForms[0]![2]).toContain('name="intent" value="sign-in"');
  });

  it("every footer link opens, signed out and signed in", async () => {
    const visitor = new AppClient();
    const member = new AppClient();
    await signIn(member, { email: "ada@example.com" });
    for (const client of [visitor, member]) {
      const footer = links(part(await page(client, "/pricing"), "footer"));
      expect(footer.map((l) => l.text)).toEqual(expect.arrayContaining(["Help", "Privacy", "Terms", "Contact"]));
      expect(footer.map((l) => l.href)).toEqual(expect.arrayContaining(["/help", "/pricing", "/privacy", "/terms", "/contact"]));
      for (const link of footer) await page(client, link.href);
    }
  });

  it("each help guide listed on /help opens, with its own title; an unknown guide is not found", async () => {
    const client = new AppClient();
    const guides = links(await page(client, "/help")).filter((l) => l.href.startsWith("/help/"));
    expect(guides.length).toBeGreaterThanOrEqual(3);
    for (const guide of guides) {
      const html = await page(client, guide.href);
      expect(html).toContain(`<title>${guide.text} · Harbor</title>`);
    }
    const missing = await client.fetch("/help/no-such-guide");
    expect(missing.status).toBe(404);
  });

  it("privacy and terms are marked as drafts and name the company from configuration", async () => {
    expect(env.COMPANY_NAME).toBeTruthy();
    for (const path of ["/privacy", "/terms"]) {
      const html = await page(new AppClient(), path);
      const main = /<main[\s\S]*<\/main>/.exec(html)![0];
      expect(main, path).toContain(escaped(env.COMPANY_NAME));
      expect(main, path).toContain(escaped(env.COMPANY_ADDRESS));
      expect(main.indexOf("Draft"), path).toBeGreaterThan(-1);
      expect(main.indexOf("Draft"), `${path}: "Draft" comes before the heading`).toBeLessThan(main.indexOf("<h1"));
    }
    const contact = await page(new AppClient(), "/contact");
    expect(contact).toContain(`href="mailto:${env.SUPPORT_EMAIL}"`);
  });

  it("the header offers Workspaces and Billing only when signed in, and marks the page you're on", async () => {
    const visitor = links(part(await page(new AppClient(), "/pricing"), "header")).map((l) => l.text);
    expect(visitor).toEqual(expect.arrayContaining(["Plans and prices", "Help", "Sign in"]));
    expect(visitor).not.toContain("Workspaces");
    expect(visitor).not.toContain("Billing");

    const member = new AppClient();
    await signIn(member, { email: "ada@example.com" });
    const header = part(await page(member, "/account/billing"), "header");
    expect(links(header).map((l) => l.text)).toEqual(expect.arrayContaining(["Workspaces", "Billing", "Ada Lovelace"]));
    expect(header).toMatch(
      /<a[^>]*aria-current="page"[^>]*href="\/account\/billing"|<a[^>]*href="\/account\/billing"[^>]*aria-current="page"/,
    );
    expect(header.match(/aria-current="page"/g)).toHaveLength(1);
  });
});
