// deployments — see index.ts.
export {};
