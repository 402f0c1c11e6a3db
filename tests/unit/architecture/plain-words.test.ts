/**
 * Every word a customer reads is plain (principle 07), wherever it is written: the
 * vocabulary modules, and also any route, component or form module, so a page cannot slip
 * a technical word past the vocabulary's own test. The TypeScript parser finds what people
 * read: JSX text, the JSX attributes a person sees or hears (aria-label, placeholder, title,
 * alt), and string literals that read as sentences.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { JARGON } from "../../support/jargon";

const ROOT = path.resolve(import.meta.dirname, "../../..");
/** Where user-facing words may be written. */
const SOURCES = ["domain", "app/routes", "app/components", "app/forms", "app/.server", "app/root.tsx", "emails"];
const SEEN_ATTRIBUTES = new Set(["aria-label", "placeholder", "title", "alt", "label"]);
/** A literal people read: starts with a capital and has a space, or ends a sentence. */
const SENTENCE = /^[A-Z][^\n]*\s[^\n]*|^[^\n]*[a-z][.!?]$/;
/** Literals that look like sentences but are for engineers: log events, errors we throw. */
const NOT_FOR_PEOPLE = /^(?:[a-z]+\.[a-z_]+|SELECT |INSERT |UPDATE |DELETE |CREATE )/;

function files(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return [full];
  return readdirSync(full)
    .flatMap((name) => (/\.test\.tsx?$/.test(name) ? [] : files(path.join(entry, name))))
    .filter((f) => /\.tsx?$/.test(f));
}

/** Calls whose string arguments are for engineers (logs, thrown errors, assertions). */
function isEngineerCall(node: ts.Node): boolean {
  let parent = node.parent;
  while (parent && !ts.isSourceFile(parent)) {
    if (ts.isNewExpression(parent) && /Error$/.test(parent.expression.getText())) return true;
    if (
      ts.isCallExpression(parent) &&
      /(?:^|\.)(?:log|info|warn|error|alert|debug|count|child)$/.test(parent.expression.getText())
    )
      return true;
    if (ts.isCallExpression(parent) && /(?:prepare|sql|exec)$/.test(parent.expression.getText())) return true;
    parent = parent.parent;
  }
  return false;
}

export function wordsPeopleRead(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const words = node.getText().replace(/\s+/g, " ").trim();
      if (words) out.push(words);
    } else if (
      ts.isJsxAttribute(node) &&
      SEEN_ATTRIBUTES.has(node.name.getText()) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer)
    ) {
      out.push(node.initializer.text);
    } else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      !ts.isImportDeclaration(node.parent) &&
      !ts.isExportDeclaration(node.parent)
    ) {
      const value = node.text;
      if (SENTENCE.test(value) && !NOT_FOR_PEOPLE.test(value) && !isEngineerCall(node)) out.push(value);
    } else if (ts.isTemplateExpression(node) && !isEngineerCall(node)) {
      const value = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join("…");
      if (SENTENCE.test(value) && !NOT_FOR_PEOPLE.test(value)) out.push(value);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe("plain words everywhere people read them", () => {
  const all = SOURCES.flatMap(files).flatMap((file) =>
    wordsPeopleRead(file).map((words) => ({ file: path.relative(ROOT, file), words })),
  );

  it("finds the words on our pages (the scan works)", () => {
    expect(all.length).toBeGreaterThan(300);
    // Pages take their words from the vocabulary, so that is where the secrets page's are.
    expect(all.some((w) => w.file.startsWith("domain/vocabulary/") && /personal secrets/.test(w.words))).toBe(true);
  });

  it("catches jargon written straight into a page", () => {
    const page = `export default function P() { return <p>We could not provision the server (500).</p>; }`;
    expect(wordsPeopleRead("x.tsx", page).filter((w) => JARGON.test(w))).toHaveLength(1);
  });

  it("no page, component, form or vocabulary says anything technical", () => {
    const offending = all.filter(({ words }) => JARGON.test(words)).map(({ file, words }) => `${file}: ${words}`);
    expect(offending).toEqual([]);
  });
});
