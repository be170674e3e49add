// What pages show of the second factor (decision 039); shared with the browser, no mongoose.

export interface Enrolment {
  /** The secret as text, for typing into an app by hand (base32, in groups of four). */
  secret: string;
  /** The otpauth:// URI the QR code holds. */
  uri: string;
  /** The QR code as an SVG data URL, made on the server. */
  qr: string;
}

export interface SecondFactorStatus {
  /** A confirmed TOTP app. */
  enrolled: boolean;
  /** How many passkeys (decision 062). */
  passkeys: number;
  required: boolean;
  recoveryCodesLeft: number;
}

/** A passkey as the settings page lists it (decision 062). */
export interface PasskeyDTO {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Synced by a password manager or phone account, rather than bound to one device. */
  backedUp: boolean;
}
