// Every error in the UI: what went wrong, and what the user can do about it.
export function ErrorAlert({ title, message, action }: { readonly title: string; readonly message: string; readonly action?: string }) {
  return (
    <div role="alert" className="error-alert">
      <strong>{title}</strong> <span>{message}</span>
      {action === undefined ? null : <span> {action}</span>}
    </div>
  );
}
