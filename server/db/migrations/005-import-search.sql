-- Search by name without tones, and provenance of status records carried across the 2025 commune mergers.

-- Folds Vietnamese text for matching: tones and vowel marks removed, đ/Đ → d, lower case ("Điện Biên" →
-- "dien bien"). translate() rather than the unaccent extension, which the embedded back end does not ship, and
-- because unaccent is not IMMUTABLE and so cannot back an index. Must agree with server/text/fold.ts (a test
-- compares them). Input is expected in NFC, which every write path produces.
CREATE FUNCTION posture_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(translate(t,
    'ÀÁÂÃÈÉÊÌÍÎÒÓÔÕÙÚÛÝàáâãèéêìíîòóôõùúûýĂăĔĕĨĩĬĭŎŏŨũŬŭŶŷƠơƯưṌṍṸṹẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹĐđ',
    'aaaaeeeiiioooouuuyaaaaeeeiiioooouuuyaaeeiiiioouuuuyyoouuoouuaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyydd'))
$$;

-- Prefix searches ("muong%") use these; substring searches scan, which a province's few hundred rows allow.
CREATE INDEX commune_name_fold_idx ON commune (posture_fold(name) text_pattern_ops);
CREATE INDEX police_hq_name_fold_idx ON police_hq (posture_fold(name) text_pattern_ops);
CREATE INDEX border_gate_name_fold_idx ON border_gate (posture_fold(name) text_pattern_ops);
