// Runs train-worker.ts in a worker thread from TypeScript sources (tests, tsx): Node 20 ignores
// `--import tsx` in a worker's execArgv (nodejs/node#47747), so tsx is registered here, inside
// the worker, before the TypeScript worker is imported. Compiled code uses train-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./train-worker.ts');
