-- 014_lifecycle: event types for a case's life after the decision (issue 12 item 4).
--   block_lifted  the restriction of access ends (recorded on the timeline)
--   payment       a payment made (meets the case's payment deadline when made on time)
--   settlement    the parties settled (recorded; the case's status is set with case edit)
-- and a recorded block now resolves the "block possible" deadline (the engine, store/deadlines.c).
-- No new type for a higher court's decision: appeal_decided is any decision of a higher body on
-- a challenge to the case's latest ruling (appeal, cassation, supervisory review), and the grace
-- period that follows is given with the event that sets it (docs/engine.md, "Event types").
-- The words are owned by core/model.c (trk_event_types); tests/cli/t_vocab.sh compares them.

ALTER TABLE event DROP CONSTRAINT event_type_check;
ALTER TABLE event ADD CONSTRAINT event_type_check
  CHECK (type IN ('request', 'complaint', 'hearing', 'ruling', 'fine', 'appeal_filed',
                  'appeal_decided', 'order', 'compliance', 'block', 'block_lifted', 'payment',
                  'settlement', 'registration', 'statement', 'other'));
ALTER TABLE rule DROP CONSTRAINT rule_trigger_type_check;
ALTER TABLE rule ADD CONSTRAINT rule_trigger_type_check
  CHECK (trigger_type IN ('request', 'complaint', 'hearing', 'ruling', 'fine', 'appeal_filed',
                          'appeal_decided', 'order', 'compliance', 'block', 'block_lifted',
                          'payment', 'settlement', 'registration', 'statement', 'other'));
