/**
 * The layers (README, "Layout"): each folder imports only the ones below it. A file that
 * breaks the rule fails here with its name and the import, rather than slowly bending the
 * structure.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Top-level folders each layer may not import from. */
const FORBIDDEN: Record<string, string[]> = {
  domain: ["app", "server", "workers", "drizzle", "emulators", "emails"],
  server: ["app", "workers", "emulators"],
  app: ["workers", "emulators"],
  workers: ["app", "emulators"],
  emails: ["app", "server", "workers", "emulators"],
};
/** Packages that mean I/O or a framework: the domain stays pure. */
const DOMAIN_FORBIDDEN_PACKAGES = /^(drizzle-orm|cloudflare:|react|react-dom|react-router|stripe|resend|better-auth|node:)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** The imports in `text` (the source of `file`, in `layer`) that break the layer's rule. */
function offencesIn(layer: string, file: string, text: string): string[] {
  const offences: string[] = [];
  for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
    if (spec!.startsWith(".")) {
      const top = path.relative(ROOT, path.resolve(path.dirname(file), spec!)).split(path.sep)[0]!;
      if (FORBIDDEN[layer]!.includes(top)) offences.push(`${path.relative(ROOT, file)} → ${spec}`);
    } else if (layer === "domain" && DOMAIN_FORBIDDEN_PACKAGES.test(spec!)) {
      offences.push(`${path.relative(ROOT, file)} → ${spec}`);
    }
  }
  return offences;
}

describe("layers", () => {
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${layer}/ imports none of ${forbidden.join(", ")}`, () => {
      const offences = sourceFiles(path.join(ROOT, layer)).flatMap((file) => offencesIn(layer, file, readFileSync(file, "utf8")));
      expect(offences).toEqual([]);
    });
  }

  it("the check sees an upward import and a framework in the domain", () => {
    expect(offencesIn("app", path.join(ROOT, "app/routes/x.tsx"), `import { a } from "../../workers/workspace-coordinator";`)).toHaveLength(1);
    expect(offencesIn("domain", path.join(ROOT, "domain/x.ts"), `import { sql } from "drizzle-orm";`)).toHaveLength(1);
    expect(offencesIn("app", path.join(ROOT, "app/routes/x.tsx"), `import { a } from "../../server/ids";`)).toEqual([]);
  });
});
