import type { ActionPayload, FlagTarget } from './action-types.ts';

function describeFlags(set: FlagTarget): string {
  const parts: string[] = [];
  if (set.seen !== undefined) parts.push(set.seen ? 'marking as read' : 'marking as unread');
  if (set.flagged !== undefined) parts.push(set.flagged ? 'flagging' : 'unflagging');
  if (set.junk !== undefined) parts.push(set.junk ? 'marking as junk' : 'marking as not junk');
  if (set.answered === true) parts.push('marking as answered');
  if (set.forwarded === true) parts.push('marking as forwarded');
  return parts.join(' and ') || 'changing flags';
}

function messages(count: number): string {
  return count === 1 ? '1 message' : `${count} messages`;
}

// "Moving 3 messages to “Archive”", for the sentences the user reads when a change fails.
export function describeAction(payload: ActionPayload): string {
  const count = messages(payload.messages.length);
  switch (payload.kind) {
    case 'flags':
      return `${capitalise(describeFlags(payload.set))} ${count}`;
    case 'move':
      if (payload.reason === 'delete') return `Deleting ${count}`;
      if (payload.reason === 'archive') return `Archiving ${count}`;
      return `Moving ${count} to "${payload.targetName}"`;
    case 'expunge':
      return `Deleting ${count}`;
    case 'keywords':
      return payload.add.length > 0 ? `Setting keyword "${payload.add.join('", "')}" on ${count}` : `Removing a keyword from ${count}`;
    case 'copy':
      return `Copying ${count} to "${payload.targetName}"`;
  }
}

// The message is gone on the server: the change is dropped for it (docs/decisions.md).
export function goneMessage(payload: ActionPayload, missing: number): string {
  const what = describeAction(payload).replace(/^\S+/, (verb) => verb.toLowerCase());
  const count = missing === 1 ? '1 message was' : `${missing} messages were`;
  return `${count} already deleted on the server (perhaps on another device), so ${what} was dropped for ${missing === 1 ? 'it' : 'them'}.`;
}

// Deleted where the server has no UIDPLUS (RFC 4315): only marked, never a bare EXPUNGE.
export function markedDeletedMessage(payload: ActionPayload): string {
  const count = payload.messages.length === 1 ? 'The message' : `The ${payload.messages.length} messages`;
  return `${count} in "${payload.folderPath}" ${payload.messages.length === 1 ? 'is' : 'are'} marked as deleted but left on the server for it to remove: this server cannot remove single messages (no UIDPLUS), and removing all marked messages could take mail other programs marked too. Other mail programs may still show ${payload.messages.length === 1 ? 'it' : 'them'} crossed out.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
