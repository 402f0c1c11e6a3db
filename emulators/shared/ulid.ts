/** ULIDs for the stand-ins: the same ids as Harbor's own (server/ids.ts), from the `ulid` package. */
export { ulid } from "../../server/ids.ts";
