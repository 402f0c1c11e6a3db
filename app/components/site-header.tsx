import { Form, Link } from "react-router";

export function SiteHeader({ account }: { account: { name: string; image: string | null } | null }) {
  return (
    <header className="site-header">
      <div className="inner">
        <Link className="brand" to="/">
          Harbor
        </Link>
        <nav className="site-nav" aria-label="Main">
          {account ? (
            <>
              <Link to="/account">
                {account.image ? <img className="avatar-small" src={account.image} alt="" width={28} height={28} /> : null}{" "}
                {account.name}
              </Link>
              <Form method="post" action="/sign-out">
                <button type="submit" className="secondary">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <Link to="/sign-in">Sign in</Link>
          )}
        </nav>
      </div>
    </header>
  );
}
