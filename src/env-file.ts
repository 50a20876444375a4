import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Reads `.env` (README "Configuration") into `env`: a setting already in the environment wins over
 * the file, so `FOO=x npm start` still overrides it. Node's own parser (the one `--env-file` uses),
 * no dependency. Returns the names taken from the file.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv, path = '.env'): string[] {
  if (!existsSync(path)) return [];
  const parsed = parseEnv(readFileSync(path, 'utf8'));
  const taken: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (env[name] === undefined || env[name] === '') {
      env[name] = value;
      taken.push(name);
    }
  }
  return taken;
}
