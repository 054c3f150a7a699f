-- 001_foundation: jurisdictions, bodies, parties, cases, events, sources, fines, deadlines, audit.
-- Applied by `tracker db migrate` in one transaction. Later changes go in new numbered files.

CREATE TABLE jurisdiction (
  code        text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'),
  name        text NOT NULL,
  time_zone   text NOT NULL  -- IANA zone, used only for deadlines with a time of day
);

INSERT INTO jurisdiction (code, name, time_zone) VALUES
  ('RU', 'Russian Federation', 'Europe/Moscow'),
  ('US', 'United States (federal)', 'America/New_York'),
  ('GB', 'United Kingdom', 'Europe/London'),
  ('EU', 'European Union', 'Europe/Brussels');

-- Working-day calendars: one row per day that differs from the default week (Mon-Fri working),
-- and the years a calendar covers. A date outside the covered years is an error, never a guess.
CREATE TABLE calendar_year (
  jurisdiction text NOT NULL REFERENCES jurisdiction,
  year         int  NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  source       text NOT NULL,
  PRIMARY KEY (jurisdiction, year)
);

CREATE TABLE calendar_day (
  jurisdiction text    NOT NULL,
  day          date    NOT NULL,
  working      boolean NOT NULL,
  kind         text    NOT NULL CHECK (kind IN ('holiday', 'transferred_day_off', 'working_weekend',
                                                'shortened', 'closure', 'observed_holiday')),
  name         text,
  name_local   text,
  transferred_from date,
  PRIMARY KEY (jurisdiction, day),
  FOREIGN KEY (jurisdiction, year) REFERENCES calendar_year (jurisdiction, year),
  year         int GENERATED ALWAYS AS (extract(year FROM day)::int) STORED
);

CREATE TABLE body (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL CHECK (name <> ''),
  kind         text NOT NULL DEFAULT 'court'
                 CHECK (kind IN ('court', 'regulator', 'agency', 'legislature', 'other')),
  jurisdiction text REFERENCES jurisdiction,
  external_id  text UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (name, jurisdiction)
);

CREATE TABLE party (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL UNIQUE CHECK (name <> ''),
  kind         text NOT NULL DEFAULT 'organisation'
                 CHECK (kind IN ('organisation', 'person', 'authority')),
  external_id  text UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- "case" is an SQL keyword; the table is legal_case.
CREATE TABLE legal_case (
  id           bigserial PRIMARY KEY,
  title        text NOT NULL CHECK (title <> ''),
  jurisdiction text NOT NULL REFERENCES jurisdiction,
  body_id      bigint REFERENCES body,
  docket       text,
  status       text NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'appealed', 'stayed', 'closed', 'settled', 'dismissed')),
  summary      text,
  tags         text[] NOT NULL DEFAULT '{}',
  external_id  text UNIQUE,
  version      int  NOT NULL DEFAULT 1,  -- optimistic locking: bumped on every update
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legal_case_tags_idx ON legal_case USING gin (tags);

CREATE TABLE case_party (
  case_id      bigint NOT NULL REFERENCES legal_case ON DELETE CASCADE,
  party_id     bigint NOT NULL REFERENCES party,
  role         text   NOT NULL CHECK (role IN ('defendant', 'plaintiff', 'complainant', 'regulator',
                                               'respondent', 'appellant', 'prosecutor', 'claimant',
                                               'third_party', 'other')),
  PRIMARY KEY (case_id, party_id, role)
);

CREATE TABLE event (
  id             bigserial PRIMARY KEY,
  case_id        bigint NOT NULL REFERENCES legal_case ON DELETE CASCADE,
  type           text   NOT NULL CHECK (type IN ('request', 'complaint', 'hearing', 'ruling', 'fine',
                                                  'appeal_filed', 'appeal_decided', 'order',
                                                  'compliance', 'block', 'registration',
                                                  'statement', 'other')),
  date           date   NOT NULL,
  -- how precisely the date is known: "early July 2017" is stored as 2017-07-01 with 'month'
  date_precision text   NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year')),
  time           time,
  time_zone      text,
  received_on    date,  -- receipt/service of the decision, when known (periods may run from it)
  outcome        text CHECK (outcome IN ('granted', 'rejected', 'partly_granted', 'vacated',
                                         'remanded', 'dismissed', 'upheld')),
  title          text NOT NULL CHECK (title <> ''),
  description    text,
  body_id        bigint REFERENCES body,
  party_id       bigint REFERENCES party,  -- the party the event concerns, if any
  vacated        boolean NOT NULL DEFAULT false,
  external_id    text UNIQUE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((time IS NULL) = (time_zone IS NULL)),
  CHECK (received_on IS NULL OR received_on >= date),
  CHECK (outcome IS NULL OR type IN ('appeal_decided', 'ruling', 'order', 'complaint'))
);
CREATE INDEX event_case_idx ON event (case_id, date);

CREATE TABLE source (
  id           bigserial PRIMARY KEY,
  url          text NOT NULL UNIQUE CHECK (url ~* '^https?://'),
  publisher    text,
  title        text,
  published_on date,
  retrieved_on date,
  external_id  text UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE event_source (
  event_id     bigint NOT NULL REFERENCES event ON DELETE CASCADE,
  source_id    bigint NOT NULL REFERENCES source,
  PRIMARY KEY (event_id, source_id)
);

CREATE TABLE fine (
  id           bigserial PRIMARY KEY,
  event_id     bigint NOT NULL UNIQUE REFERENCES event ON DELETE CASCADE,
  amount       numeric NOT NULL CHECK (amount >= 0 AND scale(amount) <= 4),
  currency     text    NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  paid         boolean NOT NULL DEFAULT false,
  paid_on      date,
  payer_id     bigint REFERENCES party,
  authority_id bigint REFERENCES body,
  external_id  text UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (paid_on IS NULL OR paid)
);

-- What a fine was worth in another currency, and where that figure came from.
CREATE TABLE fine_equivalent (
  id           bigserial PRIMARY KEY,
  fine_id      bigint  NOT NULL REFERENCES fine ON DELETE CASCADE,
  amount       numeric NOT NULL CHECK (amount >= 0 AND scale(amount) <= 4),
  currency     text    NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rate         numeric CHECK (rate > 0),
  as_of        date,
  note         text,   -- e.g. "approximate, as reported by AFP"
  UNIQUE (fine_id, currency)
);

-- Deadlines. A deadline comes from a rule (rule_id, see the rule migrations) or from an explicit
-- period given when its trigger was recorded (period_*). due_on is the date to act by; when the
-- trigger date is uncertain, earliest_on/latest_on bound it and due_on = earliest_on.
CREATE TABLE deadline (
  id               bigserial PRIMARY KEY,
  case_id          bigint NOT NULL REFERENCES legal_case ON DELETE CASCADE,
  trigger_event_id bigint REFERENCES event ON DELETE CASCADE,
  rule_id          bigint,
  kind             text NOT NULL CHECK (kind IN ('appeal', 'grace', 'compliance', 'response',
                                                 'payment', 'limitation', 'block_possible',
                                                 'other')),
  title            text NOT NULL CHECK (title <> ''),
  due_on           date NOT NULL,
  earliest_on      date,
  latest_on        date,
  due_time         time,
  time_zone        text,
  period_count     int CHECK (period_count >= 0),
  period_unit      text CHECK (period_unit IN ('calendar_days', 'working_days', 'sutki', 'months',
                                               'years')),
  roll             text CHECK (roll IN ('forward', 'back', 'none')),
  status           text NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'met', 'missed', 'vacated', 'superseded')),
  met_by_event_id  bigint REFERENCES event ON DELETE SET NULL,
  revision         int  NOT NULL DEFAULT 1,
  explanation      jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((earliest_on IS NULL) = (latest_on IS NULL)),
  CHECK (earliest_on IS NULL OR (earliest_on <= latest_on AND due_on = earliest_on)),
  CHECK ((due_time IS NULL) = (time_zone IS NULL))
);
CREATE INDEX deadline_case_idx ON deadline (case_id, due_on);
CREATE INDEX deadline_due_idx ON deadline (due_on) WHERE status = 'open';

-- Every earlier state of a deadline, for history and calendar SEQUENCE updates.
CREATE TABLE deadline_revision (
  deadline_id  bigint NOT NULL REFERENCES deadline ON DELETE CASCADE,
  revision     int    NOT NULL,
  due_on       date   NOT NULL,
  earliest_on  date,
  latest_on    date,
  status       text   NOT NULL,
  explanation  jsonb,
  reason       text,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (deadline_id, revision)
);

-- Audit trail: old and new row of every change to cases, events, fines and deadlines.
CREATE TABLE audit (
  id          bigserial PRIMARY KEY,
  table_name  text   NOT NULL,
  row_id      bigint NOT NULL,
  op          text   NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')),
  old_row     jsonb,
  new_row     jsonb,
  actor       text   NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_row_idx ON audit (table_name, row_id);

CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := coalesce(nullif(current_setting('tracker.actor', true), ''), current_user);
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO audit (table_name, row_id, op, new_row, actor)
      VALUES (TG_TABLE_NAME, NEW.id, TG_OP, to_jsonb(NEW), actor);
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    IF to_jsonb(OLD) = to_jsonb(NEW) THEN
      RETURN NEW;
    END IF;
    INSERT INTO audit (table_name, row_id, op, old_row, new_row, actor)
      VALUES (TG_TABLE_NAME, NEW.id, TG_OP, to_jsonb(OLD), to_jsonb(NEW), actor);
    RETURN NEW;
  ELSE
    INSERT INTO audit (table_name, row_id, op, old_row, actor)
      VALUES (TG_TABLE_NAME, OLD.id, TG_OP, to_jsonb(OLD), actor);
    RETURN OLD;
  END IF;
END $$;

-- updated_at maintenance (before the audit trigger sees the row).
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF to_jsonb(OLD) IS DISTINCT FROM to_jsonb(NEW) THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER legal_case_touch BEFORE UPDATE ON legal_case FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER event_touch BEFORE UPDATE ON event FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER fine_touch BEFORE UPDATE ON fine FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER deadline_touch BEFORE UPDATE ON deadline FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER body_touch BEFORE UPDATE ON body FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER party_touch BEFORE UPDATE ON party FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TRIGGER legal_case_audit AFTER INSERT OR UPDATE OR DELETE ON legal_case FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER event_audit AFTER INSERT OR UPDATE OR DELETE ON event FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER fine_audit AFTER INSERT OR UPDATE OR DELETE ON fine FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER deadline_audit AFTER INSERT OR UPDATE OR DELETE ON deadline FOR EACH ROW EXECUTE FUNCTION audit_row();
