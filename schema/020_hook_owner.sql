-- 020_hook_owner: a hook or digest made through the API names its owner (docs/api.md, /hooks):
-- owner_account_id (019) becomes a foreign key to app_account (015). Accounts are disabled, not
-- deleted; should one be deleted, its hooks and digests stay, without an owner (admins manage them).
ALTER TABLE hook ADD CONSTRAINT hook_owner_fk
  FOREIGN KEY (owner_account_id) REFERENCES app_account ON DELETE SET NULL;
ALTER TABLE digest ADD CONSTRAINT digest_owner_fk
  FOREIGN KEY (owner_account_id) REFERENCES app_account ON DELETE SET NULL;
CREATE INDEX hook_owner_idx ON hook (owner_account_id);
