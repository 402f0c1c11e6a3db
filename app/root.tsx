import { href, isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import { sessionMiddleware, signedInAccount } from "./.server/auth/session";
import { getRequestContext } from "../server/bindings/request-context";
import { ERROR_PAGES, SITE_FRAME } from "../domain/vocabulary";
import { SiteHeader } from "./components/site-header";
import { SiteFooter } from "./components/site-footer";
import { companyDetails } from "./.server/site/company";
import { PaymentBanner } from "./components/payment-banner";
import { paymentBanner } from "./.server/billing/payment-banner";
import { EmailBanner } from "./components/email-banner";
import { emailBanner } from "./.server/email/contact-addresses";
import { NotificationBanner } from "./components/notification-banner";
import { notificationBanner } from "./.server/notifications/notification-banner";
import { TimeZoneSync } from "./components/time-zone-sync";
import { TimeZoneLine } from "./components/time-zone-line";
import { labelTimeZone } from "../domain/time-zone-picker";
import { useNonce } from "./lib/nonce";
import { carriedNotice, noticeMiddleware } from "./.server/forms/flash-notice";
import { FlashNotice } from "./components/flash-notice";
import stylesheet from "./styles/app.css?url";

export const links: Route.LinksFunction = () => [
  // (The stylesheet URL is empty only in the workerd tests, which load no CSS.)
  ...(stylesheet ? [{ rel: "stylesheet", href: stylesheet }] : []),
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The session is looked up once per request, here; every route reads it from the context. */
export const middleware: Route.MiddlewareFunction[] = [sessionMiddleware, noticeMiddleware];

export async function loader({ context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const account = signedInAccount(context);
  return {
    account: account && { name: account.name, email: account.email, image: account.image },
    payment: account ? paymentBanner(account) : null,
    emailProblem: account ? await emailBanner(rc.db, account, rc.log) : null,
    notifications: account ? await notificationBanner(rc, account.id) : null,
    timeZone: rc.timeZone,
    company: companyDetails(rc.env),
    timeZoneLabel: labelTimeZone(rc.timeZone),
    notice: noticeOf(carriedNotice(context)),
  };
}

function noticeOf(text: string | null) {
  return text ? { id: crypto.randomUUID(), text } : null;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {SITE_FRAME.skipToContent}
        </a>
        <SiteHeader account={data?.account ?? null} />
        <main id="main">
          <PaymentBanner text={data?.payment ?? null} />
          <EmailBanner addresses={data?.emailProblem ?? null} />
          <NotificationBanner kinds={data?.notifications ?? null} />
          <FlashNotice notice={data?.notice ?? null} />
          {children}
        </main>
        {data?.account ? <TimeZoneLine zone={data.timeZoneLabel} /> : null}
        <SiteFooter company={data?.company ?? null} />
        {data ? <TimeZoneSync serverTimeZone={data.timeZone} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function meta() {
  return [{ title: SITE_FRAME.title }];
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const copy =
    status === 404 || status === 405
      ? ERROR_PAGES.notFound
      : status === 403
        ? ERROR_PAGES.forbidden
        : ERROR_PAGES.somethingWentWrong;
  return (
    <>
      <title>{SITE_FRAME.pageTitle(copy.title)}</title>
      <section className="card">
        <h1>{copy.title}</h1>
        <p>{copy.body}</p>
        <p>
          <a href={href("/")}>{ERROR_PAGES.backHome}</a>
        </p>
      </section>
    </>
  );
}
