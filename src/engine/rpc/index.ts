// Every request the engine answers. Feature areas add one register call each.
import type { MessageConnection } from 'vscode-jsonrpc';
import { registerBase } from './base';
import { registerEmbeddings } from './embeddings';

export function registerAll(conn: MessageConnection, startMs: number): void {
  registerBase(conn, startMs);
  registerEmbeddings(conn);
}
