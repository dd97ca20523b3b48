// Messages dragged from the list onto a folder: the ids travel in the drag data under our
// own type, so a drop from elsewhere (a file, a link) is never taken for messages.
export const messageDragType = 'application/x-letterbox-message-ids';

export function writeMessageDrag(data: DataTransfer, messageIds: readonly string[]): void {
  data.setData(messageDragType, JSON.stringify(messageIds));
  data.effectAllowed = 'copyMove';
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
