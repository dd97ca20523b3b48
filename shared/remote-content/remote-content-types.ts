// "Load remote content" choices the user made (migration 012).
export type RemoteContentScope = 'message' | 'sender' | 'domain';

export type RemoteContentConsent = {
  readonly id: string;
  readonly scope: RemoteContentScope;
  // The sender's address or the domain (lower-case); for a message, its subject.
  readonly label: string;
  readonly createdAt: number;
};

export type RemoteContentPolicy = {
  readonly allowed: boolean;
  // What "always" would be kept for: the From address and its domain (null without a sender).
  readonly sender: string | null;
  readonly domain: string | null;
};
