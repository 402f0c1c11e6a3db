/**
 * What `docker exec sc-<id> sh -c "<command>"` does in a sandbox, for a handful of commands
 * that work on the sandbox's real files, so what a test pushed can be read back:
 *
 *   ls [-a] [path…]   cat <file…>   echo [-n] <args…>   pwd   cd <dir>
 *   touch <file…>     rm [-f] [-r] <path…>   mkdir [-p] <dir…> (directories are implied)
 *   true   false   exit [n]
 *
 * Words split like sh: single quotes, double quotes (with `\"`, `\\`, `\$` escapes), backslash
 * escapes; `;`, `&&` and `||` chain commands; `>` / `>>` redirect stdout into a file.
 * No variables, globs or pipes. The working directory is /app (the code), output is stdout
 * and stderr combined, an unknown command prints `sh: <cmd>: not found` and exits 127.
 */
import { type FileTree, isDirectory, listDirectory } from "./file-tree.ts";

export interface ShellResult {
  output: string;
  exitCode: number;
}

type Token = { word: string } | { op: ";" | "&&" | "||" | ">" | ">>" | "|" };

const APP = "/app";

export function runShell(command: string, tree: FileTree): ShellResult {
  const tokens = tokenize(command);
  if ("error" in tokens) return { output: `sh: 1: ${tokens.error}\n`, exitCode: 2 };
  const state = { cwd: APP, output: "", status: 0, exited: false };

  let i = 0;
  let connector: ";" | "&&" | "||" = ";";
  while (i < tokens.list.length && !state.exited) {
    const words: string[] = [];
    let redirect: { path: string; append: boolean } | null = null;
    while (i < tokens.list.length) {
      const t = tokens.list[i];
      if (!t) break;
      if ("word" in t) {
        words.push(t.word);
        i++;
        continue;
      }
      if (t.op === ">" || t.op === ">>") {
        const target = tokens.list[i + 1];
        if (!target || !("word" in target))
          return { output: `${state.output}sh: 1: Syntax error: newline unexpected\n`, exitCode: 2 };
        redirect = { path: target.word, append: t.op === ">>" };
        i += 2;
        continue;
      }
      if (t.op === "|")
        return { output: `${state.output}sh: 1: pipes are not supported by the OpenBerth emulator\n`, exitCode: 2 };
      break;
    }
    const run = connector === ";" || (connector === "&&" && state.status === 0) || (connector === "||" && state.status !== 0);
    if (run && words.length > 0) {
      const result = runCommand(words, tree, state);
      if (redirect) {
        const path = resolve(state.cwd, redirect.path);
        if (path === null || path === "" || isDirectory(tree, path)) {
          state.output += `sh: 1: cannot create ${redirect.path}: Directory nonexistent\n`;
          state.status = 2;
        } else {
          const previous = redirect.append ? (tree.get(path)?.toString("utf8") ?? "") : "";
          tree.set(path, Buffer.from(previous + result.stdout));
          state.output += result.stderr;
          state.status = result.code;
        }
      } else {
        state.output += result.stdout + result.stderr;
        state.status = result.code;
      }
    }
    const sep = tokens.list[i];
    if (sep && "op" in sep && (sep.op === ";" || sep.op === "&&" || sep.op === "||")) connector = sep.op;
    i++;
  }
  return { output: state.output, exitCode: state.status };
}

interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

function runCommand(words: string[], tree: FileTree, state: { cwd: string; status: number; exited: boolean }): CommandResult {
  const [cmd = "", ...args] = words;
  const ok = (stdout: string): CommandResult => ({ stdout, stderr: "", code: 0 });
  switch (cmd) {
    case "pwd":
      return ok(`${state.cwd}\n`);
    case "echo": {
      const noNewline = args[0] === "-n";
      return ok(args.slice(noNewline ? 1 : 0).join(" ") + (noNewline ? "" : "\n"));
    }
    case "true":
      return ok("");
    case "false":
      return { stdout: "", stderr: "", code: 1 };
    case "exit":
      state.exited = true;
      return { stdout: "", stderr: "", code: Number(args[0] ?? state.status) || 0 };
    case "cd": {
      const target = resolve(state.cwd, args[0] ?? APP);
      if (target === null || !isDirectory(tree, target))
        return { stdout: "", stderr: `sh: 1: cd: can't cd to ${args[0] ?? ""}\n`, code: 2 };
      state.cwd = target === "" ? APP : `${APP}/${target}`;
      return ok("");
    }
    case "cat":
      return cat(args, tree, state.cwd);
    case "ls":
      return ls(args, tree, state.cwd);
    case "touch": {
      for (const a of args) {
        const p = resolve(state.cwd, a);
        if (p && !tree.has(p) && !isDirectory(tree, p)) tree.set(p, Buffer.alloc(0));
      }
      return ok("");
    }
    case "mkdir":
      return ok("");
    case "rm":
      return rm(args, tree, state.cwd);
    default:
      return { stdout: "", stderr: `sh: ${cmd}: not found\n`, code: 127 };
  }
}

function cat(args: string[], tree: FileTree, cwd: string): CommandResult {
  let stdout = "";
  let stderr = "";
  let code = 0;
  for (const a of args) {
    const p = resolve(cwd, a);
    const data = p === null ? undefined : tree.get(p);
    if (data) stdout += data.toString("utf8");
    else if (p !== null && isDirectory(tree, p)) {
      stderr += `cat: ${a}: Is a directory\n`;
      code = 1;
    } else {
      stderr += `cat: ${a}: No such file or directory\n`;
      code = 1;
    }
  }
  return { stdout, stderr, code };
}

/** GNU ls when not on a terminal: one name per line; several operands get `dir:` sections. */
function ls(args: string[], tree: FileTree, cwd: string): CommandResult {
  const all = args.some((a) => /^-[a-zA-Z]*a/.test(a));
  const operands = args.filter((a) => !a.startsWith("-"));
  if (operands.length === 0) operands.push(".");
  let stderr = "";
  let code = 0;
  const files: string[] = [];
  const dirs: [string, string][] = [];
  for (const a of operands) {
    const p = resolve(cwd, a);
    if (p !== null && tree.has(p)) files.push(a);
    else if (p !== null && isDirectory(tree, p)) dirs.push([a, p]);
    else {
      stderr += `ls: cannot access '${a}': No such file or directory\n`;
      code = 2;
    }
  }
  const sections: string[] = [];
  if (files.length > 0) sections.push(files.map((f) => `${f}\n`).join(""));
  for (const [label, p] of dirs) {
    const names = listDirectory(tree, p).filter((n) => all || !n.startsWith("."));
    const listing = (all ? [".", "..", ...names] : names).map((n) => `${n}\n`).join("");
    sections.push(operands.length > 1 ? `${label}:\n${listing}` : listing);
  }
  return { stdout: sections.join(operands.length > 1 ? "\n" : ""), stderr, code };
}

function rm(args: string[], tree: FileTree, cwd: string): CommandResult {
  const flags = args.filter((a) => a.startsWith("-")).join("");
  const recursive = /r|R/.test(flags);
  const force = flags.includes("f");
  let stderr = "";
  let code = 0;
  for (const a of args.filter((x) => !x.startsWith("-"))) {
    const p = resolve(cwd, a);
    if (p !== null && tree.has(p)) tree.delete(p);
    else if (p !== null && p !== "" && isDirectory(tree, p)) {
      if (!recursive) {
        stderr += `rm: cannot remove '${a}': Is a directory\n`;
        code = 1;
        continue;
      }
      for (const key of [...tree.keys()]) if (key.startsWith(`${p}/`)) tree.delete(key);
    } else if (!force) {
      stderr += `rm: cannot remove '${a}': No such file or directory\n`;
      code = 1;
    }
  }
  return { stdout: "", stderr, code };
}

/** An operand as a tree path ("" = /app), or null when it is outside /app. */
function resolve(cwd: string, operand: string): string | null {
  const absolute = operand.startsWith("/") ? operand : `${cwd}/${operand}`;
  const parts: string[] = [];
  for (const part of absolute.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  if (parts[0] !== "app") return null;
  return parts.slice(1).join("/");
}

function tokenize(command: string): { list: Token[] } | { error: string } {
  const list: Token[] = [];
  let i = 0;
  let word: string | null = null;
  const flush = () => {
    if (word !== null) list.push({ word });
    word = null;
  };
  while (i < command.length) {
    const c = command[i] ?? "";
    if (c === " " || c === "\t") {
      flush();
      i++;
    } else if (c === "\n" || c === ";") {
      flush();
      list.push({ op: ";" });
      i++;
    } else if (c === "&" && command[i + 1] === "&") {
      flush();
      list.push({ op: "&&" });
      i += 2;
    } else if (c === "|") {
      flush();
      if (command[i + 1] === "|") {
        list.push({ op: "||" });
        i += 2;
      } else {
        list.push({ op: "|" });
        i++;
      }
    } else if (c === ">") {
      flush();
      if (command[i + 1] === ">") {
        list.push({ op: ">>" });
        i += 2;
      } else {
        list.push({ op: ">" });
        i++;
      }
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return { error: "Syntax error: Unterminated quoted string" };
      word = (word ?? "") + command.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      for (;;) {
        const d = command[j];
        if (d === undefined) return { error: "Syntax error: Unterminated quoted string" };
        if (d === '"') break;
        if (d === "\\" && ['"', "\\", "$", "`"].includes(command[j + 1] ?? "")) {
          text += command[j + 1];
          j += 2;
          continue;
        }
        text += d;
        j++;
      }
      word = (word ?? "") + text;
      i = j + 1;
    } else if (c === "\\") {
      word = (word ?? "") + (command[i + 1] ?? "");
      i += 2;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  flush();
  return { list };
}
