-- Every value a commune can show for each status kind, in legend order, for counts that must list zero values
-- too (the dashboard's breakdown and trend): the values of status_value by ordinal, then each kind's "absent"
-- value as commune_status_at returns it, and kind 'hq' for the status of the commune's HQ (none = no HQ in force).
CREATE VIEW status_legend_value (kind, value, ordinal) AS
  SELECT kind, value, ordinal FROM status_value
  UNION ALL
  SELECT x.kind, x.value, x.ordinal
  FROM (VALUES ('key_complex', 'not_key', 99), ('drug_key_area', 'not_key', 99), ('transformation', 'none', 99),
               ('drug_free', 'not_started', 99), ('safe_standard', 'not_assessed', 99),
               ('hq', 'independent', 1), ('hq', 'under_construction', 2), ('hq', 'planned', 3), ('hq', 'shared', 4),
               ('hq', 'none', 99)) AS x (kind, value, ordinal)
  WHERE NOT EXISTS (SELECT 1 FROM status_value v WHERE v.kind = x.kind AND v.value = x.value);
