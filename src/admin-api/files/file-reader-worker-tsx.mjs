// Runs file-reader-worker.ts in a worker thread from TypeScript sources (tests, tsx): Node 20
// ignores `--import tsx` in a worker's execArgv, so tsx is registered inside the worker first.
// Compiled code uses file-reader-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./file-reader-worker.ts');
