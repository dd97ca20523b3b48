// RFC 5801 5.1: "," and "=" in the authorization identity are escaped as =2C and =3D.
function gs2Name(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

// The client's first message: RFC 7628 3.1 for OAUTHBEARER (a GS2 header, then key=value
// pairs each ended by ^A), or Google's XOAUTH2 (user= and auth= pairs, the same framing).
export function tokenSaslMessage(mechanism: 'OAUTHBEARER' | 'XOAUTH2', input: { username: string; accessToken: string; host: string; port: number }): string {
  const fields =
    mechanism === 'OAUTHBEARER'
      ? [`n,a=${gs2Name(input.username)},`, `host=${input.host}`, `port=${input.port}`, `auth=Bearer ${input.accessToken}`, '', '']
      : [`user=${input.username}`, `auth=Bearer ${input.accessToken}`, '', ''];
  return Buffer.from(fields.join('\x01'), 'utf8').toString('base64');
}
