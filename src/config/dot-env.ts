// A .env file in the working directory sets what the environment does not
// (process.loadEnvFile never overrides a variable already set): read by `npm start` and by the
// `helper` command alike, so both open the same store with the same secret key.
import { existsSync } from 'node:fs';

export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
