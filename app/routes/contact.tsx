import { href, Link } from "react-router";
import type { Route } from "./+types/contact";
import { CONTACT_PAGE as P, SITE_FRAME } from "../../domain/vocabulary";
import { companyDetails } from "../.server/site/company";
import { getRequestContext } from "../../server/bindings/request-context";

/** How to reach us: the support address from configuration, and what to put in the message. Public. */
export function loader({ context }: Route.LoaderArgs) {
  return { company: companyDetails(getRequestContext(context).env) };
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function Contact({ loaderData: { company } }: Route.ComponentProps) {
  return (
    <>
      <h1>{P.heading}</h1>
      <p className="lede">{P.lede}</p>
      <section className="card" aria-labelledby="contact-email-heading">
        <h2 id="contact-email-heading">{P.emailLabel}</h2>
        <p>
          <a href={`mailto:${company.email}`} data-testid="contact-email">
            {company.email}
          </a>
        </p>
        <h3>{P.includeHeading}</h3>
        <ul>
          {P.include.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="notice warn">{P.neverSend}</p>
      </section>
      {company.address ? (
        <section className="card" aria-labelledby="contact-post-heading">
          <h2 id="contact-post-heading">{P.postHeading}</h2>
          <p>
            {company.name}
            <br />
            {company.address}
          </p>
        </section>
      ) : null}
      <p>
        {P.helpFirst} <Link to={href("/help")}>{P.helpLink}</Link>
      </p>
    </>
  );
}
