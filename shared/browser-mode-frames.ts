// The largest WebSocket frame browser mode carries, in bytes: one request as JSON text. It
// must hold the largest request the contract allows, or a user's send fails as a lost
// connection: a message with 25 MiB of attachments (33.3 MiB of base64) and a body and an
// HTML body of up to 10 Mi characters each, escaped. Before, it was 1 MiB, and any attachment
// over about 750 KB closed the page's socket. Only the page holding the token can open the
// socket at all (electron/serve/websocket-access.ts), and main checks every request against
// the contract after reading it.
export const maxRequestFrameBytes = 80 * 1024 * 1024;
