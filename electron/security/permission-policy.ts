// Which web permissions the window's pages get: none. Letterbox asks the OS for nothing
// through the page (its notifications come from main), and a message must never be able to
// ask for the camera, the microphone, the location, devices, or the clipboard. A permission
// the app comes to need is added here by name, with a test saying why.
const grantedPermissions: ReadonlySet<string> = new Set<string>();

export function isPermissionGranted(permission: string): boolean {
  return grantedPermissions.has(permission);
}
