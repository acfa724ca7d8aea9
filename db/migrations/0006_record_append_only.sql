-- Everything a report shows stays as it was recorded. The history tables were append-only from
-- the start; so now are the rest: a hub's name, kind and partners, the meetings and their agendas,
-- the working groups, the agreements and documents, the metrics and the targets. A row, once
-- written, is never changed or deleted, so that a report re-rendered with the known-at of a sent
-- file gives that file again, byte for byte. A change is a new row, with its own recorded_at.

CREATE TRIGGER countries_no_update BEFORE UPDATE ON countries
BEGIN SELECT RAISE(ABORT, 'countries is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER countries_no_delete BEFORE DELETE ON countries
BEGIN SELECT RAISE(ABORT, 'countries is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER organisations_no_update BEFORE UPDATE ON organisations
BEGIN SELECT RAISE(ABORT, 'organisations is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER organisations_no_delete BEFORE DELETE ON organisations
BEGIN SELECT RAISE(ABORT, 'organisations is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER hub_kinds_no_update BEFORE UPDATE ON hub_kinds
BEGIN SELECT RAISE(ABORT, 'hub_kinds is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER hub_kinds_no_delete BEFORE DELETE ON hub_kinds
BEGIN SELECT RAISE(ABORT, 'hub_kinds is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER hubs_no_update BEFORE UPDATE ON hubs
BEGIN SELECT RAISE(ABORT, 'hubs is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER hubs_no_delete BEFORE DELETE ON hubs
BEGIN SELECT RAISE(ABORT, 'hubs is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER hub_operators_no_update BEFORE UPDATE ON hub_operators
BEGIN SELECT RAISE(ABORT, 'hub_operators is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER hub_operators_no_delete BEFORE DELETE ON hub_operators
BEGIN SELECT RAISE(ABORT, 'hub_operators is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER meetings_no_update BEFORE UPDATE ON meetings
BEGIN SELECT RAISE(ABORT, 'meetings is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER meetings_no_delete BEFORE DELETE ON meetings
BEGIN SELECT RAISE(ABORT, 'meetings is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER meeting_agenda_no_update BEFORE UPDATE ON meeting_agenda
BEGIN SELECT RAISE(ABORT, 'meeting_agenda is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER meeting_agenda_no_delete BEFORE DELETE ON meeting_agenda
BEGIN SELECT RAISE(ABORT, 'meeting_agenda is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER working_groups_no_update BEFORE UPDATE ON working_groups
BEGIN SELECT RAISE(ABORT, 'working_groups is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER working_groups_no_delete BEFORE DELETE ON working_groups
BEGIN SELECT RAISE(ABORT, 'working_groups is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER wg_events_no_update BEFORE UPDATE ON wg_events
BEGIN SELECT RAISE(ABORT, 'wg_events is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER wg_events_no_delete BEFORE DELETE ON wg_events
BEGIN SELECT RAISE(ABORT, 'wg_events is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER agreements_no_update BEFORE UPDATE ON agreements
BEGIN SELECT RAISE(ABORT, 'agreements is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER agreements_no_delete BEFORE DELETE ON agreements
BEGIN SELECT RAISE(ABORT, 'agreements is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER policy_documents_no_update BEFORE UPDATE ON policy_documents
BEGIN SELECT RAISE(ABORT, 'policy_documents is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER policy_documents_no_delete BEFORE DELETE ON policy_documents
BEGIN SELECT RAISE(ABORT, 'policy_documents is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER platforms_no_update BEFORE UPDATE ON platforms
BEGIN SELECT RAISE(ABORT, 'platforms is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER platforms_no_delete BEFORE DELETE ON platforms
BEGIN SELECT RAISE(ABORT, 'platforms is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER taskforce_members_no_update BEFORE UPDATE ON taskforce_members
BEGIN SELECT RAISE(ABORT, 'taskforce_members is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER taskforce_members_no_delete BEFORE DELETE ON taskforce_members
BEGIN SELECT RAISE(ABORT, 'taskforce_members is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER metrics_no_update BEFORE UPDATE ON metrics
BEGIN SELECT RAISE(ABORT, 'metrics is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER metrics_no_delete BEFORE DELETE ON metrics
BEGIN SELECT RAISE(ABORT, 'metrics is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER targets_no_update BEFORE UPDATE ON targets
BEGIN SELECT RAISE(ABORT, 'targets is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER targets_no_delete BEFORE DELETE ON targets
BEGIN SELECT RAISE(ABORT, 'targets is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

CREATE TRIGGER target_milestones_no_update BEFORE UPDATE ON target_milestones
BEGIN SELECT RAISE(ABORT, 'target_milestones is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER target_milestones_no_delete BEFORE DELETE ON target_milestones
BEGIN SELECT RAISE(ABORT, 'target_milestones is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
