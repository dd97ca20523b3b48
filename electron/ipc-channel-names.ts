// The two Electron IPC channels that carry the whole contract: every request goes over
// one invoke channel (named inside the message), every event over one event channel.
export const invokeChannel = 'letterbox:invoke';
export const eventChannel = 'letterbox:event';
