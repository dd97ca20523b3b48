// RFC 5256 2.1 "base subject": the subject with reply and forward markers, list tags and
// trailing "(fwd)" taken away, compared case-insensitively (folded to lower case here).

const leader = /^(?:\s*(?:\[[^[\]]*\]\s*)*(?:re|fwd?|aw|sv|wg)\s*(?:\[[^[\]]*\])?\s*:\s*)/i;
const blobOnly = /^\s*\[[^[\]]*\]\s*(?=\S)/;
const trailer = /\s*\(fwd\)\s*$/i;

export type SubjectParts = {
  // What threads compare; '' for an empty subject, which never joins a thread by subject.
  readonly base: string;
  // The subject carried a reply or forward marker ("Re:", "Fwd:", "AW:", "[fwd: …]").
  readonly isReply: boolean;
};

export function subjectParts(subject: string): SubjectParts {
  let text = subject.replace(/\s+/g, ' ').trim();
  let isReply = false;
  for (;;) {
    const before = text;
    text = text.replace(trailer, '');
    const marker = leader.exec(text);
    if (marker !== null) {
      text = text.slice(marker[0].length);
      isReply = true;
    } else {
      // RFC 5256 2.1 (5): a leading [blob] goes only when something follows it.
      text = text.replace(blobOnly, '');
    }
    // RFC 5256 2.1 (6): "[fwd: subject]" wraps a forwarded subject.
    const wrapped = /^\[fwd:\s*(.*)\]$/i.exec(text);
    if (wrapped !== null) {
      text = wrapped[1] ?? '';
      isReply = true;
    }
    text = text.trim();
    if (text === before) break;
  }
  return { base: text.toLowerCase(), isReply };
}
