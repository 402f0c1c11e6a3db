import { Form, href, Link } from "react-router";
import { SITE_FRAME as W } from "../../domain/vocabulary";

export function SiteHeader({ account }: { account: { name: string; image: string | null } | null }) {
  return (
    <header className="site-header">
      <div className="inner">
        <Link className="brand" to={href("/")}>
          {W.brand}
        </Link>
        <nav className="site-nav" aria-label={W.mainNavigation}>
          <Link to={href("/pricing")}>{W.pricing}</Link>
          {account ? (
            <>
              <Link to={href("/account/billing")}>{W.billing}</Link>
              <Link to={href("/account")}>
                {account.image ? <img className="avatar-small" src={account.image} alt="" width={28} height={28} /> : null}{" "}
                {account.name}
              </Link>
              <Form method="post" action={href("/sign-out")}>
                <button type="submit" className="secondary">
                  {W.signOut}
                </button>
              </Form>
            </>
          ) : (
            <Link to={href("/sign-in")}>{W.signIn}</Link>
          )}
        </nav>
      </div>
    </header>
  );
}
