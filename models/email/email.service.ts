import type { OutgoingMail } from "../shared/context";

export interface EmailApiConfig {
  url: string;
  token: string;
  from: string;
}

/** Sends through a Postmark-style JSON API; throws when the API refuses, so nothing is lost silently. */
export function createMailSender(config: EmailApiConfig) {
  return async function sendMail(mail: OutgoingMail): Promise<void> {
    const res = await fetch(config.url, {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        "X-Postmark-Server-Token": config.token,
      },
      body: JSON.stringify({
        From: config.from,
        To: mail.to,
        Subject: mail.subject,
        TextBody: mail.text,
        MessageStream: "outbound",
        ...(mail.headers ? { Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`email API answered ${res.status}`);
  };
}
