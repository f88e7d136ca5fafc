import { websocket } from '../graphql/client.js';

/** Whether the live (WebSocket) channel to the gateway is open; shown in the header where it matters. */
class LiveState {
  connected = $state(false);
  /** Opened at least once on this page: a later close is a lost connection, not one still being opened. */
  opened = $state(false);
  readonly lost = $derived(this.opened && !this.connected);

  set(connected: boolean): void {
    this.connected = connected;
    if (connected) this.opened = true;
  }
}

export const live = new LiveState();

// The state listens to the client (the client knows nothing of UI state). The socket is lazy: listening opens nothing.
const socket = websocket();
socket.on('connected', () => live.set(true));
socket.on('closed', () => live.set(false));
socket.on('error', () => live.set(false));
