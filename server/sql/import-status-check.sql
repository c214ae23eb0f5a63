-- Checks imported status rows $1 (JSON array of {row, communeCode, kind, value, validFrom, validTo}) against the
-- database: unknown commune, unknown kind/value pair, and overlap with a record already stored. One line per
-- problem, by row, worded in English (en) and Vietnamese (vi).
WITH r AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(row int, "communeCode" text, kind text, value text, "validFrom" date, "validTo" date)
)
SELECT r.row,
  'row ' || r.row || ': unknown commune code ' || r."communeCode" AS en,
  'dòng ' || r.row || ': mã xã ' || r."communeCode" || ' không tồn tại' AS vi
FROM r WHERE NOT EXISTS (SELECT 1 FROM commune c WHERE c.code = r."communeCode")
UNION ALL
SELECT r.row,
  'row ' || r.row || ': unknown status "' || r.kind || '" = "' || r.value || '"',
  'dòng ' || r.row || ': tình trạng không có trong danh mục "' || r.kind || '" = "' || r.value || '"'
FROM r WHERE NOT EXISTS (SELECT 1 FROM status_value v WHERE v.kind = r.kind AND v.value = r.value)
UNION ALL
SELECT r.row,
  'row ' || r.row || ': period overlaps the stored record ' || s.valid_from || ' – ' || coalesce(s.valid_to::text, 'now') || ' (' || s.kind || ' = ' || s.value || ')',
  'dòng ' || r.row || ': thời hạn trùng với bản ghi đã lưu ' || s.valid_from || ' – ' || coalesce(s.valid_to::text, 'nay') || ' (' || s.kind || ' = ' || s.value || ')'
FROM r JOIN commune_status s ON s.commune_code = r."communeCode" AND s.kind = r.kind
  AND daterange(s.valid_from, s.valid_to) && daterange(r."validFrom", r."validTo")
ORDER BY 1
