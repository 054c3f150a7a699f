-- 003_rules: deadline rules as data, and what the deadline engine needs on deadline/event.
-- A rule: in jurisdiction J, when an event of type T (optionally with one of some outcomes, in a
-- case carrying a tag, served in some way) happens, a deadline of kind K falls due after a period.
-- Chained rules (after_kind) fire on a deadline of another kind on the same trigger event instead
-- of on an event: "block possible" after a grace period. See docs/engine.md.

CREATE TABLE rule (
  id            bigserial PRIMARY KEY,
  code          text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9._:-]{0,79}$'),
  jurisdiction  text NOT NULL REFERENCES jurisdiction,
  trigger_type  text CHECK (trigger_type IN ('request', 'complaint', 'hearing', 'ruling', 'fine',
                                             'appeal_filed', 'appeal_decided', 'order',
                                             'compliance', 'block', 'registration', 'statement',
                                             'other')),
  trigger_outcomes text[] CHECK (trigger_outcomes <@ ARRAY['granted', 'rejected', 'partly_granted',
                                   'vacated', 'remanded', 'dismissed', 'upheld']),
  after_kind    text CHECK (after_kind IN ('appeal', 'grace', 'compliance', 'response', 'payment',
                                           'limitation', 'block_possible', 'other')),
  case_tag      text,   -- applies only to cases carrying this tag (e.g. procedure:apc)
  condition     text CHECK (condition IN ('served_by_mail')),
  kind          text NOT NULL CHECK (kind IN ('appeal', 'grace', 'compliance', 'response', 'payment',
                                              'limitation', 'block_possible', 'other')),
  title         text NOT NULL CHECK (title <> ''),
  -- NULL count: the period is set by the order itself and must come with the event as an
  -- explicit deadline spec (e.g. a grace period "within 15 days" set by the authority).
  period_count  int CHECK (period_count BETWEEN 1 AND 36600),
  period_unit   text NOT NULL CHECK (period_unit IN ('calendar_days', 'working_days', 'sutki',
                                                     'months', 'years')),
  roll          text CHECK (roll IN ('forward', 'back', 'none')),  -- NULL: the unit's default
  extra_days    int  NOT NULL DEFAULT 0 CHECK (extra_days BETWEEN 0 AND 366),
  count_trigger_day boolean NOT NULL DEFAULT false,
  -- 'receipt': counted from the event's received_on; while that is unknown, the deadline is a
  -- range from (event date) to (event date + receipt_window_days).
  count_from    text NOT NULL DEFAULT 'date' CHECK (count_from IN ('date', 'receipt')),
  receipt_window_days int NOT NULL DEFAULT 0 CHECK (receipt_window_days BETWEEN 0 AND 366),
  basis         text NOT NULL CHECK (basis <> ''),
  description   text,
  valid_from    date,
  valid_to      date,
  retired_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((trigger_type IS NULL) <> (after_kind IS NULL)),
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to),
  CHECK (period_unit <> 'sutki' OR roll IS NULL OR roll = 'none'),
  CHECK (after_kind IS NULL OR period_count IS NOT NULL)
);
CREATE INDEX rule_trigger_idx ON rule (jurisdiction, trigger_type);

CREATE TRIGGER rule_touch BEFORE UPDATE ON rule FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER rule_audit AFTER INSERT OR UPDATE OR DELETE ON rule FOR EACH ROW EXECUTE FUNCTION audit_row();

ALTER TABLE deadline ADD CONSTRAINT deadline_rule_fk FOREIGN KEY (rule_id) REFERENCES rule;
ALTER TABLE deadline ADD COLUMN external_id text UNIQUE;
ALTER TABLE deadline ADD COLUMN extra_days int NOT NULL DEFAULT 0 CHECK (extra_days BETWEEN 0 AND 366);
-- An event produces at most one deadline of each kind (explicit specs override rules).
CREATE UNIQUE INDEX deadline_trigger_kind_uq ON deadline (trigger_event_id, kind);
CREATE INDEX deadline_rule_idx ON deadline (rule_id);

-- How a decision was served, for rules such as FRCP 6(d) (3 days added for service by mail).
ALTER TABLE event ADD COLUMN service_method text
  CHECK (service_method IN ('personal', 'mail', 'electronic', 'other'));

-- The starter rule set. Periods and bases from the texts cited; see docs/engine.md.
INSERT INTO rule (code, jurisdiction, trigger_type, trigger_outcomes, after_kind, case_tag, condition,
                  kind, title, period_count, period_unit, roll, extra_days, count_from,
                  receipt_window_days, basis, description, valid_from, valid_to) VALUES
('ru-coao-30.3-appeal-sutki', 'RU', 'ruling', NULL, NULL, NULL, NULL,
 'appeal', 'Appeal deadline', 10, 'sutki', 'none', 0, 'receipt', 10,
 'RU CoAO art. 30.3(1) (10 сутки, text before Federal Law 364-FZ)',
 'A complaint against a ruling in an administrative-offence case may be filed within 10 сутки of '
 'delivery or receipt of a copy of the ruling. сутки run on weekends and holidays and never roll. '
 'While the receipt date is unknown the deadline is a range: the copy is sent within 3 days '
 '(art. 29.11(2)); tracker allows 10 days from the ruling for sending and delivery.',
 NULL, '2024-10-28'),
('ru-coao-30.3-appeal-days', 'RU', 'ruling', NULL, NULL, NULL, NULL,
 'appeal', 'Appeal deadline', 10, 'calendar_days', 'forward', 0, 'receipt', 10,
 'RU CoAO art. 30.3(1) as amended by Federal Law 364-FZ (10 days, in force 2024-10-29)',
 'From 2024-10-29 the period is 10 days; a last day that is not a working day moves to the next '
 'working day. Counted from delivery or receipt of the copy of the ruling; unknown receipt gives a '
 'range of 10 days (see the 30.3 сутки rule).',
 '2024-10-29', NULL),
('ru-apc-259-appeal', 'RU', 'ruling', NULL, NULL, 'procedure:apc', NULL,
 'appeal', 'Appeal deadline (arbitrazh court)', 1, 'months', 'forward', 0, 'date', 0,
 'RU APC art. 259(1); period counting by APC arts. 113-114',
 'An appeal against a first-instance arbitrazh court decision may be filed within one month after '
 'the decision is made. A month period ends on the same day number of the next month, or on its '
 'last day when it has no such day; a non-working last day moves to the next working day. Applies '
 'to cases tagged procedure:apc.',
 NULL, NULL),
('ru-grace-compliance', 'RU', 'appeal_decided', ARRAY['rejected', 'upheld'], NULL, NULL, NULL,
 'grace', 'Grace period to comply', NULL, 'calendar_days', 'forward', 0, 'date', 0,
 'the period set by the order being enforced (given with the appeal decision)',
 'When an appeal is rejected (the ruling upheld), the party gets the period the order sets to '
 'comply. The period is not fixed by law here: give it with the event, e.g. '
 '--deadline grace:15d.',
 NULL, NULL),
('ru-block-possible', 'RU', NULL, NULL, 'grace', NULL, NULL,
 'block_possible', 'Block possible (grace period missed)', 1, 'calendar_days', 'none', 0, 'date', 0,
 'RU Federal Law 149-FZ art. 15.4 (restriction of access to an organiser of information '
 'dissemination that fails its duties)',
 'An alert, not a legal deadline: from the day after a missed grace period, access to the service '
 'can be restricted. Superseded when the grace period is met, vacated with the decision.',
 NULL, NULL),
('us-frap-4a1a-appeal', 'US', 'ruling', NULL, NULL, NULL, NULL,
 'appeal', 'Notice of appeal deadline', 30, 'calendar_days', 'forward', 0, 'date', 0,
 'FRAP 4(a)(1)(A); time computed under FRAP 26(a) / FRCP 6(a)(1)',
 'In a civil case the notice of appeal must be filed within 30 days after entry of the judgment or '
 'order appealed from. Every day counts; a last day on a weekend or legal holiday moves to the next '
 'day that is not one.',
 NULL, NULL),
('us-frcp-59-new-trial', 'US', 'ruling', NULL, NULL, NULL, NULL,
 'other', 'Motion for a new trial / to alter or amend the judgment', 28, 'calendar_days', 'forward',
 0, 'date', 0,
 'FRCP 59(b), 59(e); FRCP 6(a)(1); not extendable (FRCP 6(b)(2))',
 'No later than 28 days after entry of judgment. Runs from entry, not service, so FRCP 6(d) does not '
 'add 3 days.',
 NULL, NULL),
('us-frcp-12a-answer', 'US', 'complaint', NULL, NULL, NULL, NULL,
 'response', 'Answer deadline', 21, 'calendar_days', 'forward', 0, 'receipt', 0,
 'FRCP 12(a)(1)(A)(i); FRCP 6(a)(1)',
 'A defendant must serve an answer within 21 days after being served with the summons and '
 'complaint (the event''s received_on is the service date; without it, the complaint date).',
 NULL, NULL),
('us-frcp-12a-answer-mail', 'US', 'complaint', NULL, NULL, NULL, 'served_by_mail',
 'response', 'Answer deadline', 21, 'calendar_days', 'forward', 3, 'receipt', 0,
 'FRCP 12(a)(1)(A)(i); FRCP 6(a)(1); FRCP 6(d) (3 days added after service by mail)',
 'As FRCP 12(a)(1)(A)(i), but the event was served by mail (service_method mail): 3 days are added '
 'after the period would otherwise expire under 6(a), and a weekend or holiday result moves on.',
 NULL, NULL),
('us-frcp-72a-objections', 'US', 'order', NULL, NULL, 'magistrate-judge', NULL,
 'response', 'Objections to magistrate judge''s order', 14, 'calendar_days', 'forward', 0, 'receipt', 0,
 'FRCP 72(a); FRCP 6(a)(1)',
 'A party may serve and file objections within 14 days after being served with a copy of a '
 'magistrate judge''s order on a nondispositive matter (cases tagged magistrate-judge).',
 NULL, NULL),
('us-frcp-72a-objections-mail', 'US', 'order', NULL, NULL, 'magistrate-judge', 'served_by_mail',
 'response', 'Objections to magistrate judge''s order', 14, 'calendar_days', 'forward', 3, 'receipt', 0,
 'FRCP 72(a); FRCP 6(a)(1); FRCP 6(d) (3 days added after service by mail)',
 'As FRCP 72(a), served by mail: 14 days, then 3 days added under 6(d).',
 NULL, NULL);
