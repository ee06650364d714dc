-- bench/submit.lua: wrk posts a valid support request, each one a new
-- submission (the need text carries a run tag, the wrk thread and a
-- counter, so the double-submit rule never merges two of them).
--
--   [WASL_BENCH_REFS=FILE] wrk ... -s bench/submit.lua URL -- TAG
--
-- TAG must differ between runs against one database. At the end it
-- prints one line, read by bench/forms.sh:
--   RESULT requests=N seconds=S rps=R p50_ms=A p99_ms=B acked=N303
--          status_errors=E socket_errors=S sent=N
-- (requests: answers read; acked: of them 303; sent: requests made, some
-- still unanswered when wrk stopped) and, with WASL_BENCH_REFS, appends
-- to FILE the reference of every 303 (from its Location), one a line.

local threads = {}
local nthreads = 0

function setup(thread)
	thread:set("id", nthreads)
	nthreads = nthreads + 1
	table.insert(threads, thread)
end

local function urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

local fixed, tag
-- globals: read from each thread by done() (thread:get)
sent, acked, refs = 0, 0, {}

function init(args)
	tag = args[1] or "t"
	sent, acked, refs = 0, 0, {}
	local f = {
		"full_name=" .. urlencode("عبدالله بن محمد الشهري"),
		"national_id=" .. urlencode("١٠٠٠ ٠٠٠ ٠٠٨"),
		"mobile=" .. urlencode("050 000 0000"),
		"city=" .. urlencode("تبوك"),
		"family_size=" .. urlencode("٥"),
		"monthly_income=3000",
		"declaration=yes",
		"privacy_consent=yes",
		"need=" .. urlencode("تأخر سداد الإيجار منذ ثلاثة أشهر، والأسرة " ..
		    "بلا دخل ثابت. طلب رقم "),
	}
	fixed = table.concat(f, "&")
end

function request()
	sent = sent + 1
	local body = fixed .. tag .. "-" .. id .. "-" .. sent
	return wrk.format("POST", nil, {
		["Content-Type"] = "application/x-www-form-urlencoded",
	}, body)
end

function response(status, headers, body)
	if status == 303 then
		acked = acked + 1
		local loc = headers["Location"] or headers["location"] or ""
		refs[#refs + 1] = loc:match("([^/]+)$")
	end
end

function done(summary, latency, requests)
	local n303, sent_all, allrefs = 0, 0, {}
	for _, t in ipairs(threads) do
		n303 = n303 + t:get("acked")
		sent_all = sent_all + t:get("sent")
		for _, r in ipairs(t:get("refs")) do
			allrefs[#allrefs + 1] = r
		end
	end
	local e = summary.errors
	local secs = summary.duration / 1e6
	io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f " ..
	    "p50_ms=%.3f p99_ms=%.3f acked=%d status_errors=%d " ..
	    "socket_errors=%d sent=%d\n", summary.requests, secs,
	    summary.requests / secs, latency:percentile(50) / 1000,
	    latency:percentile(99) / 1000, n303, e.status,
	    e.connect + e.read + e.write + e.timeout, sent_all))
	local file = os.getenv("WASL_BENCH_REFS")
	if file and file ~= "" then
		local f = assert(io.open(file, "a"))
		for _, r in ipairs(allrefs) do f:write(r, "\n") end
		f:close()
	end
end
