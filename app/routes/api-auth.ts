import type { Route } from "./+types/api-auth";
import { getAuth } from "../../server/auth/better-auth";
import { getRequestContext } from "../../server/bindings/request-context";

// Better Auth's own endpoints (the Google callback, session reads).
export async function loader({ request, context }: Route.LoaderArgs) {
  return getAuth(getRequestContext(context).env).handler(request);
}

export async function action({ request, context }: Route.ActionArgs) {
  return getAuth(getRequestContext(context).env).handler(request);
}
