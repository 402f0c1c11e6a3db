import type { Plugin } from "vite";
import { PLAIN_PAGES } from "../../domain/vocabulary";

/**
 * Dev server only: the local runtime fails with a 500 ("Unexpected end of JSON input")
 * on addresses longer than about 8,100 characters, before our Worker runs. Answer those
 * as the Worker does in production (a plain 414), so nobody running `npm run dev` sees a
 * stack trace. The Worker's own limit (workers/app.ts) is a little lower, so the two agree.
 */
export function longAddresses(maxLength = 8_000): Plugin {
  return {
    name: "harbor:long-addresses",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if ((req.url ?? "").length + 30 <= maxLength) return next();
        const { title, body } = PLAIN_PAGES.addressTooLong;
        res.statusCode = 414;
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Harbor</title></head><body><main><h1>${title}</h1><p>${body}</p><p><a href="/">Go to Harbor</a></p></main></body></html>`,
        );
      });
    },
  };
}
