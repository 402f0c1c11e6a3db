/**
 * Writes every lifecycle email, rendered from its sample props, to tmp/email-previews/:
 * <kind>.html and <kind>.txt, and an index.html that links them with their subjects.
 *
 *   npm run emails        (or: node scripts/email-previews.ts)
 *
 * The templates are .tsx and import the domain without file extensions, which Node can't
 * load by itself, so they are loaded through Vite's module runner (vite is already a
 * dependency; no config file, so nothing of the app's build is involved).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runnerImport } from "vite";
import { EMAIL_KINDS, type EmailKind } from "../domain/email/catalog.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "tmp/email-previews");

/** emails/render.ts, typed by what this script uses (emails/ is checked by tsconfig.cloudflare.json). */
interface RenderModule {
  renderEmail: (kind: EmailKind, props: unknown) => Promise<{ subject: string; html: string; text: string }>;
  previewPropsFor: (kind: EmailKind) => unknown;
}

const { module: emails } = await runnerImport<RenderModule>(path.join(ROOT, "emails/render.ts"), {
  configFile: false,
  root: ROOT,
  logLevel: "error",
});

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

mkdirSync(OUT, { recursive: true });
const rows: string[] = [];
for (const kind of EMAIL_KINDS) {
  const email = await emails.renderEmail(kind, emails.previewPropsFor(kind));
  writeFileSync(path.join(OUT, `${kind}.html`), email.html);
  writeFileSync(path.join(OUT, `${kind}.txt`), `Subject: ${email.subject}\n\n${email.text}\n`);
  rows.push(
    `<tr><td><code>${kind}</code></td><td>${escape(email.subject)}</td>` +
      `<td><a href="${kind}.html">HTML</a> · <a href="${kind}.txt">text</a></td></tr>`,
  );
}

writeFileSync(
  path.join(OUT, "index.html"),
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbor email previews</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111827}td,th{padding:.4rem .8rem;text-align:left;border-bottom:1px solid #e5e7eb}</style>
</head><body>
<h1>Harbor email previews</h1>
<p>Each email rendered from its sample props (emails/templates/*.tsx, previewProps).</p>
<table><thead><tr><th>Kind</th><th>Subject</th><th>Open</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
</body></html>
`,
);
console.log(`Wrote ${EMAIL_KINDS.length} email previews: ${path.join(OUT, "index.html")}`);
