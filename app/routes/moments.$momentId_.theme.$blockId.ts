import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { ChooseThemeInput } from "../../models/moment/compose.inputs";
import { formAction, notFound, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// A participant's theme choice for a "theme" breakout block (issue 16 item 3, decision 068): the form
// app/components/moment/theme-choice.tsx posts here, wherever the moment's page embeds it. GET gives
// the choice (themes and what the reader chose) as JSON; the service decides who may.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const choice = await runService(request, () =>
    context.services.compose.themeChoiceFor(ctx, { momentId: params.momentId ?? "", blockId: params.blockId ?? "" }),
  );
  if (!choice) notFound(request);
  return json(choice);
}

const INTENTS = ["chooseTheme"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const input = await readForm(request, context, ChooseThemeInput, { momentId: params.momentId, blockId: params.blockId });
    const choice = await runService(request, () => context.services.compose.chooseTheme(ctx, input));
    return json({ ok: true as const, intent, choice });
  }, intent);
}
