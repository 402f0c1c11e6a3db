import { href, Link } from "react-router";
import type { Route } from "./+types/help";
import { HELP_GUIDES, HELP_PAGE as P, SITE_FRAME } from "../../domain/vocabulary";

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

/** The help index: every guide, with one line on what it covers. Public. */
export default function Help() {
  return (
    <>
      <h1>{P.heading}</h1>
      <p className="lede">{P.lede}</p>
      <section aria-labelledby="guides-heading">
        <h2 id="guides-heading">{P.guidesHeading}</h2>
        <ul className="guide-list">
          {HELP_GUIDES.map((guide) => (
            <li key={guide.slug} className="card">
              <h3>
                <Link to={href("/help/:guide", { guide: guide.slug })}>{guide.title}</Link>
              </h3>
              <p>{guide.summary}</p>
            </li>
          ))}
        </ul>
      </section>
      <p>
        {P.stillStuck} <Link to={href("/contact")}>{P.contactLink}</Link>
      </p>
    </>
  );
}
