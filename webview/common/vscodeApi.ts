// Typed wrapper around acquireVsCodeApi(): post messages of the panel's union, receive the host's.

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface PanelApi<ToHost, State> {
  post(msg: ToHost): void;
  getState(): State | undefined;
  setState(s: State): void;
}

let api: VsCodeApi | undefined;

/** Start listening for host messages, then post 'ready' so the host flushes its queue. */
export function connect<ToWebview, ToHost extends { type: string }, State = unknown>(
  onMessage: (m: ToWebview) => void,
): PanelApi<ToHost, State> {
  api ??= acquireVsCodeApi();
  const a = api;
  window.addEventListener('message', (e: MessageEvent) => onMessage(e.data as ToWebview));
  a.postMessage({ type: 'ready' });
  return {
    post: (m) => a.postMessage(m),
    getState: () => a.getState() as State | undefined,
    setState: (s) => a.setState(s),
  };
}
