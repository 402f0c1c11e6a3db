import path from "node:path";
import type { Plugin } from "vite";

/**
 * `server/` is shared by every entrypoint and holds database access, clients and secrets.
 * React Router's `.server` guard covers only `app/.server`, so this plugin is the guard for
 * the top-level folders: the build fails if anything under them is pulled into a bundle
 * sent to the browser.
 */
export function serverStaysOnServer(root: string, folders = ["server", "workers"]): Plugin {
  const guarded = folders.map((f) => path.join(root, f) + path.sep);
  return {
    name: "harbor:server-stays-on-server",
    applyToEnvironment: (environment) => environment.name === "client",
    load(id) {
      const file = id.split("?")[0]!;
      const folder = guarded.find((g) => file.startsWith(g));
      if (folder)
        this.error(
          `${path.relative(root, file)} is server code, but a browser bundle imports it (its importer must move to app/.server or stop importing it).`,
        );
      return null;
    },
  };
}
