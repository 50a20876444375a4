-- Close every loop (issue 12): what has been re-raised, so the reminders job sends each once per
-- period however often it runs, and the partial indexes that let it look only at what can be due.

-- Triage SLA: the reminder in the alert's thread, and the escalation to the admins.
ALTER TABLE trials ADD COLUMN triage_reminded_at TEXT;
ALTER TABLE trials ADD COLUMN triage_escalated_at TEXT;
CREATE INDEX trials_in_triage ON trials(created_at) WHERE status = 'triage' AND triage_escalated_at IS NULL;

-- CE hand-off: the welcome with the login link was sent (button or /trial welcomed), or who was reminded.
ALTER TABLE trials ADD COLUMN welcomed_at TEXT;
ALTER TABLE trials ADD COLUMN welcomed_by TEXT;
ALTER TABLE trials ADD COLUMN handoff_reminded_at TEXT;
ALTER TABLE trials ADD COLUMN handoff_escalated_at TEXT;
-- When the next hand-off reminder can fall due (working time, worked out once): passes in between skip the trial.
ALTER TABLE trials ADD COLUMN handoff_due_at TEXT;
CREATE INDEX trials_awaiting_welcome ON trials(coalesce(handoff_due_at, started_at))
  WHERE status = 'active' AND welcomed_at IS NULL AND handoff_escalated_at IS NULL;
-- Trials already running when this arrives started before anyone tracked the welcome: their CEs are
-- not asked about a hand-off that may be weeks old.
UPDATE trials SET handoff_reminded_at = started_at, handoff_escalated_at = started_at WHERE status = 'active';

-- Provisioning SLA: trials waiting for an instance, by age (a request is never older than its trial).
CREATE INDEX trials_provisioning ON trials(created_at) WHERE status IN ('provisioning', 'queued');

-- Decisions stay raised: the local date last re-raised, and the snoozes (at most two, 2 days each).
ALTER TABLE milestones ADD COLUMN reraised_on TEXT;
ALTER TABLE milestones ADD COLUMN snoozed_until TEXT;
ALTER TABLE milestones ADD COLUMN snoozes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX milestones_escalated_open ON milestones(escalated_at)
  WHERE escalated_at IS NOT NULL AND answered_at IS NULL AND cancelled_at IS NULL;
