<?php
// bench/php/submit.php: the support request as an association would
// otherwise take it, with PHP-FPM behind nginx: the same checks as
// wasl-forms (lib/model/fieldcheck.c, content/forms/support-request.yaml) and
// one SQLite insert per request, WAL journal and synchronous=FULL, then
// 303 to a confirmation address with a random reference. Only the
// benchmark uses it (bench/forms.sh). The database path comes from the
// environment (WASL_BENCH_DB, set by the pool); bench/php/schema.sql is
// its table.

const MAX_BODY = 65536;
const REF_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const FIELDS = [
    'full_name', 'national_id', 'mobile', 'city', 'family_size',
    'monthly_income', 'need', 'declaration',
    'privacy_consent',
];
// Whitespace as fieldcheck.h counts it, and the invisible characters
// that text fields drop.
const SPACE = '[\x{0009}\x{000A}\x{000D}\x{0020}\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]';
const REMOVED = '/[\x{202A}-\x{202E}\x{2066}-\x{2069}\x{200B}\x{2060}\x{FEFF}]/u';

function reply(int $status, string $title, string $extra = ''): void
{
    http_response_code($status);
    header('Content-Type: text/html; charset=utf-8');
    header('Cache-Control: no-store');
    if ($extra !== '') {
        header($extra);
    }
    echo '<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><title>',
        htmlspecialchars($title), '</title><p>', htmlspecialchars($title), '</p>';
}

// Arabic-Indic (U+0660-0669) and Persian (U+06F0-06F9) digits to ASCII.
function digits(string $s): string
{
    static $map = null;
    if ($map === null) {
        $map = [];
        for ($i = 0; $i < 10; $i++) {
            $map[utf8_char(0x660 + $i)] = (string)$i;
            $map[utf8_char(0x6F0 + $i)] = (string)$i;
        }
    }
    return strtr($s, $map);
}

function utf8_char(int $cp): string
{
    return html_entity_decode('&#' . $cp . ';', ENT_NOQUOTES, 'UTF-8');
}

// Free text: valid UTF-8, no controls (tab and line breaks allowed when
// multiline), invisible characters removed, trimmed, at most max
// characters. Returns the cleaned text or an error code.
function text(string $s, bool $multiline, int $max): array
{
    if (strlen($s) > MAX_BODY || !preg_match('//u', $s)) {
        return [null, 'encoding'];
    }
    $s = str_replace(["\r\n", "\r"], "\n", $s);
    $s = str_replace(["\u{2028}", "\u{2029}"], $multiline ? "\n" : ' ', $s);
    $s = preg_replace(REMOVED, '', $s);
    $ctl = $multiline ? '/[\x{0000}-\x{0008}\x{000B}-\x{001F}\x{007F}-\x{009F}]/u'
        : '/[\x{0000}-\x{001F}\x{007F}-\x{009F}]/u';
    if (preg_match($ctl, $s)) {
        return [null, 'control'];
    }
    $s = preg_replace('/^' . SPACE . '+|' . SPACE . '+$/u', '', $s);
    if ($s === '') {
        return [null, 'empty'];
    }
    if (iconv_strlen($s, 'UTF-8') > $max) {
        return [null, 'too_long'];
    }
    return [$s, null];
}

// The digits of a number-like answer, with the separators allowed.
function number_digits(string $s, string $seps, bool $plus): ?array
{
    if (!preg_match('//u', $s)) {
        return null;
    }
    $s = digits($s);
    $s = preg_replace('/' . SPACE . '/u', '', $s);
    $s = str_replace(str_split($seps), '', $s);
    $hasplus = false;
    if ($plus && $s !== '' && $s[0] === '+') {
        $hasplus = true;
        $s = substr($s, 1);
    }
    if ($s === '' || !ctype_digit($s)) {
        return null;
    }
    return [$s, $hasplus];
}

function national_id(string $s): array
{
    $d = number_digits($s, '-', false);
    if ($d === null || strlen($d[0]) !== 10) {
        return [null, 'format'];
    }
    $d = $d[0];
    if ($d[0] !== '1' && $d[0] !== '2') {
        return [null, 'prefix'];
    }
    $sum = 0;
    for ($i = 0; $i < 10; $i++) {
        $v = (int)$d[$i];
        if ($i % 2 === 0) {
            $v *= 2;
            if ($v > 9) {
                $v -= 9;
            }
        }
        $sum += $v;
    }
    return $sum % 10 === 0 ? [$d, null] : [null, 'checksum'];
}

function mobile(string $s): array
{
    $r = number_digits($s, '-().', true);
    if ($r === null) {
        return [null, 'format'];
    }
    [$d, $plus] = $r;
    $n = strlen($d);
    $rest = null;
    if ($plus) {
        if ($n === 12 && strncmp($d, '9665', 4) === 0) {
            $rest = substr($d, 4);
        }
    } elseif ($n === 10 && strncmp($d, '05', 2) === 0) {
        $rest = substr($d, 2);
    } elseif ($n === 9 && $d[0] === '5') {
        $rest = substr($d, 1);
    } elseif ($n === 12 && strncmp($d, '9665', 4) === 0) {
        $rest = substr($d, 4);
    } elseif ($n === 14 && strncmp($d, '009665', 6) === 0) {
        $rest = substr($d, 6);
    }
    return $rest === null ? [null, 'format'] : ['+9665' . $rest, null];
}

function integer(string $s, int $min, int $max): array
{
    $d = number_digits($s, '', false);
    if ($d === null || strlen($d[0]) > 15) {
        return [null, 'format'];
    }
    $v = (int)$d[0];
    return $v < $min || $v > $max ? [null, 'range'] : [$v, null];
}

function new_ref(): string
{
    $ref = '';
    for ($i = 0; $i < 8; $i++) {
        $ref .= REF_ALPHABET[random_int(0, strlen(REF_ALPHABET) - 1)];
    }
    return $ref;
}

if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
    reply(405, 'طريقة الطلب غير مسموح بها', 'Allow: POST');
    exit;
}
if (($_SERVER['HTTP_SEC_FETCH_SITE'] ?? '') === 'cross-site') {
    reply(403, 'طلب مرفوض');
    exit;
}
if (stripos($_SERVER['CONTENT_TYPE'] ?? '', 'application/x-www-form-urlencoded') !== 0) {
    reply(415, 'نوع البيانات غير مدعوم');
    exit;
}
$body = file_get_contents('php://input');
if ($body === false || strlen($body) > MAX_BODY) {
    reply(413, 'البيانات المرسلة كبيرة جدًا');
    exit;
}

// Each field once, none unknown (PHP's own $_POST would let a repeated
// field overwrite the first silently).
$in = [];
foreach ($body === '' ? [] : explode('&', $body) as $pair) {
    $kv = explode('=', $pair, 2);
    $name = urldecode($kv[0]);
    if ($name !== '' && $name[0] === '_') {
        continue;
    }
    if (!in_array($name, FIELDS, true) || isset($in[$name])) {
        reply(400, 'تعذّر قراءة النموذج');
        exit;
    }
    $in[$name] = urldecode($kv[1] ?? '');
}

$errors = [];
$v = [];
[$v['full_name'], $errors['full_name']] = text($in['full_name'] ?? '', false, 100);
[$v['national_id'], $errors['national_id']] = national_id($in['national_id'] ?? '');
[$v['mobile'], $errors['mobile']] = mobile($in['mobile'] ?? '');
[$v['city'], $errors['city']] = text($in['city'] ?? '', false, 60);
[$v['family_size'], $errors['family_size']] = integer($in['family_size'] ?? '', 1, 30);
[$v['monthly_income'], $errors['monthly_income']] = integer($in['monthly_income'] ?? '', 0, 1000000);
[$v['need'], $errors['need']] = text($in['need'] ?? '', true, 2000);
foreach (['declaration', 'privacy_consent'] as $c) {
    $errors[$c] = ($in[$c] ?? '') === 'yes' ? null : 'consent';
}
$errors = array_filter($errors);
if ($errors) {
    reply(422, 'خطأ: طلب دعم مستفيد');
    exit;
}

$db = new SQLite3(getenv('WASL_BENCH_DB'));
$db->busyTimeout(10000);
$db->exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL');
$st = $db->prepare('INSERT INTO request (ref, received_at, full_name, national_id,
    mobile, city, family_size, monthly_income, need, consent_at,
    notice_version) VALUES (:ref, :now, :full_name, :national_id, :mobile, :city,
    :family_size, :monthly_income, :need, :now, 1)');
$now = gmdate('Y-m-d\TH:i:s\Z');
foreach ($v as $k => $x) {
    $st->bindValue(':' . $k, $x);
}
$st->bindValue(':now', $now);
for ($try = 0; ; $try++) {
    $ref = new_ref();
    $st->bindValue(':ref', $ref);
    if (@$st->execute() !== false) {
        break;
    }
    if ($try === 5) {
        reply(500, 'تعذّر حفظ الطلب');
        exit;
    }
    $st->reset();
}
$db->close();
http_response_code(303);
header('Location: /forms/support-request/received/' . $ref);
header('Cache-Control: no-store');
