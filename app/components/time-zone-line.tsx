import { href, Link } from "react-router";
import { TIME_ZONE_LINE } from "../../domain/vocabulary";

/**
 * Says once, under the page, which zone its times are in, so no date carries a zone name
 * of its own (decision 0032). Signed-in pages only: the link leads to the account page.
 */
export function TimeZoneLine({ timeZone }: { timeZone: string }) {
  return (
    <p className="time-zone-line" data-testid="time-zone-line">
      {TIME_ZONE_LINE.shownIn(timeZone)} <Link to={`${href("/account")}#time-zone-settings`}>{TIME_ZONE_LINE.change}</Link>
    </p>
  );
}
