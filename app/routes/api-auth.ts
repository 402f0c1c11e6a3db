import type { Route } from "./+types/api-auth";
import { getAuth } from "../../server/auth/better-auth";
import { inPlainWords } from "../../server/auth/plain-refusals";
import { getRequestContext } from "../../server/bindings/request-context";

// Better Auth's own endpoints (the Google callback, session reads); its refusals re-said plainly.
export async function loader({ request, context }: Route.LoaderArgs) {
  return inPlainWords(request, await getAuth(getRequestContext(context).env).handler(request));
}

export async function action({ request, context }: Route.ActionArgs) {
  return inPlainWords(request, await getAuth(getRequestContext(context).env).handler(request));
}
