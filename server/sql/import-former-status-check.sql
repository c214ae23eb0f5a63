-- Checks imported status rows $1 of former (pre-merger) communes (JSON array of {row, communeCode (the old code),
-- kind, value, validFrom, validTo}) against the database: unknown kind/value pair, and overlap with a record of
-- the former unit already stored. One line per problem, by row, worded in English (en) and Vietnamese (vi).
WITH r AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(row int, "communeCode" text, kind text, value text, "validFrom" date, "validTo" date)
)
SELECT r.row,
  'row ' || r.row || ': unknown status "' || r.kind || '" = "' || r.value || '"' AS en,
  'dòng ' || r.row || ': tình trạng không có trong danh mục "' || r.kind || '" = "' || r.value || '"' AS vi
FROM r WHERE NOT EXISTS (SELECT 1 FROM status_value v WHERE v.kind = r.kind AND v.value = r.value)
UNION ALL
SELECT r.row,
  'row ' || r.row || ': period overlaps the stored record of former commune ' || f.old_code || ' ' || f.valid_from || ' – ' || f.valid_to || ' (' || f.kind || ' = ' || f.value || ')',
  'dòng ' || r.row || ': thời hạn trùng với bản ghi đã lưu của xã cũ ' || f.old_code || ' ' || f.valid_from || ' – ' || f.valid_to || ' (' || f.kind || ' = ' || f.value || ')'
FROM r JOIN former_commune_status f ON f.old_code = r."communeCode" AND f.kind = r.kind
  AND daterange(f.valid_from, f.valid_to) && daterange(r."validFrom", r."validTo")
ORDER BY 1
