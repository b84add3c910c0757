-- scenario.lua: every tools/dev bench workload as one wrk script.
--
--   wrk -t2 -c64 -d15s -s scenario.lua http://127.0.0.1:8090 -- NAME SLUGS SID
--
-- NAME is search, restaurant, availability, booking (hold then confirm),
-- direct (a booking in one request, without a hold), lookbook (a look at a
-- day's free times, then a booking there, as a diner or an API client does
-- it) or mixed (search 30 %, restaurant 30 %, availability 25 %, booking 10 %,
-- account 5 %). SLUGS is a file of restaurant slugs, SID a session cookie
-- for the account page. Reads are built ahead, as wrk's guide advises (bookings
-- are made afresh each time);
-- done() prints one JSON line with the counts and percentiles.

local threads = {}
function setup(thread)
	thread:set("id", #threads + 1)
	table.insert(threads, thread)
end

local name, slugs, sid = "restaurant", {}, ""
local pool = {}           -- the account page request, built once
local confirms = {}       -- holds waiting for their confirmation (or
                          -- bookings whose look was answered)
looked = {}               -- bookings waiting for their look's answer
statuses = {}
booked = 0                -- bookings made (confirmed)

local function today_plus(n)
	return os.date("!%Y-%m-%d", os.time() + 86400 * n)
end

local times = { "12:00", "12:30", "13:00", "13:30", "14:00", "18:00", "18:30",
	"19:00", "19:30", "20:00", "20:30", "21:00" }
local words = { "italian", "ukrainian", "japanese", "kyiv", "warsaw", "pizza",
	"seafood", "bench", "polish", "lviv" }

local function pick(t) return t[math.random(#t)] end

-- bookings come from many diners' addresses (the bench nginx trusts this)
local function client(k)
	return string.format("10.%d.%d.%d", k % 7, k % 256, (k * 7) % 251 + 1)
end

local function build(kind, k)
	local slug = pick(slugs)
	local date = today_plus(math.random(1, 45))
	if kind == "search" then
		if k % 2 == 0 then
			return wrk.format("GET", "/search?q=" .. pick(words))
		end
		return wrk.format("GET", "/search?q=" .. pick(words) .. "&date=" .. date ..
			"&time=19:00&party=2")
	elseif kind == "restaurant" then
		return wrk.format("GET", "/r/" .. slug .. "?date=" .. date .. "&party=2")
	elseif kind == "availability" then
		return wrk.format("GET", "/api/v1/restaurants/" .. slug ..
			"/availability?date=" .. date .. "&party=2")
	elseif kind == "book" then
		local body = string.format('{"restaurant":"%s","start":"%sT%s","party":2,' ..
			'"name":"Load %d","email":"load%d-%d@bench.example","phone":"+48 600 100 200"}',
			slug, today_plus(math.random(1, 55)), pick(times), k, k, math.random(1000000))
		return wrk.format("POST", "/api/v1/reservations",
			{ ["Content-Type"] = "application/json", ["X-Forwarded-For"] = client(k) },
			body)
	elseif kind == "hold" then
		local body = string.format('{"restaurant":"%s","start":"%sT%s","party":2}',
			slug, today_plus(math.random(1, 55)), pick(times))
		return wrk.format("POST", "/api/v1/holds",
			{ ["Content-Type"] = "application/json", ["X-Forwarded-For"] = client(k) },
			body)
	elseif kind == "look" then
		-- the booking of the same restaurant and day goes once a look is
		-- answered (answers come in any order: the oldest waiting one)
		local body = string.format('{"restaurant":"%s","start":"%sT%s","party":2,' ..
			'"name":"Load %d","email":"load%d-%d@bench.example","phone":"+48 600 100 200"}',
			slug, date, pick(times), k, k, math.random(1000000))
		table.insert(looked, wrk.format("POST", "/api/v1/reservations",
			{ ["Content-Type"] = "application/json", ["X-Forwarded-For"] = client(k) },
			body))
		return wrk.format("GET", "/api/v1/restaurants/" .. slug ..
			"/availability?date=" .. date .. "&party=2")
	elseif kind == "account" then
		return wrk.format("GET", "/account", { ["Cookie"] = "sid=" .. sid })
	end
end

local mix = {}
function init(args)
	name = args[1] or "restaurant"
	for line in io.lines(args[2]) do
		if #line > 0 then table.insert(slugs, line) end
	end
	sid = args[3] or ""
	math.randomseed(os.time() * 1000 + (id or 0) * 7919)
	if name == "mixed" then
		for _ = 1, 30 do table.insert(mix, "search") end
		for _ = 1, 30 do table.insert(mix, "restaurant") end
		for _ = 1, 25 do table.insert(mix, "availability") end
		for _ = 1, 10 do table.insert(mix, "book") end
		for _ = 1, 5 do table.insert(mix, "account") end
	elseif name == "booking" then
		mix = { "hold" }
	elseif name == "direct" then
		mix = { "book" }
	elseif name == "lookbook" then
		mix = { "look" }
	else
		mix = { name }
	end
	pool.account = { build("account", 1) }
end

function request()
	local kind
	-- a hold answered: its confirmation goes next
	if #confirms > 0 then
		return table.remove(confirms, 1)
	end
	kind = pick(mix)
	-- every request is made afresh: a repeated booking finds its table
	-- taken, and a pool of pages would be a few hundred restaurants that
	-- the workers' caches hold, whatever the dataset
	if kind == "account" then
		return pick(pool[kind])
	end
	return build(kind, math.random(400))
end

function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
	if name == "lookbook" and status == 200 and #looked > 0 then
		table.insert(confirms, table.remove(looked, 1))
	end
	if status == 201 and body:find('"status":"confirmed"', 1, true) then
		booked = booked + 1
	end
	-- responses come back in any order over the connections: a hold is
	-- known by its status
	if status == 201 and name ~= "mixed" and body:find('"status":"held"', 1, true) then
		local code = body:match('"code":"([0-9A-Z]+)"')
		local token = body:match('"token":"([%w_%-]+)"')
		if code and token then
			local b = string.format('{"hold":{"code":"%s","token":"%s"},' ..
				'"name":"Load","email":"flow%d@bench.example","phone":"+48 600 100 200"}',
				code, token, math.random(100000000))
			table.insert(confirms, wrk.format("POST", "/api/v1/reservations",
				{ ["Content-Type"] = "application/json",
				  ["X-Forwarded-For"] = client(math.random(400)) }, b))
		end
	end
end

function done(summary, latency, requests)
	local agg = {}
	local made = 0
	for _, t in ipairs(threads) do
		made = made + (t:get("booked") or 0)
		for code, n in pairs(t:get("statuses") or {}) do
			agg[tostring(code)] = (agg[tostring(code)] or 0) + n
		end
	end
	local parts = {}
	for code, n in pairs(agg) do table.insert(parts, string.format('"%s":%d', code, n)) end
	local e = summary.errors
	io.write(string.format('BENCH {"requests":%d,"seconds":%.3f,"rps":%.1f,' ..
		'"p50_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
		'"socket_errors":%d,"status":{%s},"booked":%d}\n',
		summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(95) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000,
		e.connect + e.read + e.write + e.timeout, table.concat(parts, ","), made))
end
