import { expect, readyWorkspace, test } from "./support/fixtures";
import type { Page } from "@playwright/test";

/**
 * Every page a customer can reach, at a phone's width (390 × 844): none is wider than the
 * screen (with JavaScript on and off, the two projects), and axe finds nothing serious (with
 * JavaScript on in `npm test`; in every project of `npm run e2e:full`).
 * The public pages are checked signed out first, then again signed in with the rest.
 * One workspace holds one of everything, made through the berth tool's own door (an access
 * key and OpenBerth's API), so this check does not depend on any page's forms.
 * `npm run e2e:full` also runs it at desktop size with a screenshot of each page.
 */
const PHONE = { width: 390, height: 844 };

test.describe("every page", () => {
  test("fits a phone's width and passes axe", async ({ page, expectAccessible }) => {
    test.setTimeout(150_000);
    await page.setViewportSize(PHONE);
    // Which page a console error came from (the fixture fails the test on any, without saying where).
    const errorsOn: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errorsOn.push(`${new URL(page.url()).pathname}: ${m.text().slice(0, 60)}`);
    });
    page.on("pageerror", (e) => errorsOn.push(`${new URL(page.url()).pathname}: ${e.message.slice(0, 60)}`));
    // `npm test`: axe with JavaScript on, the width in both modes; `npm run e2e:full` runs axe
    // in every project (JavaScript off, phone sizes) as well.
    const withAxe = test.info().project.name === "javascript" || process.env.HARBOR_E2E_FULL === "1";
    const tooWide: string[] = [];
    const missing: string[] = [];
    const check = async (paths: readonly string[], who: string) => {
      for (const path of paths) {
        const res = await page.goto(path);
        if ((res?.status() ?? 500) >= 400) {
          missing.push(`${path} (${who}): ${res?.status()}`);
          continue;
        }
        const width = await pageWidth(page);
        if (width > PHONE.width) tooWide.push(`${path} (${who}): ${width} px (${await widest(page)})`);
        if (withAxe) await expectAccessible(page);
        if (test.info().project.use.screenshot === "on") {
          const name = `${who}${path.replaceAll("/", "_") || "_home"}.png`;
          await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
        }
      }
    };

    // The public pages, first as a newcomer sees them (signed in, "/" leads to Workspaces).
    const publicPages = [
      "/",
      "/pricing",
      "/help",
      "/help/put-a-site-online",
      "/help/protect-a-site",
      "/help/berth-tool",
      "/privacy",
      "/terms",
      "/contact",
      "/sign-in",
    ];
    await check(publicPages, "visitor");

    const base = await readyWorkspace(page, "everypage");
    const origin = new URL(page.url()).origin;
    const made = await page.request.post(`${base}/access-keys`, {
      form: { intent: "create", name: "pages" },
      headers: { Origin: origin },
    });
    const html = await made.text();
    const key = /sc_[0-9a-f]{48}/.exec(html)![0];
    const endpoint = /berth config set server (\S+?)(?:\\n|\n|<|&)/.exec(html)![1]!;
    const api = (path: string, data: unknown) =>
      page.request.post(`${endpoint}${path}`, { data, headers: { Authorization: `Bearer ${key}` } });
    const site = (await (await api("/api/deploy/code", { name: "phone-site", files: { "index.html": "<p>hi</p>" } })).json()) as {
      id: string;
    };
    const sandbox = (await (
      await api("/api/sandbox", { name: "phone-sandbox", files: { "index.html": "<p>hi</p>" } })
    ).json()) as {
      id: string;
    };

    await check(
      [
        // Signed in, the public pages differ only in the header: one of them is enough.
        "/help",
        "/account",
        "/account/billing",
        "/account/billing/upgrade?plan=hobby%401",
        "/account/billing/change-plan",
        "/account/notifications",
        "/workspaces",
        "/workspaces/new",
        base,
        `${base}/deployments`,
        `${base}/deployments/new`,
        `${base}/deployments/${site.id}`,
        `${base}/deployments/${site.id}/logs`,
        `${base}/sandboxes/new`,
        `${base}/sandboxes/${sandbox.id}`,
        `${base}/access-keys`,
        `${base}/access-keys/pages`,
        `${base}/secrets`,
        `${base}/people`,
        `${base}/settings`,
      ],
      "member",
    );
    expect.soft(missing, "pages that did not open").toEqual([]);
    expect.soft(errorsOn, "pages with console errors").toEqual([]);
    expect(tooWide, "pages wider than a phone").toEqual([]);
  });
});

/** What sticks out furthest past the screen's right edge, to say what to fix. */
async function widest(page: Page): Promise<string> {
  return page.evaluate(() => {
    let worst: Element | null = null;
    let right = window.innerWidth;
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect().right;
      if (r > right) [worst, right] = [el, r];
    }
    if (!worst) return "nothing in particular";
    const cls = worst.getAttribute("class");
    return `${worst.tagName.toLowerCase()}${cls ? `.${cls.replaceAll(" ", ".")}` : ""} "${(worst.textContent ?? "").trim().slice(0, 40)}"`;
  });
}

/** How wide the page really is: the document, or any element poking out past it. */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
}
