import type { Route } from "./+types/terms";
import { termsPage, SITE_FOOTER, SITE_FRAME } from "../../domain/vocabulary";
import { companyDetails } from "../.server/site/company";
import { LegalPageView } from "../components/legal-page";
import { getRequestContext } from "../../server/bindings/request-context";

/** The terms of service (a draft), naming the company from configuration. Public. */
export function loader({ context }: Route.LoaderArgs) {
  return { company: companyDetails(getRequestContext(context).env) };
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(SITE_FOOTER.terms) }];

export default function Terms({ loaderData }: Route.ComponentProps) {
  return <LegalPageView page={termsPage(loaderData.company)} />;
}
