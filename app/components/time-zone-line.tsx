import { href, Link } from "react-router";
import type { ZoneLabel } from "../../domain/time-zones";
import { TIME_ZONE_LINE } from "../../domain/vocabulary";

/**
 * Says once, under the page, which zone its times are in, so no date carries a zone name
 * of its own (decision 0033). Signed-in pages only: the link leads to the account page. The
 * zone comes labelled from the root loader, so the picker's data stays off every page.
 */
export function TimeZoneLine({ zone }: { zone: ZoneLabel }) {
  return (
    <p className="time-zone-line" data-testid="time-zone-line">
      {TIME_ZONE_LINE.shownIn(zone)} <Link to={`${href("/account")}#time-zone-settings`}>{TIME_ZONE_LINE.change}</Link>
    </p>
  );
}
