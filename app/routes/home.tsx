import { Form, redirect } from "react-router";
import type { Route } from "./+types/home";
import { signedInAccount } from "../.server/auth/session";

export async function loader({ request, context }: Route.LoaderArgs) {
  const account = signedInAccount(context);
  if (account) throw redirect("/workspaces");
  return null;
}

export const meta: Route.MetaFunction = () => [{ title: "Harbor — your apps, online in minutes" }];

export default function Home() {
  return (
    <section className="card">
      <h1>Put your apps online in minutes</h1>
      <p className="lede">
        Harbor gives you your own private space on the internet for websites and apps, in Europe or the United States. Try it free
        for 14 days — no card needed.
      </p>
      <Form method="post" action="/sign-in">
        <button type="submit">Sign in with Google</button>
      </Form>
    </section>
  );
}
