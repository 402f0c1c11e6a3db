// Shared by the permissions and authorize tests: the expected role table,
// written out by hand (not derived from ROLE_PERMISSIONS) so a change to the
// real table has to be made twice, on purpose.

import type { Permission } from "../../../domain/permissions";

// [owner, admin, member]
// Account-level permissions are never granted by a workspace role.
export const EXPECTED_ROLE_TABLE: Record<Permission, readonly [boolean, boolean, boolean]> = {
  "view:workspace": [true, true, true],
  "view:deployment": [true, true, true],
  "view:sandbox": [true, true, true],
  "view:logs": [true, true, true],
  "create:deployment": [true, true, true],
  "update:deployment": [true, true, true],
  "delete:deployment": [true, true, true],
  "create:sandbox": [true, true, true],
  "update:sandbox": [true, true, true],
  "delete:sandbox": [true, true, true],
  "manage:access-key": [true, true, false],
  "manage:secret": [true, true, false],
  "manage:settings": [true, true, false],
  "rename:workspace": [true, true, false],
  "delete:workspace": [true, false, false],
  "manage:billing": [true, false, false],
  "transfer:workspace": [true, false, false],
  "create:workspace": [false, false, false],
  "view:account": [false, false, false],
};
