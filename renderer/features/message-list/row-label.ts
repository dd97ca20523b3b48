import type { MessageSummary } from '../../../shared/domain.ts';
import { locationText } from '../../ui/location-text.ts';

export function senderText(message: MessageSummary): string {
  const from = message.from;
  if (from === null) return '(no sender)';
  return from.name.trim().length > 0 ? from.name.trim() : from.address;
}

export function subjectText(message: MessageSummary): string {
  return message.subject.trim().length > 0 ? message.subject : '(no subject)';
}

// What a screen reader says for a row: state first, so "unread" is heard before the details.
export function rowLabel(message: MessageSummary, dateText: string): string {
  const parts = [
    message.flags.seen ? null : 'unread',
    message.flags.flagged ? 'flagged' : null,
    senderText(message),
    subjectText(message),
    dateText.length > 0 ? dateText : null,
    message.hasAttachments ? 'has attachments' : null,
    message.location === undefined ? null : locationText(message.location),
  ];
  return parts.filter((part): part is string => part !== null).join(', ');
}
