import { json, type AppLoadContext } from "@remix-run/node";
import {
  applyBlockOp,
  type BlockFormOp,
  CreateMomentInput,
  MomentPlanForm,
  planErrorsOf,
  planFromFields,
  planInputOf,
  UpdateMomentInput,
} from "../../models/moment/moment.inputs";
import type { MomentDraft } from "../../models/moment/moment.inputs";
import { errorMessage } from "../../models/shared/error-messages";
import { getLocale } from "./i18n.server";
import { readForm, runService } from "./form.server";
import { requireServiceContext } from "./session.server";

// The planning form's action, shared by the trajectory's moments page (a new moment) and a moment's
// plan page (decision 066). Without JavaScript every button posts the whole form: a block added,
// removed or moved comes back as a changed draft (nothing stored); "save" stores it through the
// service, and a refusal comes back with the draft, so nothing typed is lost.

export type PlanActionData = { ok: boolean; intent: "plan"; draft?: MomentDraft; message?: string; fieldErrors?: Record<string, string> };

/** Handles intent "plan" for `target`; on a save, `saved` is called with the moment's id. */
export async function planAction(
  request: Request,
  context: AppLoadContext,
  target: { trajectoryId: string } | { momentId: string },
  saved: (id: string) => Response,
): Promise<Response> {
  const { ctx } = await requireServiceContext(request, context);
  const services = context.services.moment;
  // Who may not plan here learns nothing, whatever they post (the same 404 as for a missing one).
  await runService(request, () => services.assertCanPlan(ctx, target));
  const fields = await readForm(request, context, MomentPlanForm);
  const op: BlockFormOp = fields.op;
  const draft = applyBlockOp(planFromFields(fields), op);
  if (op !== "save") return json<PlanActionData>({ ok: true, intent: "plan", draft });
  const input = { ...target, ...planInputOf(draft) };
  const parsed = ("momentId" in target ? UpdateMomentInput : CreateMomentInput).safeParse(input);
  const refuse = (status: number, message: string, fieldErrors: Record<string, string>) =>
    json<PlanActionData>({ ok: false, intent: "plan", draft, message, fieldErrors }, { status });
  if (!parsed.success) return refuse(400, errorMessage(getLocale(request), "invalid_input"), planErrorsOf(parsed.error.issues));
  try {
    const id = await runService(request, async () => {
      if (!("momentId" in target)) return (await services.createMoment(ctx, input)).id;
      await services.updateMoment(ctx, input);
      return target.momentId;
    });
    return saved(id);
  } catch (e) {
    // A refusal for the form (400, 403, 409): with the draft; a 404 passes through.
    if (e instanceof Response && e.status !== 404 && e.headers.get("Content-Type")?.includes("json")) {
      const body = (await e.json()) as { message: string; fieldErrors: Record<string, string> };
      return refuse(e.status, body.message, body.fieldErrors);
    }
    throw e;
  }
}
