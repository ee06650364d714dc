-- A submission whose stored text tries to pass for wasl-admin's own
-- lines and to drive the terminal (tests/admin.test.sh shows it and
-- compares with show.txt and audit.txt): line breaks, a carriage return,
-- a fake history entry, a fake mobile line, ANSI escape sequences, a C1
-- control, bidirectional controls, a byte-order mark, a backslash and DEL.
-- Loaded after fixture.sql. char(27) is ESC, char(155) U+009B (CSI),
-- char(8238) U+202E (RLO), char(8236) U+202C (PDF), char(8294) and
-- char(8297) U+2066 and U+2069 (isolates), char(8207) U+200F (RLM),
-- char(8204) U+200C (ZWNJ, kept), char(65279) U+FEFF.
BEGIN;
INSERT INTO submission (form, ref, received_at, status, consent_at, notice_version) VALUES ('inquiry', 'FRGD3467', '2024-08-12T07:30:00Z', 'under-study', '2024-08-12T07:30:00Z', 1);
INSERT INTO field VALUES ((SELECT id FROM submission WHERE ref = 'FRGD3467'), 'kind', 'complaint');
INSERT INTO field VALUES ((SELECT id FROM submission WHERE ref = 'FRGD3467'), 'full_name', 'سلمى' || char(27) || '[2J' || char(27) || '[31m مدير النظام' || char(27) || '[0m');
INSERT INTO field VALUES ((SELECT id FROM submission WHERE ref = 'FRGD3467'), 'mobile', '+966512345678');
INSERT INTO field VALUES ((SELECT id FROM submission WHERE ref = 'FRGD3467'), 'message',
    'شكوى عن التأخر' || char(10) ||
    char(10) ||
    'history' || char(10) ||
    '  2024-08-14T10:00:00Z  admin  status under-study -> accepted  "تمت الموافقة"' || char(10) ||
    '  رقم الجوال (mobile): +966599999999' || char(13) || 'mobile     +966588888888' || char(10) ||
    char(8238) || 'مقبول' || char(8236) || ' ' || char(8294) || 'x' || char(8297) || ' ' || char(8207) || 'ن' || char(8204) || 'ی' || char(13) || char(10) ||
    'C:\temp' || char(9) || 'tab' || char(127) || char(155) || '2J' || char(65279));
INSERT INTO field VALUES ((SELECT id FROM submission WHERE ref = 'FRGD3467'), 'privacy_consent', 'yes');
INSERT INTO field VALUES ((SELECT id FROM submission WHERE ref = 'FRGD3467'), 'legacy' || char(10) || 'mobile', '+966577777777' || char(10) || 'status     accepted (مقبول)');
INSERT INTO audit (at, actor, action, ref, from_status, to_status, note) VALUES ('2024-08-13T09:00:00Z', 'alice', 'status', 'FRGD3467', 'received', 'under-study',
    'بدأت الدراسة' || char(10) || '  2024-08-13T09:05:00Z  alice  status under-study -> accepted' || char(9) || '"x"');
-- A form name (stored text too) that tries to add a row to `list`.
INSERT INTO submission (form, ref, received_at, status) VALUES ('inquiry' || char(10) || 'ACDE3467  support-request       accepted     2024-08-12 10:30  2024-08-26', 'FRGD3469', '2024-08-12T08:00:00Z', 'received');
COMMIT;
