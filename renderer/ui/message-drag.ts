// Messages dragged from the list onto a folder: the ids travel in the drag data under our
// own type, so a drop from elsewhere (a file, a link) is never taken for messages.
export const messageDragType = 'application/x-letterbox-message-ids';

// The account the dragged messages belong to (one list shows one folder): a drop on Local
// Folders saves server mail there rather than moving it within an account.
export const messageDragAccountType = 'application/x-letterbox-message-account';

export function writeMessageDrag(data: DataTransfer, messageIds: readonly string[], accountId?: string): void {
  data.setData(messageDragType, JSON.stringify(messageIds));
  if (accountId !== undefined) data.setData(messageDragAccountType, accountId);
  data.effectAllowed = 'copyMove';
}

export function readMessageDragAccount(data: DataTransfer): string | null {
  const accountId = data.getData(messageDragAccountType);
  return accountId === '' ? null : accountId;
}

export function readMessageDrag(data: DataTransfer): readonly string[] | null {
  const raw = data.getData(messageDragType);
  if (raw === '') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((id) => typeof id === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

export function isMessageDrag(data: DataTransfer): boolean {
  return data.types.includes(messageDragType);
}
