/** Set by vite.config.ts: true only where local test controls are built in. */
declare const __HARBOR_TEST_CONTROLS__: boolean;
