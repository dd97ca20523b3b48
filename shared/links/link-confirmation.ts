// Why a link is not opened until the user says so (electron/security/deceptive-link.ts).
export type LinkConfirmationReason =
  // The link's visible text names one host and the link leads to another.
  | 'different-host'
  // The host is an international (IDN) name, which may imitate another one letter by letter.
  | 'international-name';

export type LinkConfirmation = {
  readonly reason: LinkConfirmationReason;
  // Where the link really leads, as ASCII (IDN labels in punycode, "xn--..."), lower case.
  readonly host: string;
  // The host the link's text shows, normalised the same way; null when the text shows none.
  readonly shownHost: string | null;
};
