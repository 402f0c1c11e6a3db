// sandboxes — see index.ts.
export {};
