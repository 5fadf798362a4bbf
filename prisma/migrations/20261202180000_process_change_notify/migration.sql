-- Live status (GET /v1/processes/{id}/events): every write that moves a
-- process row (a step recorded, activities/process.ts RECORD_STEP, which
-- inserts the step and updates the row in one statement; or a close after its
-- workflow failed) tells the API's listeners which process moved. The
-- notification is delivered at commit, so the listener's re-read sees the step.
-- It carries the id only: the API reads the view itself, as GET does.
CREATE FUNCTION "notify_process_changed"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('process_changed', NEW.id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "processes_notify_changed"
  AFTER UPDATE ON "processes"
  FOR EACH ROW EXECUTE FUNCTION "notify_process_changed"();
