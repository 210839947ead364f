-- 0003 acting_as: who a run's AWS calls were signed as.
--
-- When irun assumes a role (`--role-arn`, a profile's `role_arn`) or uses the instance
-- profile, the run records the principal STS or the metadata service named: the assumed
-- role's ARN with its session name (`arn:aws:sts::123456789012:assumed-role/IR/irun-…`), or
-- `instance profile role NAME`. Never keys. NULL for the simulated account and for keys given
-- outright. The run-started event carries the same value as `actingAs`, so the chain holds it.
--
-- Never edit this file once shipped: add a new numbered migration instead.

ALTER TABLE runs ADD COLUMN acting_as TEXT;
