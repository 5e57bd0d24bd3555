// How features register commands: every command is wrapped so a failure becomes one clear error
// message (and a log line with the stack) instead of an unhandled rejection; a cancellation is
// logged as such, without an error.
import * as vscode from 'vscode';
import { EngineCrashedError } from '../engineClient';
import type { Services } from '../services';
import { isCancellation, outcomeLogLine } from './commandOutcome';

export type Registrar = (id: string, fn: (...args: never[]) => unknown) => void;

export function makeRegistrar(s: Services): Registrar {
  return (id, fn) => {
    s.context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await (fn as (...a: unknown[]) => unknown)(...args);
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          s.log(outcomeLogLine(id, e));
          // An engine crash is announced once by the crash handler (services.ts); do not repeat it per command.
          if (!isCancellation(e) && !(e instanceof EngineCrashedError)) void vscode.window.showErrorMessage(`Model Lens: ${msg}`);
          return undefined;
        }
      }),
    );
  };
}
