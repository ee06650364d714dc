-- The PHP baseline's table: one row per support request, as a PHP
-- handler would keep it (bench/php/submit.php).
PRAGMA journal_mode = WAL;
CREATE TABLE request (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL UNIQUE,
  received_at TEXT NOT NULL,
  full_name TEXT NOT NULL,
  national_id TEXT NOT NULL,
  mobile TEXT NOT NULL,
  city TEXT NOT NULL,
  family_size INTEGER NOT NULL,
  monthly_income INTEGER NOT NULL,
  need TEXT NOT NULL,
  consent_at TEXT NOT NULL,
  notice_version INTEGER NOT NULL
);
