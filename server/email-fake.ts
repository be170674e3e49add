import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { DevMail } from "../models/devmail/devmail.model";

/** msw handlers that answer the Postmark-style email API and keep each mail in the dev outbox.
 *  The dev server and the tests use the same handlers, so the demo runs offline. */
export const emailApiHandlers = (apiUrl: string) => [
  http.post(apiUrl, async ({ request }) => {
    const body = (await request.json()) as Record<string, unknown>;
    if (typeof body.To !== "string" || typeof body.Subject !== "string")
      return HttpResponse.json({ ErrorCode: 300, Message: "Invalid email request" }, { status: 422 });
    const mail = await DevMail.create({
      to: body.To,
      from: String(body.From ?? ""),
      subject: body.Subject,
      text: String(body.TextBody ?? ""),
    });
    return HttpResponse.json({ To: body.To, SubmittedAt: mail.at.toISOString(), MessageID: String(mail._id), ErrorCode: 0, Message: "OK" });
  }),
];

/** Starts intercepting the email API in this process; other requests pass through untouched. */
export function startEmailFake(apiUrl: string) {
  const server = setupServer(...emailApiHandlers(apiUrl));
  server.listen({ onUnhandledRequest: "bypass" });
  return server;
}
