/** Whether the live (WebSocket) channel to the gateway is open; shown in the header. */
class LiveState {
  connected = $state(false);

  set(connected: boolean): void {
    this.connected = connected;
  }
}

export const live = new LiveState();
