// The one declaration of what the renderer may ask of main. The preload, the
// browser-mode client and the service handlers are all typed from this object.
import type { z } from 'zod';
import type {
  Account,
  AttachmentContent,
  Folder,
  Message,
  MessagePage,
  SyncStatus,
} from './domain.ts';
import {
  accountIdSchema,
  addAccountSchema,
  attachmentRequestSchema,
  folderIdSchema,
  listMessagesSchema,
  messageIdSchema,
  noArgsSchema,
  openExternalSchema,
} from './schemas.ts';

export type Channel<Schema extends z.ZodType, ResultType> = {
  readonly args: Schema;
  // Phantom: carries the result type for the compiler, never read at run time.
  readonly result?: ResultType;
};

function channel<ResultType>() {
  return function withArgs<Schema extends z.ZodType>(args: Schema): Channel<Schema, ResultType> {
    return { args };
  };
}

export const contract = {
  // Tries the connection and login, then stores the account and starts its first sync.
  addAccount: channel<Account>()(addAccountSchema),
  // Tries the connection and login only; nothing is stored.
  testAccount: channel<{ readonly capabilities: readonly string[] }>()(addAccountSchema),
  listAccounts: channel<readonly Account[]>()(noArgsSchema),
  removeAccount: channel<null>()(accountIdSchema),
  listFolders: channel<readonly Folder[]>()(accountIdSchema),
  listMessages: channel<MessagePage>()(listMessagesSchema),
  // Served from the cache when the source is there; otherwise fetched, parsed and cached.
  getMessage: channel<Message>()(messageIdSchema),
  getAttachment: channel<AttachmentContent>()(attachmentRequestSchema),
  syncAccount: channel<null>()(accountIdSchema),
  syncFolder: channel<null>()(folderIdSchema),
  getStatus: channel<SyncStatus>()(noArgsSchema),
  // Electron opens allowed links in the system browser; browser mode answers
  // { opened: false } and the page opens the (already checked) URL itself.
  openExternal: channel<{ readonly opened: boolean; readonly url: string }>()(openExternalSchema),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ArgsOf<C extends ChannelName> = z.input<Contract[C]['args']>;
export type ResultOf<C extends ChannelName> = Contract[C] extends Channel<z.ZodType, infer R> ? R : never;

export const channelNames = Object.keys(contract) as readonly ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
