import { z } from "zod";
import { RETENTION_CHOICES } from "./retention.constants";

/** The organiser's retention setting for one trajectory (decision 048). */
export const SetRetentionInput = z.object({ retention: z.enum(RETENTION_CHOICES) });
