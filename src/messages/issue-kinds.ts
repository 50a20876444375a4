/** The cloud team's issues as people name them (the database keeps its short kinds). */
export const issueKindWords: Record<string, string> = {
  'instance-request': 'instance request',
  extend: 'trial extension',
  terminate: 'termination',
  'domain-change': 'domain change',
  'pool-low': 'pool running low',
  convert: 'customer license',
};

export const issueKindName = (kind: string): string => issueKindWords[kind] ?? kind.replace(/-/g, ' ');
