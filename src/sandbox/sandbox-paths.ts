// Where the sandbox keeps its files: shared by `npm start` and the job CLI, which must
// not load the sandbox (its stand-ins and page) just to find them.

/** The sandbox's database when DATABASE_PATH is unset. */
export const SANDBOX_DATABASE_PATH = './data/sandbox.db';

/** The stand-ins' channels, messages, issues and clock, kept beside the database. */
export function standInStatePath(databasePath: string): string {
  return `${databasePath.replace(/\.db$/, '')}.stand-ins.json`;
}
