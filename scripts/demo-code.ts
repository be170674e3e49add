// The demo's second factor (decision 039): the demo seed, and nothing else, enrols the organiser and the
// coaches with this fixed secret, so the demo can be tried without a phone. Add it to an authenticator
// app, or run `npm run demo:code` for the code of this moment. Never use it outside the demo seed.
import { Secret, TOTP } from "otpauth";

export const DEMO_TOTP_SECRET = "LEERKRINGDEMOLEERKRINGDEMO234567";

if (import.meta.url === `file://${process.argv[1]}`) {
  const totp = new TOTP({ secret: Secret.fromBase32(DEMO_TOTP_SECRET), digits: 6, period: 30 });
  const left = 30 - (Math.floor(Date.now() / 1000) % 30);
  console.log(`${totp.generate()}  (valid for ${left} more seconds; demo organiser and coaches only)`);
}
