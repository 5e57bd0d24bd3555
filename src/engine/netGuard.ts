// Refuses every non-loopback TCP connection from the engine process. Model Lens never needs the
// network at run time (models and data are local), so an attempt is a bug or a hostile file; it is
// blocked, counted and logged, never made.
import * as net from 'node:net';

let blocked: string[] = [];

function isLoopback(host: string | undefined): boolean {
  if (!host) return true; // unix sockets / IPC
  return host === 'localhost' || host === '::1' || host.startsWith('127.') || host === '0.0.0.0';
}

/** Patch net.Socket#connect once; returns the list of blocked destinations (live). */
export function installNetGuard(log: (line: string) => void = () => {}): readonly string[] {
  const proto = net.Socket.prototype as unknown as { connect: (...a: unknown[]) => unknown; __mlGuard?: boolean };
  if (proto.__mlGuard) return blocked;
  const original = proto.connect;
  proto.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = args[0] as { host?: string; path?: string; port?: number } | number | string | unknown[];
    let host: string | undefined;
    let port: unknown;
    if (Array.isArray(first)) {
      const o = first[0] as { host?: string; path?: string; port?: number };
      host = o?.path ? undefined : (o?.host ?? 'localhost');
      port = o?.port;
    } else if (typeof first === 'object' && first !== null) {
      host = first.path ? undefined : (first.host ?? 'localhost');
      port = first.port;
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      host = typeof args[1] === 'string' ? args[1] : 'localhost';
      port = first;
    }
    if (!isLoopback(host)) {
      const dest = `${host}:${String(port)}`;
      blocked.push(dest);
      log(`blocked a network connection to ${dest}: Model Lens works offline`);
      process.nextTick(() => this.destroy(new Error(`Model Lens blocks network access (${dest})`)));
      return this;
    }
    return original.apply(this, args);
  };
  proto.__mlGuard = true;
  return blocked;
}

export function blockedConnections(): readonly string[] {
  return blocked;
}

/** Test hook. */
export function resetBlocked(): void {
  blocked = [];
}
