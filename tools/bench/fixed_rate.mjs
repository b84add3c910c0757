// fixed_rate.mjs: a fixed offered rate with autocannon. Its rate limit lets
// each connection send its quota for the second back to back and then wait
// for the next second, and it times a request from when it was written: the
// bench keeps these passes for comparison only; the evenly paced ones come
// from openloop.c. Prints one JSON line.
//
//   node fixed_rate.mjs BASE RATE SECONDS SLUGS KIND [SID]
//
// KIND is restaurant (the restaurant page) or mixed (search, restaurant,
// availability, direct bookings and the account page, as in scenario.lua).
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(path.join(process.env.STOLIK_BENCH_MODULES, "package.json"));
const autocannon = require("autocannon");

const [base, rate, seconds, slugsFile, kind, sid] = process.argv.slice(2);
const slugs = fs.readFileSync(slugsFile, "utf8").split("\n").filter(Boolean);
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const times = ["12:00", "13:00", "18:00", "19:00", "20:00", "21:00"];
const words = ["italian", "ukrainian", "kyiv", "warsaw", "pizza", "bench"];

const mix = kind === "mixed"
	? [...Array(30).fill("search"), ...Array(30).fill("restaurant"),
		...Array(25).fill("availability"), ...Array(10).fill("book"),
		...Array(5).fill("account")]
	: ["restaurant"];
let n = 0;

// bookings come from many diners' addresses (the bench nginx trusts this)
const client = (k) => `10.${k % 7}.${k % 256}.${(k * 7) % 251 + 1}`;

function next() {
	const k = pick(mix), slug = pick(slugs), d = day(1 + Math.floor(Math.random() * 45));
	switch (k) {
	case "search":
		return { method: "GET", path: `/search?q=${pick(words)}` };
	case "availability":
		return { method: "GET", path: `/api/v1/restaurants/${slug}/availability?date=${d}&party=2` };
	case "book":
		n++;
		return { method: "POST", path: "/api/v1/reservations",
			headers: { "content-type": "application/json",
				"x-forwarded-for": client(n % 400 + 1) },
			body: JSON.stringify({ restaurant: slug, start: `${day(1 + Math.floor(Math.random() * 54))}T${pick(times)}`,
				party: 2, name: "Fixed rate", email: `fixed${n}-${Math.random()}@bench.example`,
				phone: "+48 600 100 200" }) };
	case "account":
		return { method: "GET", path: "/account", headers: { cookie: `sid=${sid || ""}` } };
	default:
		return { method: "GET", path: `/r/${slug}?date=${d}&party=2` };
	}
}

const r = Number(rate);
const result = await autocannon({
	url: base,
	connections: Math.max(8, Math.min(256, Math.ceil(r / 50))),
	overallRate: r,
	duration: Number(seconds),
	requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
});
console.log("FIXED " + JSON.stringify({
	offered: r,
	achieved: result.requests.average,
	p50_ms: result.latency.p50, p90_ms: result.latency.p90,
	p97_5_ms: result.latency.p97_5, p99_ms: result.latency.p99,
	max_ms: result.latency.max,
	non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
	statuses: { "2xx": result["2xx"], "4xx": result["4xx"], "5xx": result["5xx"] },
}));
