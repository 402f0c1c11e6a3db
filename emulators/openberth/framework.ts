/**
 * Framework detection as `framework.DetectWithOverrides` does it, on marker files only:
 * Go (`go.mod`), then Python (`requirements.txt`, `pyproject.toml`, …), then Node
 * (`package.json` with a known dependency or a `start` script), then static (`index.html`).
 * A `.berth.json` with override keys can force the language and the build/start/install/dev
 * commands. Nothing is ever built; the commands only decide what the API reports and allows
 * (e.g. a sandbox needs a dev command, promote needs a build or start command).
 */
import type { FileTree } from "./file-tree.ts";

export interface FrameworkInfo {
  framework: string;
  language: string;
  buildCmd: string;
  startCmd: string;
  installCmd: string;
  devCmd: string;
  /** The app's port inside the container (the host-side proxy port is separate). */
  port: number;
}

interface BerthConfig {
  language: string;
  build: string;
  start: string;
  install: string;
  dev: string;
}

const PYTHON_MARKERS = [
  "requirements.txt",
  "pyproject.toml",
  "Pipfile",
  "setup.py",
  "setup.cfg",
  "app.py",
  "main.py",
  "manage.py",
];

export function detectFramework(tree: FileTree): FrameworkInfo | null {
  const cfg = readBerthConfig(tree);
  if (cfg && cfg.language !== "") {
    const detected = detectLanguage(tree, cfg.language);
    if (detected) return applyOverrides(detected, cfg);
    if (cfg.start !== "") {
      const defaults = defaultsForLanguage(cfg.language);
      if (defaults) return applyOverrides(defaults, cfg);
    }
  }
  for (const language of ["go", "python", "node", "static"]) {
    const detected = detectLanguage(tree, language);
    if (detected) return applyOverrides(detected, cfg);
  }
  if (cfg && cfg.language !== "" && cfg.start !== "") {
    const defaults = defaultsForLanguage(cfg.language);
    if (defaults) return applyOverrides(defaults, cfg);
  }
  return null;
}

/** `detectProjectLang` (sandbox install and push): go, python, else node. */
export function projectLanguage(tree: FileTree): string {
  if (tree.has("go.mod")) return "go";
  for (const f of ["requirements.txt", "pyproject.toml", "Pipfile", "manage.py", "setup.py"]) if (tree.has(f)) return "python";
  return "node";
}

function detectLanguage(tree: FileTree, language: string): FrameworkInfo | null {
  switch (language) {
    case "go":
      return detectGo(tree);
    case "python":
      return detectPython(tree);
    case "node":
      return detectNode(tree);
    case "static":
      return tree.has("index.html") ? info("static", "static", "", "", "", 80) : null;
    default:
      return null;
  }
}

function info(
  framework: string,
  language: string,
  buildCmd: string,
  startCmd: string,
  devCmd: string,
  port: number,
): FrameworkInfo {
  return { framework, language, buildCmd, startCmd, devCmd, installCmd: "", port };
}

function detectGo(tree: FileTree): FrameworkInfo | null {
  const goMod = tree.get("go.mod");
  if (!goMod) return null;
  const module = /^module\s+(\S+)/m.exec(goMod.toString("utf8"))?.[1] ?? "";
  const binary = module ? (module.split("/").pop() ?? "server") : "server";
  return info(
    "go",
    "go",
    `go build -o /app/bin/${binary} .`,
    `/app/bin/${binary}`,
    "go build -o /tmp/bin/server . && /tmp/bin/server",
    8080,
  );
}

function detectPython(tree: FileTree): FrameworkInfo | null {
  if (!PYTHON_MARKERS.some((f) => tree.has(f))) return null;
  const deps = `${(tree.get("requirements.txt")?.toString("utf8") ?? "").toLowerCase()}\n${(tree.get("pyproject.toml")?.toString("utf8") ?? "").toLowerCase()}`;
  const appFile = ["app", "main", "server"].find((n) => tree.has(`${n}.py`)) ?? "app";
  if (tree.has("manage.py")) {
    return info(
      "django",
      "python",
      "",
      "python manage.py runserver 0.0.0.0:$PORT",
      "python manage.py runserver 0.0.0.0:$PORT",
      8000,
    );
  }
  if (deps.includes("fastapi")) {
    return info(
      "fastapi",
      "python",
      "",
      `uvicorn ${appFile}:app --host 0.0.0.0 --port $PORT`,
      `uvicorn ${appFile}:app --host 0.0.0.0 --port $PORT --reload`,
      8000,
    );
  }
  if (deps.includes("flask")) {
    return info(
      "flask",
      "python",
      "",
      `gunicorn ${appFile}:app --bind 0.0.0.0:$PORT`,
      `flask --app ${appFile} run --host 0.0.0.0 --port $PORT --debug`,
      8000,
    );
  }
  const main = tree.has("app.py") ? "app.py" : tree.has("main.py") ? "main.py" : "app.py";
  return info("python", "python", "", `python ${main}`, `python ${main}`, 8000);
}

interface PackageJson {
  deps: Set<string>;
  scripts: Record<string, string>;
}

/** package.json as Go's json.Unmarshal reads it: invalid JSON leaves everything empty. */
export function readPackageJson(tree: FileTree): PackageJson | null {
  const raw = tree.get("package.json");
  if (!raw) return null;
  const out: PackageJson = { deps: new Set(), scripts: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    return out;
  }
  if (!isObject(parsed)) return out;
  for (const key of ["dependencies", "devDependencies"]) {
    const deps = parsed[key];
    if (isObject(deps)) for (const name of Object.keys(deps)) out.deps.add(name);
  }
  const scripts = parsed["scripts"];
  if (isObject(scripts)) for (const [k, v] of Object.entries(scripts)) if (typeof v === "string") out.scripts[k] = v;
  return out;
}

function detectNode(tree: FileTree): FrameworkInfo | null {
  const pkg = readPackageJson(tree);
  if (!pkg) return null;
  const has = (d: string) => pkg.deps.has(d);
  if (has("next"))
    return info(
      "nextjs",
      "node",
      "npx next build",
      "npx next start -H 0.0.0.0 -p $PORT",
      "npx next dev -H 0.0.0.0 -p $PORT",
      3000,
    );
  if (has("nuxt"))
    return info(
      "nuxt",
      "node",
      "npx nuxi build",
      "node .output/server/index.mjs",
      "npx nuxi dev --host 0.0.0.0 --port $PORT",
      3000,
    );
  if (has("@sveltejs/kit"))
    return info("sveltekit", "node", "npx vite build", "node build/index.js", "npx vite dev --host 0.0.0.0 --port $PORT", 3000);
  if (has("vite"))
    return info(
      "vite",
      "node",
      "npx vite build",
      "npx vite preview --host 0.0.0.0 --port $PORT",
      "npx vite dev --host 0.0.0.0 --port $PORT",
      4173,
    );
  if (has("react-scripts"))
    return info(
      "cra",
      "node",
      "npx react-scripts build && npm install --no-save serve",
      "npx serve -s build -l $PORT",
      "npx react-scripts start",
      3000,
    );
  if (has("@vue/cli-service"))
    return info(
      "vue-cli",
      "node",
      "npx vue-cli-service build && npm install --no-save serve",
      "npx serve -s dist -l $PORT",
      "npx vue-cli-service serve --host 0.0.0.0 --port $PORT",
      8080,
    );
  if (has("@angular/cli") || has("@angular/core"))
    return info(
      "angular",
      "node",
      "npx ng build && npm install --no-save serve",
      "npx serve -s dist/*/browser -l $PORT",
      "npx ng serve --host 0.0.0.0 --port $PORT",
      4200,
    );
  if (pkg.scripts["start"]) {
    return info(
      "node",
      "node",
      pkg.scripts["build"] ? "npm run build" : "",
      "npm start",
      pkg.scripts["dev"] ? "npm run dev" : "",
      3000,
    );
  }
  return null;
}

function defaultsForLanguage(language: string): FrameworkInfo | null {
  switch (language) {
    case "node":
      return info("node", "node", "", "", "", 3000);
    case "python":
      return info("python", "python", "", "", "", 8000);
    case "go":
      return info("go", "go", "", "", "", 8080);
    case "static":
      return info("static", "static", "", "", "", 8080);
    default:
      return null;
  }
}

function readBerthConfig(tree: FileTree): BerthConfig | null {
  const raw = tree.get(".berth.json");
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    return null;
  }
  if (!isObject(parsed)) return null;
  const str = (k: string) => (typeof parsed[k] === "string" ? (parsed[k] as string) : "");
  const cfg = { language: str("language"), build: str("build"), start: str("start"), install: str("install"), dev: str("dev") };
  if (!cfg.language && !cfg.build && !cfg.start && !cfg.install && !cfg.dev) return null;
  return cfg;
}

function applyOverrides(fw: FrameworkInfo, cfg: BerthConfig | null): FrameworkInfo {
  if (!cfg) return fw;
  return {
    ...fw,
    buildCmd: cfg.build || fw.buildCmd,
    startCmd: cfg.start || fw.startCmd,
    installCmd: cfg.install || fw.installCmd,
    devCmd: cfg.dev || fw.devCmd,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
