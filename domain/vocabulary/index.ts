// Every word a customer reads comes from here (principle 07), one file per area of the
// product: our customers are not engineers — if a line needs a technical term to make
// sense, rewrite it. tests/unit/architecture/plain-words.test.ts checks these files and
// every page, component and form module for jargon, so copy written elsewhere is caught.
export * from "./common";
export * from "./workspaces";
export * from "./deployments";
export * from "./sandboxes";
export * from "./access";
export * from "./billing";
export * from "./notifications";
export * from "./emails";
export * from "./contacts";
export * from "./site";
export * from "./help-guides";
export * from "./legal";
export * from "./time-zones";
