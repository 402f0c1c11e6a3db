import { Form, href, redirect } from "react-router";
import type { Route } from "./+types/home";
import { HOME_PAGE as P } from "../../domain/vocabulary";
import { signedInAccount } from "../.server/auth/session";

export async function loader({ request, context }: Route.LoaderArgs) {
  const account = signedInAccount(context);
  if (account) throw redirect(href("/workspaces"));
  return null;
}

export const meta: Route.MetaFunction = () => [{ title: P.title }];

export default function Home() {
  return (
    <section className="card">
      <h1>{P.heading}</h1>
      <p className="lede">{P.lede}</p>
      {/* The sign-in page's own form (app/routes/sign-in.tsx), started from here. */}
      <Form method="post" action={href("/sign-in")}>
        <input type="hidden" name="intent" value="sign-in" />
        <button type="submit">{P.signIn}</button>
      </Form>
    </section>
  );
}
