// workspaces — see index.ts.
export {};
