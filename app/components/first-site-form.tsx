import { Form, href } from "react-router";
import { SAMPLE_PAGE } from "../../domain/openberth/sample-page";
import { WORKSPACE_OVERVIEW_PAGE as P } from "../../domain/vocabulary";

/**
 * The overview's "put your first site online": a page to paste, sent to the new-deployment
 * page's own action (its answers, and any problem, show there), with the workspace's default
 * lifetime. Works without JavaScript.
 */
export function FirstSiteForm({ slug, defaultTtl }: { slug: string; defaultTtl: string }) {
  return (
    <Form method="post" action={href("/workspaces/:slug/deployments/new", { slug })} autoComplete="off">
      <input type="hidden" name="intent" value="paste" />
      <input type="hidden" name="fileName" value="index.html" />
      <input type="hidden" name="ttl" value={defaultTtl} />
      <div className="field">
        <label htmlFor="first-site-name">{P.firstSiteName}</label>
        <input id="first-site-name" name="name" required maxLength={40} defaultValue="my-first-site" spellCheck={false} />
        <p className="hint">{P.firstSiteNameHint}</p>
      </div>
      <div className="field">
        <label htmlFor="first-site-code">{P.firstSitePage}</label>
        <textarea id="first-site-code" name="code" rows={6} required defaultValue={SAMPLE_PAGE} spellCheck={false} />
      </div>
      <button type="submit">{P.firstSiteSubmit}</button>
    </Form>
  );
}
