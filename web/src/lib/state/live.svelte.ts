import { websocket } from '../graphql/client.js';

/** Whether the live (WebSocket) channel to the gateway is open; shown in the header. */
class LiveState {
  connected = $state(false);

  set(connected: boolean): void {
    this.connected = connected;
  }
}

export const live = new LiveState();

// The state listens to the client (the client knows nothing of UI state). The socket is lazy: listening opens nothing.
const socket = websocket();
socket.on('connected', () => live.set(true));
socket.on('closed', () => live.set(false));
socket.on('error', () => live.set(false));
