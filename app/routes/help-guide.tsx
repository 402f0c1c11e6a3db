import { data, href, Link } from "react-router";
import type { Route } from "./+types/help-guide";
import { HELP_PAGE as P, helpGuide, SITE_FRAME } from "../../domain/vocabulary";
import { HelpGuide } from "../components/help-guide";

/** One guide (/help/<slug>); an unknown slug is the not-found page. Public. */
export function loader({ params }: Route.LoaderArgs) {
  const guide = helpGuide(params.guide);
  if (!guide) throw data(null, { status: 404 });
  return { slug: guide.slug };
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  const guide = loaderData ? helpGuide(loaderData.slug) : undefined;
  return [{ title: SITE_FRAME.pageTitle(guide?.title ?? P.notFoundTitle) }];
};

export default function HelpGuidePage({ loaderData }: Route.ComponentProps) {
  const guide = helpGuide(loaderData.slug)!;
  return (
    <>
      <p className="muted crumbs">
        <Link to={href("/help")}>{P.allGuides}</Link>
      </p>
      <HelpGuide guide={guide} />
      <p>
        {P.stillStuck} <Link to={href("/contact")}>{P.contactLink}</Link>
      </p>
    </>
  );
}
