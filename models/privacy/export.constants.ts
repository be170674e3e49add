// The export of one's own data (decision 049).

/** How long the mailed download link works. */
export const EXPORT_LINK_HOURS = 48;
