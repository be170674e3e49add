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
  enrolled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}
