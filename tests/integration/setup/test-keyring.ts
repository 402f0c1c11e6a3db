/** A fixed local-only keyring for integration tests (two versions: rotation is tested). */
export const TEST_KEYRING = JSON.stringify({
  current: 2,
  keys: {
    "1": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    "2": "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
  },
});
