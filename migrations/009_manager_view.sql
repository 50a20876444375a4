-- The manager's view: funnel metrics (`admin -- report`) and the weekly digest.

-- The funnel reads the trials that signed up in a range of weeks: without this it reads every trial.
CREATE INDEX trials_by_created_at ON trials(created_at);

-- First search / code host / repo of an instance: one index seek each (min(at) of one event kind),
-- where activity_by_instance would walk every event of the instance to find its first search.
CREATE INDEX activity_by_instance_event ON activity_events(instance_url, event, at);

-- Prompts still waiting for their answer, escalated or not: the digest lists those past their due date.
CREATE INDEX milestones_unanswered ON milestones(due_at)
  WHERE prompted_at IS NOT NULL AND answered_at IS NULL AND cancelled_at IS NULL;

-- One row per week whose digest was recorded (week_start: the Monday, a local date in TIMEZONE):
-- the scheduled run, the start-up catch-up and a run by hand all find it and post nothing twice.
CREATE TABLE weekly_digests (
  week_start  TEXT PRIMARY KEY,
  recorded_at TEXT NOT NULL
);
