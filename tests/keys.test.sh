#!/usr/bin/env bash
# The declared document keys (lib/model/keys.h): every entry has its
# comment and a value of its own, and lib/model names the keys of the
# documents it makes and reads through them, never as literal strings
# (in json_object_*() calls, json_pack() keys, the tables of keys, the
# key paths of diagnostics and the definitions' readers). Prints PASS/FAIL
# lines for tests/run.sh. The same flavour-independent check runs once per
# flavour.
set -u
cd "$(dirname "$0")/.."
exec python3 - <<'PY'
import glob, re

def out(ok, name, detail=""):
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, detail)))

# ---- keys.h itself ----
src = open("lib/model/keys.h").read()
defs = re.findall(r'^#define\s+(KEY_\w+)\s+"([^"]*)"(.*)$', src, re.M)
out(len(defs) > 50, "keys.h declares the keys", "%d found" % len(defs))
lines = src.split("\n")
nocomment = []
for i, l in enumerate(lines):
    m = re.match(r'#define\s+(KEY_\w+)\s+"[^"]*"(.*)$', l)
    if m and "/*" not in m.group(2) and not (i + 1 < len(lines) and
            lines[i + 1].lstrip().startswith("/*")):
        nocomment.append(m.group(1))
out(not nocomment, "every key has its comment", " ".join(nocomment))
seen, dup = {}, []
for name, val, _ in defs:
    if val in seen:
        dup.append("%s=%s" % (name, seen[val]))
    seen[val] = name
out(not dup, "every key is declared once", " ".join(dup))

# ---- lib/model uses the declarations ----
def strip_comments(s):
    return re.sub(r'/\*.*?\*/', lambda m: re.sub(r'[^\n]', ' ', m.group(0)),
                  s, flags=re.S)

def call_args(s, start):
    """The top-level arguments of the call whose '(' is at start."""
    depth, i, args, cur, instr = 0, start, [], "", False
    while i < len(s):
        c = s[i]
        if instr:
            cur += c
            if c == "\\":
                cur += s[i + 1]; i += 1
            elif c == '"':
                instr = False
        elif c == '"':
            instr = True; cur += c
        elif c in "([{":
            depth += 1
            if depth > 1: cur += c
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(cur.strip()); return args
            cur += c
        elif c == "," and depth == 1:
            args.append(cur.strip()); cur = ""
        else:
            if depth >= 1: cur += c
        i += 1
    return args

LIT = re.compile(r'^"[^"]*"$')
LITS = re.compile(r'^(?:"[^"]*"\s*)+$')

def pack_key_args(fmt):
    """Indexes (after the format) of the arguments that are keys."""
    keys, n, i, stack = [], 0, 0, []
    while i < len(fmt):
        c = fmt[i]
        i += 1
        if c in " \t:,":
            continue
        if c in "{[":
            if stack and stack[-1][0] == "{":
                stack[-1][1] = "key"	# a value: a key comes next
            stack.append([c, "key"])
            continue
        if c in "}]":
            stack.pop()
            continue
        tok = c
        while i < len(fmt) and fmt[i] in "#%?*":
            tok += fmt[i]
            i += 1
        width = 2 if ("#" in tok or "%" in tok) else (0 if c == "n" else 1)
        if c != "+" and stack and stack[-1][0] == "{":
            if stack[-1][1] == "key":
                keys.append(n)
                stack[-1][1] = "value"
            else:
                stack[-1][1] = "key"
        n += width
    return keys

bad = []
for path in sorted(glob.glob("lib/model/*.c")):
    s = strip_comments(open(path).read())
    def where(pos):
        return "%s:%d" % (path, s.count("\n", 0, pos) + 1)
    for m in re.finditer(r'\bjson_object_(?:get|set|set_new|set_nocheck|'
                         r'set_new_nocheck|del)\s*\(', s):
        a = call_args(s, m.end() - 1)
        if len(a) > 1 and LIT.match(a[1]):
            bad.append("%s %s" % (where(m.start()), a[1]))
    for m in re.finditer(r'\bjson_pack\s*\(', s):
        a = call_args(s, m.end() - 1)
        if not a or not LITS.match(a[0]):
            continue
        fmt = "".join(re.findall(r'"([^"]*)"', a[0]))
        for k in pack_key_args(fmt):
            if k + 1 < len(a) and LIT.match(a[k + 1]):
                bad.append("%s %s" % (where(m.start()), a[k + 1]))
    for m in re.finditer(r'\{\s*("[^"]*")\s*,\s*SCHEMA_', s):
        bad.append("%s %s" % (where(m.start()), m.group(1)))
    for m in re.finditer(r'\bdiag_at\s*\(', s):
        a = call_args(s, m.end() - 1)
        if len(a) > 1 and LIT.match(a[1]):
            bad.append("%s %s" % (where(m.start()), a[1]))
    for m in re.finditer(r'\bS_(?:text|bool|int)\s*\(', s):
        a = call_args(s, m.end() - 1)
        if len(a) > 3 and LIT.match(a[3]):
            bad.append("%s %s" % (where(m.start()), a[3]))
    for m in re.finditer(r'_keys\[\]\s*=\s*\{([^}]*)\}', s):
        for lit in re.findall(r'"[^"]*"', m.group(1)):
            bad.append("%s %s" % (where(m.start()), lit))
out(not bad, "lib/model names document keys through keys.h",
    "; ".join(bad[:200]) + (" ..." if len(bad) > 200 else ""))
PY
