// access — see index.ts.
export {};
