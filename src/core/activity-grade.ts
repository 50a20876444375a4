// The product-engagement grade of a Cloud trial (PQL table, "Cloud Account"):
// it decides whether a trial counts as active at day 15 (extend) or not (terminate).
import { localDate } from './deadlines.js';

export type ActivityKind = 'search' | 'visit' | 'code_host_added' | 'repo_added';
export type Grade = 'A' | 'B' | 'C' | 'D';

export interface ActivityEvent {
  event: ActivityKind;
  /** For repo_added: the repository is private. Ignored for other events. */
  private: boolean;
  /** ISO-8601 instant. */
  at: string;
}

export interface ActivityGrade {
  grade: Grade;
  /** Grade C or better: at least one search. */
  active: boolean;
  searches: number;
  /** Distinct local dates (in the zone) with any event. */
  daysActive: number;
  codeHostAdded: boolean;
  privateCodeAdded: boolean;
  anyCodeAdded: boolean;
}

export function grade(events: ReadonlyArray<ActivityEvent>, zone: string): ActivityGrade {
  let searches = 0;
  let codeHostAdded = false;
  let privateCodeAdded = false;
  let anyCodeAdded = false;
  const days = new Set<string>();

  for (const e of events) {
    const at = new Date(e.at);
    // The webhook validates timestamps; a row that still has none cannot say when it happened.
    if (Number.isNaN(at.getTime())) continue;
    days.add(localDate(at, zone));
    if (e.event === 'search') searches += 1;
    else if (e.event === 'code_host_added') codeHostAdded = true;
    else if (e.event === 'repo_added') {
      anyCodeAdded = true;
      if (e.private) privateCodeAdded = true;
    }
  }

  return gradeOfCounts({ searches, daysActive: days.size, codeHostAdded, privateCodeAdded, anyCodeAdded });
}

export type ActivityCounts = Omit<ActivityGrade, 'grade' | 'active'>;

/** The grade from the counters kept per instance (`activity_totals`): the same rules as `grade`. */
export function gradeOfCounts(counts: ActivityCounts): ActivityGrade {
  const { searches, daysActive, codeHostAdded, privateCodeAdded, anyCodeAdded } = counts;
  const searched = searches >= 1;
  let g: Grade = 'D';
  if (searched && daysActive >= 5 && codeHostAdded && privateCodeAdded) g = 'A';
  else if (searched && daysActive >= 2 && anyCodeAdded) g = 'B';
  else if (searched) g = 'C';
  return { grade: g, active: g !== 'D', searches, daysActive, codeHostAdded, privateCodeAdded, anyCodeAdded };
}

export type GradeDescription = 'Very active' | 'Moderately active' | 'Minimally active' | 'Inactive post sign-up';

const DESCRIPTIONS: Record<Grade, GradeDescription> = {
  A: 'Very active',
  B: 'Moderately active',
  C: 'Minimally active',
  D: 'Inactive post sign-up',
};

export function describeGrade(g: Grade): GradeDescription {
  return DESCRIPTIONS[g];
}

/** PQL classification: A or B. */
export function isPql(g: Grade): boolean {
  return g === 'A' || g === 'B';
}
