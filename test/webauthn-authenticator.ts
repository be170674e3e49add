// A small software authenticator (decision 062): what a phone or security key does for
// navigator.credentials.create() and .get(), with node:crypto, so the service tests send the server
// real WebAuthn answers (ES256 keys, "none" attestation, real signatures over real authenticator data).
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

type CBOR = Parameters<typeof isoCBOR.encode>[0];
const b64url = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest();

/** Flags of the authenticator data: user present, user verified, backup eligible and state, attested data. */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export interface SoftPasskey {
  id: Buffer;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

export interface AuthenticatorOptions {
  /** The origin the browser reports (a phishing site's, to test the refusal). */
  origin: string;
  /** Does the authenticator verify its user (a PIN, a fingerprint)? */
  userVerified?: boolean;
}

function authData(rpID: string, flags: number, counter: number, attested?: Buffer) {
  const count = Buffer.alloc(4);
  count.writeUInt32BE(counter);
  return Buffer.concat([sha256(rpID), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
}

function cosePublicKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: "jwk" });
  const map = new Map<number, number | Uint8Array>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, Buffer.from(jwk.x ?? "", "base64url")],
    [-3, Buffer.from(jwk.y ?? "", "base64url")],
  ]);
  return isoCBOR.encode(map);
}

/** navigator.credentials.create() with `options` (the server's JSON): a new passkey and the answer. */
export function createCredential(
  options: { challenge: string; rp: { id?: string }; user: { id: string } },
  { origin, userVerified = true }: AuthenticatorOptions,
) {
  const rpID = options.rp.id ?? new URL(origin).hostname;
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const id = randomBytes(16);
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(id.length);
  const attested = Buffer.concat([Buffer.alloc(16), idLength, id, Buffer.from(cosePublicKey(publicKey))]);
  const data = authData(rpID, UP | AT | (userVerified ? UV : 0), 0, attested);
  const attestationObject = isoCBOR.encode(
    new Map<string, CBOR>([
      ["fmt", "none"],
      ["attStmt", new Map<string, CBOR>()],
      ["authData", data],
    ]),
  );
  const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin, crossOrigin: false }));
  const passkey: SoftPasskey = { id, privateKey, userHandle: options.user.id, counter: 0 };
  const response = {
    id: b64url(id),
    rawId: b64url(id),
    type: "public-key" as const,
    clientExtensionResults: {},
    authenticatorAttachment: "platform" as const,
    response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ["internal" as const] },
  };
  return { passkey, response };
}

/** navigator.credentials.get() with `options`: `passkey` signs the challenge (its counter goes up by
 *  one unless `counter` says what to report). */
export function getAssertion(
  passkey: SoftPasskey,
  options: { challenge: string; rpId?: string },
  { origin, userVerified = true, counter }: AuthenticatorOptions & { counter?: number },
) {
  const rpID = options.rpId ?? new URL(origin).hostname;
  passkey.counter = counter ?? passkey.counter + 1;
  const data = authData(rpID, UP | (userVerified ? UV : 0), passkey.counter);
  const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin, crossOrigin: false }));
  const signature = sign("sha256", Buffer.concat([data, sha256(clientDataJSON)]), passkey.privateKey);
  return {
    id: b64url(passkey.id),
    rawId: b64url(passkey.id),
    type: "public-key" as const,
    clientExtensionResults: {},
    authenticatorAttachment: "platform" as const,
    response: {
      clientDataJSON: b64url(clientDataJSON),
      authenticatorData: b64url(data),
      signature: b64url(signature),
      userHandle: passkey.userHandle,
    },
  };
}

/** One authenticator seen from one origin: create() and get() as the browser would call them. */
export function createAuthenticator(options: AuthenticatorOptions) {
  return {
    create: (o: Parameters<typeof createCredential>[0], more: Partial<AuthenticatorOptions> = {}) =>
      createCredential(o, { ...options, ...more }),
    get: (passkey: SoftPasskey, o: Parameters<typeof getAssertion>[1], more: Partial<AuthenticatorOptions> & { counter?: number } = {}) =>
      getAssertion(passkey, o, { ...options, ...more }),
  };
}
