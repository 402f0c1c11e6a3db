/** The People page's forms, checked in the browser (conform) and on the server (always). */
import { z } from "zod";
import { INVITED_ROLES } from "../../domain/permissions";
import { PEOPLE_FORM_MESSAGES as M } from "../../domain/vocabulary";

const accountId = z.string().min(1).max(100);
const role = z.enum(INVITED_ROLES, { error: M.role });
/** What happens to the access keys an admin made, when they are removed or stop being an admin. */
const keys = z.enum(["replace", "remove"], { error: M.keys }).optional();

export const peopleSchemas = {
  invite: z.object({
    intent: z.literal("invite"),
    email: z
      .string({ error: M.email })
      .trim()
      .toLowerCase()
      .max(254, { error: M.email })
      .pipe(z.email({ error: M.email })),
    role,
  }),
  revoke: z.object({ intent: z.literal("revoke"), invitationId: z.string().min(1).max(100) }),
  role: z.object({ intent: z.literal("role"), accountId, role, keys }),
  remove: z.object({ intent: z.literal("remove"), accountId, keys }),
  leave: z.object({ intent: z.literal("leave") }),
};
