import { href, Link } from "react-router";
import { EMAIL_BANNER } from "../../domain/vocabulary";

/** "We can't deliver email to x@y…": one of the account's addresses bounced, with the way to choose another. */
export function EmailBanner({ addresses }: { addresses: readonly string[] | null }) {
  if (!addresses || addresses.length === 0) return null;
  return (
    <div className="notice warn" role="alert" data-testid="email-banner">
      <p>{EMAIL_BANNER.text(addresses)}</p>
      <p>
        <Link to={`${href("/account")}#contact-email`}>{EMAIL_BANNER.action}</Link>
      </p>
    </div>
  );
}
