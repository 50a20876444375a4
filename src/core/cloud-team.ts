/** Who wrote a comment on GitHub, as GitHub tells it (`user.login`, `author_association`). */
export interface CommentAuthor {
  login: string | null | undefined;
  association: string | null | undefined;
}

/** GitHub's relations to a repository that mean "works on it": its owner, an org member, an invited collaborator. */
export const TEAM_ASSOCIATIONS: readonly string[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];

/**
 * Whether a comment comes from the cloud team, whose word sets an instance URL (which then routes
 * the domain and is where prospects are sent). With `GITHUB_CLOUD_TEAM` set, only those logins
 * (case-insensitive, as GitHub logins are); else whoever GitHub says owns, is a member of, or
 * collaborates on the repository. Anyone else who can comment (a public repository's passer-by,
 * a past contributor) cannot.
 */
export function isCloudTeam(author: CommentAuthor, teamLogins: readonly string[] | undefined): boolean {
  const login = author.login?.toLowerCase();
  if (!login) return false;
  if (teamLogins && teamLogins.length > 0) return teamLogins.some((l) => l.toLowerCase() === login);
  return TEAM_ASSOCIATIONS.includes((author.association ?? '').toUpperCase());
}

/** `GITHUB_CLOUD_TEAM`: logins separated by commas or spaces, an optional leading `@` each. */
export function parseTeamLogins(value: string | undefined): string[] | undefined {
  const logins = (value ?? '')
    .split(/[\s,]+/)
    .map((l) => l.replace(/^@/, ''))
    .filter((l) => l !== '');
  return logins.length > 0 ? logins : undefined;
}
