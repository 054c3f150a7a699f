-- 010_procedures: the procedure decides the rule, and a ruling's life after the appeal period.
--
-- A case records its procedure (legal_case.procedure); a rule may apply to one procedure only
-- (rule.procedure, NULL = any). Where a case's procedure is not recorded ('unknown'), the engine
-- assumes the jurisdiction's procedure_assumption and says so in the deadline's explanation.
--
-- Two new deadline kinds: 'in_force' (the day a ruling enters into force: a date, not an action)
-- and 'enforcement' (what may follow a missed payment: an alert, like block_possible). Chained
-- rules take a ruling from its appeal deadline to its entry into force, the fine's payment
-- deadline and the consequences of non-payment; an appeal decision that upholds the ruling starts
-- the same chain on its own date. See docs/engine.md, "Procedures" and "A ruling's life".

ALTER TABLE legal_case ADD COLUMN procedure text NOT NULL DEFAULT 'unknown'
  CHECK (procedure IN ('administrative_offence', 'civil', 'arbitrazh', 'administrative',
                       'criminal', 'regulator_decision', 'unknown'));
-- The tag tracker used for arbitrazh cases before cases recorded their procedure.
UPDATE legal_case SET procedure = 'arbitrazh' WHERE 'procedure:apc' = ANY (tags);

ALTER TABLE rule ADD COLUMN procedure text
  CHECK (procedure IN ('administrative_offence', 'civil', 'arbitrazh', 'administrative',
                       'criminal', 'regulator_decision'));

-- What the engine assumes for a case of this jurisdiction whose procedure is not recorded.
CREATE TABLE procedure_assumption (
  jurisdiction text PRIMARY KEY REFERENCES jurisdiction,
  procedure    text NOT NULL CHECK (procedure IN ('administrative_offence', 'civil', 'arbitrazh',
                                                  'administrative', 'criminal',
                                                  'regulator_decision')),
  reason       text NOT NULL CHECK (reason <> '')
);
INSERT INTO procedure_assumption (jurisdiction, procedure, reason) VALUES
('RU', 'administrative_offence',
 'tracker''s RU rulings are mostly fines under the Code of Administrative Offences, and before '
 'cases recorded a procedure every RU ruling got the CoAO rules'),
('US', 'civil',
 'the starter US rules are the civil rules (FRAP 4(a), FRCP)');

-- New kinds and the fine condition.
ALTER TABLE deadline DROP CONSTRAINT deadline_kind_check;
ALTER TABLE deadline ADD CONSTRAINT deadline_kind_check
  CHECK (kind IN ('appeal', 'grace', 'compliance', 'response', 'payment', 'limitation',
                  'block_possible', 'in_force', 'enforcement', 'other'));
ALTER TABLE rule DROP CONSTRAINT rule_kind_check;
ALTER TABLE rule ADD CONSTRAINT rule_kind_check
  CHECK (kind IN ('appeal', 'grace', 'compliance', 'response', 'payment', 'limitation',
                  'block_possible', 'in_force', 'enforcement', 'other'));
ALTER TABLE rule DROP CONSTRAINT rule_after_kind_check;
ALTER TABLE rule ADD CONSTRAINT rule_after_kind_check
  CHECK (after_kind IN ('appeal', 'grace', 'compliance', 'response', 'payment', 'limitation',
                        'block_possible', 'in_force', 'enforcement', 'other'));
-- fine_imposed: only when the ruling (for an appeal decision: the ruling it decides) imposed a
-- fine recorded with it.
ALTER TABLE rule DROP CONSTRAINT rule_condition_check;
ALTER TABLE rule ADD CONSTRAINT rule_condition_check
  CHECK (condition IN ('served_by_mail', 'fine_imposed'));

-- When a deadline was met: the meeting event's date, or the fine's payment date.
ALTER TABLE deadline ADD COLUMN met_on date;
ALTER TABLE deadline_revision ADD COLUMN met_on date;
UPDATE deadline d SET met_on = e.date FROM event e
 WHERE e.id = d.met_by_event_id AND d.status = 'met';

-- The starter rules by procedure.
UPDATE rule SET procedure = 'administrative_offence'
 WHERE code IN ('ru-coao-30.3-appeal-sutki', 'ru-coao-30.3-appeal-days');
UPDATE rule SET procedure = 'arbitrazh', case_tag = NULL,
  description = 'An appeal against a first-instance arbitrazh court decision may be filed within '
    'one month after the decision is made. A month period ends on the same day number of the next '
    'month, or on its last day when it has no such day; a non-working last day moves to the next '
    'working day. Applies to cases whose procedure is arbitrazh (a case tagged procedure:apc '
    'whose procedure is not recorded counts as arbitrazh).'
 WHERE code = 'ru-apc-259-appeal';
UPDATE rule SET procedure = 'civil'
 WHERE code IN ('us-frap-4a1a-appeal', 'us-frcp-59-new-trial', 'us-frcp-12a-answer',
                'us-frcp-12a-answer-mail', 'us-frcp-72a-objections',
                'us-frcp-72a-objections-mail');

INSERT INTO rule (code, jurisdiction, procedure, trigger_type, trigger_outcomes, after_kind,
                  case_tag, condition, kind, title, period_count, period_unit, roll,
                  count_trigger_day, count_from, receipt_window_days, basis, description,
                  valid_from, valid_to) VALUES
-- RU administrative offences (CoAO): entry into force, payment, non-payment. Entry into force is
-- tracked for rulings that impose a fine (recorded with the ruling): the payment period runs from
-- it.
('ru-coao-31.1-in-force', 'RU', 'administrative_offence', NULL, NULL, 'appeal', NULL, 'fine_imposed',
 'in_force', 'Ruling in force if not appealed', 1, 'calendar_days', 'none', false, 'date', 0,
 'RU CoAO art. 31.1(1) (in force after the appeal period, if not appealed)',
 'A ruling in an administrative-offence case enters into force when the period for appealing it '
 'has run out without an appeal: on the day after the last day of the appeal deadline. '
 'Superseded when an appeal is filed in time or the ruling is decided on appeal.',
 NULL, NULL),
('ru-coao-31.1-in-force-on-decision', 'RU', 'administrative_offence', 'appeal_decided',
 ARRAY['rejected', 'upheld'], NULL, NULL, 'fine_imposed',
 'in_force', 'Ruling in force (upheld on appeal)', 1, 'calendar_days', 'none', true, 'date', 0,
 'RU CoAO art. 31.1(3) (in force with the decision on the complaint that upholds it)',
 'When the decision on the complaint upholds the ruling (the complaint is rejected) and is not '
 'itself open to appeal, the ruling enters into force on the day of that decision. (A decision '
 'that can itself be appealed, art. 31.1(2), is not modelled: record the later decision.)',
 NULL, NULL),
('ru-coao-32.2-payment-30d', 'RU', 'administrative_offence', NULL, NULL, 'in_force', NULL,
 'fine_imposed', 'payment', 'Fine payment deadline', 30, 'calendar_days', 'forward', false,
 'date', 0,
 'RU CoAO art. 32.2(1) (30 days, text before Federal Law 49-FZ of 2013-04-05); counted by art. 4.8',
 'The fine must be paid in full no later than 30 days from the day the ruling enters into force. '
 'Counted as CoAO art. 4.8 says: from the day after, and a period ending on a non-working day ends '
 'on the next working day.',
 NULL, '2013-05-08'),
('ru-coao-32.2-payment', 'RU', 'administrative_offence', NULL, NULL, 'in_force', NULL,
 'fine_imposed', 'payment', 'Fine payment deadline', 60, 'calendar_days', 'forward', false,
 'date', 0,
 'RU CoAO art. 32.2(1) as amended by Federal Law 49-FZ of 2013-04-05 (60 days); counted by art. 4.8',
 'The fine must be paid in full no later than 60 days from the day the ruling enters into force '
 '(unless payment was deferred or spread under art. 31.5). Counted as CoAO art. 4.8 says: days '
 'run from the day after the entry into force, and a period ending on a non-working day ends on '
 'the next working day. Met when the fine is recorded as paid on or before that day.',
 '2013-05-09', NULL),
('ru-coao-20.25-nonpayment', 'RU', 'administrative_offence', NULL, NULL, 'payment', NULL,
 'fine_imposed', 'enforcement', 'Fine unpaid: double fine and enforcement possible', 1,
 'calendar_days', 'none', false, 'date', 0,
 'RU CoAO art. 20.25(1) (non-payment in time) and art. 32.2(5) (enforcement by the bailiffs)',
 'An alert, not a deadline to act: from the day after a missed payment deadline, non-payment is '
 'itself an offence (art. 20.25(1): a fine of twice the unpaid amount, at least 1,000 rubles, or '
 'administrative arrest of up to 15 days, or compulsory work of up to 50 hours), and the ruling is '
 'sent to the bailiffs for enforcement (art. 32.2(5): within 10 сутки; Federal Law 229-FZ on '
 'enforcement proceedings). Superseded when the fine is paid in time.',
 NULL, NULL),
-- RU civil procedure (CPC).
('ru-cpc-321-appeal', 'RU', 'civil', 'ruling', NULL, NULL, NULL, NULL,
 'appeal', 'Appeal deadline (civil procedure)', 1, 'months', 'forward', false, 'date', 0,
 'RU CPC art. 321(2); period counting by CPC arts. 107-108',
 'An appeal against a first-instance court decision may be filed within one month of the '
 'decision in its final form (record the ruling on that date). A month ends on the same day '
 'number of the next month (or its last day); a non-working last day moves to the next working day.',
 '2012-01-01', NULL),
('ru-cpc-209-in-force', 'RU', 'civil', NULL, NULL, 'appeal', NULL, NULL,
 'in_force', 'Decision in force if not appealed', 1, 'calendar_days', 'none', false, 'date', 0,
 'RU CPC art. 209(1) (in force after the appeal period, if not appealed)',
 'A court decision enters into force when the period for appealing it has run out without an '
 'appeal: on the day after the last day of the appeal deadline.',
 NULL, NULL),
('ru-cpc-329-in-force-on-decision', 'RU', 'civil', 'appeal_decided', ARRAY['rejected', 'upheld'],
 NULL, NULL, NULL,
 'in_force', 'Decision in force (upheld on appeal)', 1, 'calendar_days', 'none', true, 'date', 0,
 'RU CPC art. 329(5) (the appeal ruling enters into force on the day it is made)',
 'When the appeal court leaves the decision unchanged, its ruling, and with it the decision, '
 'enters into force on the day it is made.',
 NULL, NULL),
-- RU arbitrazh procedure (APC).
('ru-apc-180-in-force', 'RU', 'arbitrazh', NULL, NULL, 'appeal', NULL, NULL,
 'in_force', 'Decision in force if not appealed (arbitrazh court)', 1, 'calendar_days', 'none',
 false, 'date', 0,
 'RU APC art. 180(1) (in force after the one-month appeal period, if not appealed)',
 'A first-instance arbitrazh court decision enters into force when the month for appealing it has '
 'run out without an appeal: on the day after the last day of the appeal deadline.',
 NULL, NULL),
('ru-apc-271-in-force-on-decision', 'RU', 'arbitrazh', 'appeal_decided', ARRAY['rejected', 'upheld'],
 NULL, NULL, NULL,
 'in_force', 'Decision in force (upheld on appeal, arbitrazh court)', 1, 'calendar_days', 'none',
 true, 'date', 0,
 'RU APC art. 271(5) (the appeal court''s ruling enters into force on the day it is made)',
 'When the arbitrazh appeal court leaves the decision unchanged, the decision enters into force on '
 'the day of the appeal ruling.',
 NULL, NULL),
-- RU administrative procedure (CAS, in force 2015-09-15).
('ru-kas-298-appeal', 'RU', 'administrative', 'ruling', NULL, NULL, NULL, NULL,
 'appeal', 'Appeal deadline (administrative procedure)', 1, 'months', 'forward', false, 'date', 0,
 'RU CAS art. 298(1); period counting by CAS arts. 92-93',
 'An appeal against a first-instance decision under the Code of Administrative Procedure may be '
 'filed within one month of the decision in its final form, unless the Code sets another period '
 '(election and other urgent cases have shorter ones: give them with the event).',
 '2015-09-15', NULL),
('ru-kas-186-in-force', 'RU', 'administrative', NULL, NULL, 'appeal', NULL, NULL,
 'in_force', 'Decision in force if not appealed (administrative procedure)', 1, 'calendar_days',
 'none', false, 'date', 0,
 'RU CAS art. 186 (in force after the appeal period, if not appealed)',
 'A decision enters into force when the period for appealing it has run out without an appeal.',
 '2015-09-15', NULL),
-- US: the United States as a party, and criminal appeals.
('us-frap-4a1b-appeal', 'US', 'civil', 'ruling', NULL, NULL, 'united-states-party', NULL,
 'appeal', 'Notice of appeal deadline (United States a party)', 60, 'calendar_days', 'forward',
 false, 'date', 0,
 'FRAP 4(a)(1)(B); time computed under FRAP 26(a)',
 'In a civil case to which the United States, a United States agency, or a United States officer '
 'or employee (sued in an official capacity, or individually for acts on the United States'' '
 'behalf) is a party, any party may file the notice of appeal within 60 days after entry of the '
 'judgment or order. Applies to cases tagged united-states-party.',
 NULL, NULL),
('us-frap-4b1a-appeal', 'US', 'criminal', 'ruling', NULL, NULL, NULL, NULL,
 'appeal', 'Notice of appeal deadline (criminal case, defendant)', 14, 'calendar_days', 'forward',
 false, 'date', 0,
 'FRAP 4(b)(1)(A) (14 days since 2009-12-01); time computed under FRAP 26(a)',
 'In a criminal case, a defendant''s notice of appeal must be filed within 14 days after the later '
 'of the entry of the judgment or order appealed from and the filing of the government''s notice '
 'of appeal (record the later one).',
 '2009-12-01', NULL);
