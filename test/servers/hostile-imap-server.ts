// A scripted IMAP server (on test/servers/scripted-server.ts) that plays just enough of
// RFC 3501 for Letterbox to log in, list, examine and fetch headers, with hooks to send what
// no real server sends on purpose: hostile mailbox names, impossible counts, UID 0, EXISTS
// and EXPUNGE in the middle of a FETCH. Plain text on 127.0.0.1 only (tests).
import { startScriptedServer, type ScriptedConnection, type ScriptedServer } from './scripted-server.ts';

export type HostileMessage = { readonly uid: string; readonly subject: string };

export type HostileFolder = {
  // The name as it goes on the wire: a quoted string ("INBOX") or a literal ({3}\r\na\0b).
  readonly wire: string;
  // The name the client sends back, as the server decodes it (quotes and literal removed).
  readonly match: string;
  readonly exists: string;
  readonly uidNext: string;
  readonly uidValidity: string;
  readonly messages: readonly HostileMessage[];
  // Sent between the FETCH responses of the first UID FETCH of the folder.
  readonly midFetch?: string;
};

export type HostileImapServer = ScriptedServer & { readonly commands: readonly string[] };

const TAG_LINE = /^(\S+) (?:UID )?(\S+)/i;

function fetchResponse(sequence: number, message: HostileMessage): string {
  const subject = JSON.stringify(message.subject);
  return (
    `* ${sequence} FETCH (UID ${message.uid} FLAGS () INTERNALDATE "01-Jan-2024 10:00:00 +0000" RFC822.SIZE 120 ` +
    `ENVELOPE ("Mon, 1 Jan 2024 10:00:00 +0000" ${subject} (("Eve" NIL "eve" "example.org")) NIL NIL NIL NIL NIL NIL "<${sequence}.hostile@example.org>") ` +
    `BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 1 NIL NIL NIL NIL) ` +
    `BODY[HEADER.FIELDS (REFERENCES)] {2}\r\n\r\n)\r\n`
  );
}

// The mailbox argument of a command as the client sent it (quoted, atom or literal).
function mailboxArgument(rest: string): string {
  const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, '$1');
  return rest.split(' ')[0] ?? '';
}

export async function startHostileImapServer(folders: readonly HostileFolder[]): Promise<HostileImapServer> {
  const commands: string[] = [];
  const fetched = new Set<string>();
  // Per connection: the literal a command line announced, and the line it belongs to.
  const pending = new WeakMap<ScriptedConnection, { line: string; literal: number }>();
  const selected = new WeakMap<ScriptedConnection, HostileFolder>();
  let idleTag: string | null = null;

  function handle(line: string, connection: ScriptedConnection): void {
    const announced = /\{(\d+)\+?\}$/.exec(line);
    const waiting = pending.get(connection);
    if (waiting !== undefined) {
      pending.delete(connection);
      line = `${waiting.line}${line}`;
    }
    if (announced !== null && waiting === undefined) {
      // RFC 3501 7.5: the client waits for "+" before sending a synchronizing literal.
      pending.set(connection, { line: line.slice(0, announced.index), literal: Number(announced[1]) });
      connection.write('+ go on\r\n');
      return;
    }
    if (line.toUpperCase() === 'DONE' && idleTag !== null) {
      connection.write(`${idleTag} OK idle done\r\n`);
      idleTag = null;
      return;
    }
    commands.push(line);
    const parsed = TAG_LINE.exec(line);
    const tag = parsed?.[1] ?? '*';
    const verb = (parsed?.[2] ?? '').toUpperCase();
    const rest = line.slice((parsed?.[0] ?? '').length).trim();
    const byName = (name: string) => folders.find((folder) => folder.match === name || (name.toUpperCase() === 'INBOX' && folder.match === 'INBOX'));
    switch (verb) {
      case 'CAPABILITY':
        connection.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK done\r\n`);
        return;
      case 'LOGIN':
        connection.write(`${tag} OK [CAPABILITY IMAP4rev1] logged in\r\n`);
        return;
      case 'LIST':
      case 'LSUB':
        if (rest.endsWith('""')) connection.write(`* ${verb} (\\Noselect) "/" ""\r\n`);
        else for (const folder of folders) connection.write(`* ${verb} () "/" ${folder.wire}\r\n`);
        connection.write(`${tag} OK done\r\n`);
        return;
      case 'STATUS': {
        const folder = byName(mailboxArgument(rest));
        if (folder === undefined) {
          connection.write(`${tag} NO no such mailbox\r\n`);
          return;
        }
        connection.write(
          `* STATUS ${folder.wire} (MESSAGES ${folder.exists} UIDNEXT ${folder.uidNext} UIDVALIDITY ${folder.uidValidity} UNSEEN 0)\r\n${tag} OK done\r\n`,
        );
        return;
      }
      case 'SELECT':
      case 'EXAMINE': {
        const folder = byName(mailboxArgument(rest));
        if (folder === undefined) {
          connection.write(`${tag} NO no such mailbox\r\n`);
          return;
        }
        selected.set(connection, folder);
        connection.write(
          `* FLAGS (\\Seen \\Deleted)\r\n* ${folder.exists} EXISTS\r\n* OK [UIDVALIDITY ${folder.uidValidity}] v\r\n* OK [UIDNEXT ${folder.uidNext}] n\r\n${tag} OK [${verb === 'EXAMINE' ? 'READ-ONLY' : 'READ-WRITE'}] done\r\n`,
        );
        return;
      }
      case 'FETCH': {
        const folder = selected.get(connection);
        const messages = folder?.messages ?? [];
        let text = '';
        messages.forEach((message, index) => {
          text += fetchResponse(index + 1, message);
          if (index === 0 && folder?.midFetch !== undefined && !fetched.has(folder.match)) text += folder.midFetch;
        });
        if (folder !== undefined) fetched.add(folder.match);
        connection.write(`${text}${tag} OK done\r\n`);
        return;
      }
      case 'SEARCH': {
        const folder = selected.get(connection);
        connection.write(`* SEARCH ${(folder?.messages ?? []).map((message) => message.uid).join(' ')}\r\n${tag} OK done\r\n`);
        return;
      }
      case 'IDLE':
        idleTag = tag;
        connection.write('+ idling\r\n');
        return;
      case 'LOGOUT':
        connection.write(`* BYE bye\r\n${tag} OK bye\r\n`);
        connection.drop();
        return;
      default:
        connection.write(`${tag} OK done\r\n`);
    }
  }

  const server = await startScriptedServer({
    greeting: '* OK [CAPABILITY IMAP4rev1] hostile IMAP ready\r\n',
    onLine: handle,
  });
  return Object.assign(server, { commands });
}
