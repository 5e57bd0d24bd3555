// Shared by unit tests: initialise the backend once (cpu unless MODEL_LENS_TEST_BACKEND says otherwise).
import { initBackend, type BackendReport } from '../../src/engine/backend';

let ready: Promise<BackendReport> | undefined;
export function useTestBackend(): Promise<BackendReport> {
  ready ??= initBackend(process.env.MODEL_LENS_TEST_BACKEND ?? 'cpu');
  return ready;
}
