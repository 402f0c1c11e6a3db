import { Form, href, Link } from "react-router";
import type { SuspensionReason } from "../../domain/lifecycle/states";
import { GRACE_LINE } from "../../domain/vocabulary";
import { formatDate } from "../lib/format-date";

/**
 * Under a paused workspace's status: until when its data is kept, what still works, and
 * — for its owner, who pays for it — the way back for the reason it is paused.
 */
export function PausedHelp({
  reason,
  dataKeptUntil,
  timeZone,
  isOwner,
}: {
  reason: SuspensionReason | null;
  dataKeptUntil: string | null;
  timeZone: string;
  isOwner: boolean;
}) {
  return (
    <div className="paused-help" data-testid="paused-help">
      {dataKeptUntil ? <p>{GRACE_LINE.dataKeptUntil(formatDate(dataKeptUntil, timeZone))}</p> : null}
      <p className="muted">{GRACE_LINE.whatStillWorks}</p>
      {isOwner ? <WayBack reason={reason} /> : null}
    </div>
  );
}

function WayBack({ reason }: { reason: SuspensionReason | null }) {
  if (reason === "payment_failed")
    return (
      <Form method="post" action={href("/account/billing/portal")} reloadDocument>
        <input type="hidden" name="flow" value="card" />
        <button type="submit">{GRACE_LINE.updateCard}</button>
      </Form>
    );
  if (reason === "downgrade")
    return (
      <p className="actions">
        <Link className="button" to={`${href("/account/billing/change-plan")}?plan=current`}>
          {GRACE_LINE.swap}
        </Link>
        <Link className="button secondary" to={href("/account/billing/change-plan")}>
          {GRACE_LINE.changePlan}
        </Link>
      </p>
    );
  return (
    <p className="actions">
      <Link className="button" to={href("/pricing")}>
        {GRACE_LINE.seePlans}
      </Link>
    </p>
  );
}
