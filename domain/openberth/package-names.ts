// Package names a sandbox may install, by npm's own rules (npm's validate-npm-package-name,
// restated: that package reads Node's module list, which the browser bundle can't load).
// A version or range may follow the name after "@" ("left-pad@1.3.0", "@scope/pkg@^2").

const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const VERSION = /^[0-9A-Za-z.^~<>=*|+-]{1,64}$/;
const BLOCKED = new Set(["node_modules", "favicon.ico"]);

export function isInstallablePackage(spec: string): boolean {
  if (spec.length === 0 || spec.length > 214 + 65) return false;
  const at = spec.indexOf("@", 1);
  const name = at === -1 ? spec : spec.slice(0, at);
  const version = at === -1 ? null : spec.slice(at + 1);
  if (name.length > 214 || !NAME.test(name) || BLOCKED.has(name)) return false;
  return version === null || VERSION.test(version);
}
