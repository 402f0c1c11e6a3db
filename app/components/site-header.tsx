import { Form, href, Link, NavLink } from "react-router";
import { SITE_FRAME as W } from "../../domain/vocabulary";

/**
 * Signed in: the way back to Workspaces and Billing, the account and Sign out. Signed out:
 * what a newcomer looks for first (prices, help) and Sign in. NavLink marks the page you are
 * on with aria-current="page"; `end` keeps that to the page itself, not the pages under it.
 */
export function SiteHeader({ account }: { account: { name: string; image: string | null } | null }) {
  return (
    <header className="site-header">
      <div className="inner">
        <Link className="brand" to={href("/")}>
          {W.brand}
        </Link>
        <nav className="site-nav" aria-label={W.mainNavigation}>
          {account ? (
            <>
              <NavLink to={href("/workspaces")} end>
                {W.workspaces}
              </NavLink>
              <NavLink to={href("/account/billing")} end>
                {W.billing}
              </NavLink>
              <NavLink to={href("/account")} end>
                {account.image ? <img className="avatar-small" src={account.image} alt="" width={28} height={28} /> : null}{" "}
                {account.name}
              </NavLink>
              <Form method="post" action={href("/sign-out")}>
                <button type="submit" className="secondary">
                  {W.signOut}
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to={href("/pricing")} end>
                {W.pricing}
              </NavLink>
              <NavLink to={href("/help")} end>
                {W.help}
              </NavLink>
              <NavLink to={href("/sign-in")} end>
                {W.signIn}
              </NavLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
