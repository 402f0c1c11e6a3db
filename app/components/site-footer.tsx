import { href, Link } from "react-router";
import { SITE_FOOTER as W, SITE_FRAME, type Company } from "../../domain/vocabulary";

/** Every page's footer: the public pages a customer looks for, and who runs Harbor. */
export function SiteFooter({ company }: { company: Company | null }) {
  return (
    <footer className="site-footer">
      <nav aria-label={W.navigation}>
        <ul className="footer-links">
          <li>
            <Link to={href("/help")}>{W.help}</Link>
          </li>
          <li>
            <Link to={href("/pricing")}>{W.pricing}</Link>
          </li>
          <li>
            <Link to={href("/privacy")}>{W.privacy}</Link>
          </li>
          <li>
            <Link to={href("/terms")}>{W.terms}</Link>
          </li>
          <li>
            <Link to={href("/contact")}>{W.contact}</Link>
          </li>
        </ul>
      </nav>
      <p>{SITE_FRAME.footer}</p>
      {company ? <p data-testid="company-line">{W.company(company.name, company.address)}</p> : null}
    </footer>
  );
}
