/**
 * The notification settings' forms. The address itself is judged on the server by
 * domain/notifications/destination.ts (it knows the local test origin); here only its
 * presence and length, so the browser can say the obvious at once.
 */
import { z } from "zod";
import { DESTINATION_MAX_LENGTH } from "../../domain/notifications/destination";
import { DESTINATION_PROBLEM_WORDS as M } from "../../domain/vocabulary";

const address = z
  .string({ error: M.missing })
  .trim()
  .min(1, { error: M.missing })
  .max(DESTINATION_MAX_LENGTH, { error: M.too_long });

export const saveServiceSchema = z.object({ intent: z.literal("save-webhook"), url: address });
export const saveSlackSchema = z.object({ intent: z.literal("save-slack"), url: address });

const endpointId = z.string().min(1).max(100);
export const sendTestSchema = z.object({ intent: z.literal("test"), endpointId });
export const turnOnSchema = z.object({ intent: z.literal("turn-on"), endpointId });
export const removeSchema = z.object({ intent: z.literal("remove"), endpointId });

export const NOTIFICATION_BUTTON_INTENTS = ["test", "turn-on", "remove"] as const;

/** Every form of the settings page, by intent (the action reads these; the fuzz table checks them). */
export const notificationSchemas = {
  "save-webhook": saveServiceSchema,
  "save-slack": saveSlackSchema,
  test: sendTestSchema,
  "turn-on": turnOnSchema,
  remove: removeSchema,
};
