// Browser mode needs the per-run token from the address the server printed.
export function MissingToken() {
  return (
    <main className="welcome">
      <h1>Letterbox</h1>
      <div role="alert" className="error-alert">
        <strong>This page was opened without its access token.</strong> Open the full address that Letterbox printed when it
        started (it ends in #token=…), or restart it with npm run serve to get a new one.
      </div>
    </main>
  );
}
