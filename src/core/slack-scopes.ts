/**
 * The bot token scopes `manifest.yml` asks for (a test holds the two equal): `admin -- check`
 * compares what Slack says the token was granted against these.
 */
export const REQUIRED_BOT_SCOPES = [
  'chat:write',
  'chat:write.public',
  'channels:manage',
  'channels:read',
  'channels:history',
  'groups:read',
  'groups:history',
  'im:write',
  'im:history',
  'users:read',
  'users:read.email',
  'commands',
  'files:write',
  'bookmarks:write',
] as const;
