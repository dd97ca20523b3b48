// One POP3 socket: a queue of commands, their responses in order, a silence timeout, and the
// STLS upgrade. Commands go out up to `window` at a time (1 unless the server announced
// PIPELINING); responses are matched to commands strictly in order (RFC 2449 6.6).
import { connect as netConnect, type Socket } from 'node:net';
import type { LetterboxError } from '../../shared/errors.ts';
import {
  classifyPop3SocketError,
  pop3ClosedError,
  pop3ConnectionLostError,
  pop3ProtocolError,
  pop3TimeoutError,
  type Pop3ErrorContext,
} from './classify-pop3-error.ts';
import { DEFAULT_READER_LIMITS, Pop3ResponseReader, type Pop3Response, type ReaderLimits } from './pop3-response-reader.ts';
import { Pop3ProtocolError } from './pop3-status-line.ts';
import { pop3TlsOptions } from './pop3-tls-options.ts';
import { connectVerifiedTls } from '../certificates/verified-tls-connect.ts';
import { ProgressDeadline, stepDeadlines, type StepDeadlines } from '../net/progress-deadline.ts';

export type Pop3ConnectionOptions = {
  readonly host: string;
  readonly port: number;
  readonly implicitTls: boolean;
  readonly trustedCertificates: readonly string[];
  // Certificates (PEM) the user trusted for this host and port (electron/certificates/).
  readonly pinnedCertificates?: readonly string[];
  readonly timeoutMs: number;
  readonly context: Pop3ErrorContext;
  readonly limits?: ReaderLimits;
  // Defaults to timeoutMs with the standard minimum rate (electron/net/progress-deadline.ts).
  readonly deadlines?: StepDeadlines;
};

type PendingCommand = {
  // The command's name for error messages; its arguments may be secret and are never shown.
  readonly verb: string;
  // null for the greeting, which is awaited without sending anything.
  readonly line: string | null;
  readonly expectsBody: boolean;
  // Runs synchronously on +OK, before any byte after the response is looked at.
  readonly onOk: (() => void) | null;
  readonly resolve: (response: Pop3Response) => void;
  readonly reject: (error: LetterboxError) => void;
};

type Deferred = {
  readonly resolve: () => void;
  readonly reject: (error: LetterboxError) => void;
};

export class Pop3Connection {
  readonly greeting: Promise<Pop3Response>;
  readonly #options: Pop3ConnectionOptions;
  readonly #reader: Pop3ResponseReader;
  readonly #waiting: PendingCommand[] = [];
  readonly #inFlight: PendingCommand[] = [];
  readonly #closed: Promise<void>;
  #resolveClosed: () => void = () => undefined;
  #socket: Socket;
  #window = 1;
  #connected = false;
  #ending = false;
  #failure: LetterboxError | null = null;
  #handshake: Deferred | null = null;
  readonly #deadline: ProgressDeadline;

  constructor(options: Pop3ConnectionOptions) {
    this.#options = options;
    this.#reader = new Pop3ResponseReader(options.limits ?? DEFAULT_READER_LIMITS);
    // Every step (connecting, the greeting, STLS's handshake, each command) must be answered
    // within the deadline; a trickle of bytes does not stretch it, only real progress does.
    this.#deadline = new ProgressDeadline(options.deadlines ?? stepDeadlines(options.timeoutMs), () => {
      this.#fail(pop3TimeoutError(this.#waitingFor(), this.#options.context));
    });
    this.#closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    this.greeting = new Promise((resolve, reject) => {
      this.#inFlight.push({
        verb: 'greeting',
        line: null,
        expectsBody: false,
        onOk: null,
        resolve,
        reject,
      });
    });
    // The greeting's rejection is handled by whoever awaits it; this only keeps an unawaited
    // failure from crashing the process.
    this.greeting.catch(() => undefined);
    const { host, port } = options;
    // A TLS session is ready once its certificate is verified (trusted, or the one pinned for
    // this host and port: electron/certificates/verified-tls-options.ts); a refused one fails
    // with its fingerprint, nothing sent.
    this.#socket = options.implicitTls
      ? connectVerifiedTls({ port, ...pop3TlsOptions(host, options.trustedCertificates) }, this.#peerCheck(), this.#onReady)
      : netConnect({ host, port });
    this.#listen(this.#socket, options.implicitTls ? null : 'connect');
    this.#refreshTimer();
  }

  get closed(): boolean {
    return this.#ending || this.#failure !== null;
  }

  // How many commands may await their responses at once.
  setWindow(size: number): void {
    this.#window = Math.max(1, Math.floor(size));
    this.#pump();
  }

  command(verb: string, line: string, expectsBody: boolean, onOk: (() => void) | null = null): Promise<Pop3Response> {
    if (this.closed) return Promise.reject(pop3ClosedError(this.#options.context));
    return new Promise((resolve, reject) => {
      this.#waiting.push({ verb, line, expectsBody, onOk, resolve, reject });
      this.#pump();
    });
  }

  // RFC 2595 4: after +OK to STLS the TLS handshake starts at once, and the capabilities
  // learned before it must be discarded (the caller asks CAPA again).
  async startTls(): Promise<Pop3Response> {
    const upgrade: { done: Promise<void> | null } = { done: null };
    const response = await this.command('STLS', 'STLS', false, () => {
      upgrade.done = this.#upgrade();
    });
    if (upgrade.done !== null) await upgrade.done;
    return response;
  }

  // Sends QUIT; a +OK means the server committed the deletions (RFC 1939 6).
  async quit(): Promise<Pop3Response> {
    const response = this.command('QUIT', 'QUIT', false);
    this.#ending = true;
    const answer = await response;
    // Nothing follows the answer to QUIT (RFC 1939 6), so there is nothing left to read.
    this.#socket.destroy();
    await this.#closed;
    return answer;
  }

  // Drops the connection without QUIT, so nothing marked deleted is removed (RFC 1939 6).
  async close(): Promise<void> {
    this.#ending = true;
    this.#socket.destroy();
    await this.#closed;
  }

  // readyEvent null: the socket's admission calls #onReady (connectCheckedTls).
  #listen(socket: Socket, readyEvent: 'connect' | null): void {
    socket.on('data', this.#onData);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
    if (readyEvent !== null) socket.once(readyEvent, this.#onReady);
  }

  #peerCheck() {
    return { host: this.#options.host, port: this.#options.port, pinnedCertificates: this.#options.pinnedCertificates ?? [] };
  }

  #upgrade(): Promise<void> {
    const plain = this.#socket;
    // The TLS socket reads from here on; errors and close of the plain one still count.
    plain.removeListener('data', this.#onData);
    const secure = connectVerifiedTls({ socket: plain, ...pop3TlsOptions(this.#options.host, this.#options.trustedCertificates) }, this.#peerCheck(), this.#onReady);
    this.#socket = secure;
    const done = new Promise<void>((resolve, reject) => {
      this.#handshake = { resolve, reject };
    });
    // Awaited by startTls; this only keeps a failure before that from counting as unhandled.
    done.catch(() => undefined);
    this.#listen(secure, null);
    this.#refreshTimer();
    return done;
  }

  readonly #onReady = (): void => {
    this.#connected = true;
    const handshake = this.#handshake;
    this.#handshake = null;
    handshake?.resolve();
    this.#pump();
    this.#refreshTimer();
  };

  readonly #onData = (chunk: Buffer): void => {
    if (this.#failure !== null) return;
    this.#deadline.received(chunk.length);
    this.#reader.push(chunk);
    for (;;) {
      const head = this.#inFlight[0];
      if (head === undefined) {
        // Bytes nobody asked for: after STLS they could be injected plaintext pretending to
        // be protected (CVE-2011-0411), and anywhere else they would shift every later answer.
        if (this.#reader.bufferedBytes > 0) this.#fail(pop3ProtocolError('it sent data that answers no command', this.#options.context));
        break;
      }
      let response: Pop3Response | null;
      try {
        response = this.#reader.read(head.expectsBody);
      } catch (error) {
        if (!(error instanceof Pop3ProtocolError)) throw error;
        this.#fail(pop3ProtocolError(error.message, this.#options.context));
        return;
      }
      if (response === null) break;
      this.#inFlight.shift();
      this.#deadline.completed();
      if (response.status === 'ok') head.onOk?.();
      head.resolve(response);
    }
    this.#pump();
    this.#refreshTimer();
  };

  readonly #onError = (error: unknown): void => {
    this.#fail(this.#ending ? pop3ClosedError(this.#options.context) : classifyPop3SocketError(error, this.#options.context));
  };

  readonly #onClose = (): void => {
    this.#fail(this.#ending ? pop3ClosedError(this.#options.context) : pop3ConnectionLostError(this.#options.context));
    this.#resolveClosed();
  };

  #pump(): void {
    if (this.#failure !== null || this.#handshake !== null || !this.#connected) return;
    while (this.#inFlight.length < this.#window) {
      const next = this.#waiting.shift();
      if (next === undefined) break;
      this.#inFlight.push(next);
      if (next.line !== null) this.#socket.write(`${next.line}\r\n`);
    }
    this.#refreshTimer();
  }

  #refreshTimer(): void {
    if (this.#failure !== null || (this.#inFlight.length === 0 && this.#handshake === null && this.#connected)) {
      this.#deadline.disarm();
      return;
    }
    this.#deadline.arm();
  }

  #waitingFor(): string {
    if (!this.#connected) return 'connecting';
    if (this.#handshake !== null) return 'the TLS handshake after STLS';
    const head = this.#inFlight[0];
    if (head === undefined || head.line === null) return 'waiting for the greeting';
    return `the ${head.verb} command`;
  }

  #fail(error: LetterboxError): void {
    if (this.#failure !== null) return;
    this.#failure = error;
    this.#deadline.disarm();
    this.#socket.destroy();
    for (const pending of [...this.#inFlight.splice(0), ...this.#waiting.splice(0)]) pending.reject(error);
    const handshake = this.#handshake;
    this.#handshake = null;
    handshake?.reject(error);
  }
}
