-- A change's enterprise part (R-C4 to enterprise, R-C5.5) runs as an
-- enterprise verification of its own, a child workflow: while it runs, the
-- holder's moves and the outside world's reports go to it, not to the change.
ALTER TABLE "processes" ADD COLUMN "part_workflow_id" TEXT;
ALTER TABLE "processes" ADD COLUMN "part_run_id" TEXT;
