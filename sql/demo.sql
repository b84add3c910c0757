-- Demo data for development and tests only; never load it into a production database.
--
-- Load after the migrations, in one transaction:
--   psql -v ON_ERROR_STOP=1 -1 -f sql/demo.sql
-- Rows are referred to by e-mail and slug only; ids are whatever the
-- identity columns hand out. Passwords are set separately (password_hash NULL).

-- Users ---------------------------------------------------------------------

INSERT INTO users (email, name, role, email_verified_at) VALUES
	('diner@stolik.test',  'Dana Diner', 'diner', now()),
	('owner@stolik.test',  'Oleh Owner', 'owner', now()),
	('owner2@stolik.test', 'Olga Owner', 'owner', now()),
	('admin@stolik.test',  'Ada Admin',  'admin', now());

-- Restaurants ---------------------------------------------------------------
-- info: who and where; settings: booking rules. Joined on slug, so every
-- slug must appear in both lists. E-mail is hello@<slug>.example and the
-- website https://<slug>.example when `web` is true.

WITH info (slug, owner, name, cuisine, city, timezone,
           address, postal_code, country, phone, lat, lon,
           description) AS (VALUES
	-- Kyiv
	('borshch-i-vyshnia', 'owner@stolik.test', 'Борщ і Вишня', 'ukrainian', 'Kyiv', 'Europe/Kyiv',
	 'vul. Petra Sahaidachnoho 25', '04070', 'UA', '+380 44 235 17 42', 50.4625, 30.5195,
	 'A Podil dining room serving home-style Ukrainian cooking: beetroot borshch with garlic pampushky, varenyky with sour cherries and slow-baked duck. Long tables and a private room suit family celebrations.'),
	('trattoria-castagna', 'owner@stolik.test', 'Trattoria Castagna', 'italian', 'Kyiv', 'Europe/Kyiv',
	 'vul. Velyka Vasylkivska 48', '01004', 'UA', '+380 44 287 03 61', 50.4330, 30.5170,
	 'A neighbourhood trattoria where the pasta is rolled by hand every morning. Expect chestnut tagliatelle in autumn, wood-roasted fish and a short list of Italian natural wines.'),
	('tsuru-izakaya', 'owner@stolik.test', 'Tsuru Izakaya', 'japanese', 'Kyiv', 'Europe/Kyiv',
	 'vul. Yaroslaviv Val 21', '01034', 'UA', '+380 44 364 55 08', 50.4525, 30.5085,
	 'A small izakaya with a long counter, charcoal yakitori and a sake list that changes every month. The kitchen cooks until 2 a.m., which makes it a favourite after concerts and the theatre.'),
	('mtsvane-kitchen', 'owner@stolik.test', 'Mtsvane Kitchen', 'georgian', 'Kyiv', 'Europe/Kyiv',
	 'vul. Bohdana Khmelnytskoho 40', '01030', 'UA', '+380 44 279 91 23', 50.4470, 30.5070,
	 'Georgian food with a lighter, greener touch: pkhali platters, herb-heavy chakapuli and khachapuri baked to order. Bookings are confirmed by the restaurant, usually within the hour.'),
	('kava-na-podoli', 'owner@stolik.test', 'Кава на Подолі', 'coffee', 'Kyiv', 'Europe/Kyiv',
	 'vul. Kostiantynivska 6', '04071', 'UA', '+380 44 425 60 17', 50.4665, 30.5145,
	 'A corner coffee house with single-origin filter coffee, cardamom buns and hearty breakfasts served all day. Good for laptops on weekdays and long brunches at the weekend.'),
	('dnipro-oyster-bar', 'owner@stolik.test', 'Dnipro Oyster Bar', 'seafood', 'Kyiv', 'Europe/Kyiv',
	 'Naberezhno-Khreshchatytska vul. 9', '04070', 'UA', '+380 44 332 48 90', 50.4600, 30.5260,
	 'Oysters, mussels and the catch of the day, served on a riverside terrace overlooking the Dnipro. The raw bar opens at lunch; the grill menu comes out in the evening.'),
	('lystok', 'owner@stolik.test', 'Lystok', 'vegetarian', 'Kyiv', 'Europe/Kyiv',
	 'vul. Antonovycha 17', '03150', 'UA', '+380 44 501 22 74', 50.4345, 30.5120,
	 'A plant-based bistro with a seasonal tasting menu built around Ukrainian farm produce. Fermented vegetables, buckwheat and forest mushrooms do the heavy lifting, and everything can be made vegan.'),
	('vohon-grill-house', 'owner@stolik.test', 'Vohon Grill House', 'steakhouse', 'Kyiv', 'Europe/Kyiv',
	 'vul. Shota Rustaveli 20', '01033', 'UA', '+380 44 393 70 05', 50.4385, 30.5185,
	 'Dry-aged Ukrainian beef cooked over oak and cherry wood, with a cellar of Ukrainian and Georgian wines. The private dining room seats up to twenty guests.'),
	-- Lviv
	('kavarnia-rynok', 'owner@stolik.test', 'Kavarnia Rynok', 'coffee', 'Lviv', 'Europe/Kyiv',
	 'pl. Rynok 12', '79008', 'UA', '+380 32 261 04 18', 49.8418, 24.0318,
	 'A coffee house on the market square that roasts its own beans in the back room. Try the Lviv-style cheesecake and a hot chocolate thick enough to hold up a spoon.'),
	('likhtar', 'owner@stolik.test', 'Ліхтар', 'ukrainian', 'Lviv', 'Europe/Kyiv',
	 'vul. Virmenska 18', '79008', 'UA', '+380 32 235 87 66', 49.8435, 24.0305,
	 'A vaulted cellar pub in the Armenian quarter pouring local craft beer alongside deruny, sausages and slow-cooked pork knuckle. The kitchen stays open until 1 a.m. every night.'),
	('pizzeria-pid-levom', 'owner@stolik.test', 'Pizzeria Pid Levom', 'pizza', 'Lviv', 'Europe/Kyiv',
	 'vul. Staroievreiska 10', '79008', 'UA', '+380 32 297 15 32', 49.8405, 24.0335,
	 'Neapolitan-style pizza from a wood-fired oven, topped with Carpathian brynza, smoked sheep''s cheese and wild mushrooms. The courtyard terrace is open from May to September.'),
	('le-petit-lion', 'owner2@stolik.test', 'Le Petit Lion', 'french', 'Lviv', 'Europe/Kyiv',
	 'prosp. Svobody 27', '79000', 'UA', '+380 32 242 39 51', 49.8426, 24.0265,
	 'A French bistro on Svobody Avenue with onion soup, duck confit and a generous cheese trolley. Lunch is a fixed two-course menu; dinner is à la carte.'),
	('khachapuri-dvoryk', 'owner@stolik.test', 'Khachapuri Dvoryk', 'georgian', 'Lviv', 'Europe/Kyiv',
	 'vul. Kopernyka 14', '79000', 'UA', '+380 32 253 62 09', 49.8385, 24.0255,
	 'A family-run courtyard restaurant: Adjarian khachapuri, khinkali folded in the window and grilled mtsvadi. Wine comes by the jug from small Kakhetian wineries.'),
	-- Warsaw
	('pierogarnia-zlota-lyzka', 'owner@stolik.test', 'Pierogarnia Złota Łyżka', 'polish', 'Warsaw', 'Europe/Warsaw',
	 'ul. Nowy Świat 34', '00-363', 'PL', '+48 22 826 14 55', 52.2335, 21.0190,
	 'Hand-made pierogi in a dozen varieties, from classic ruskie to seasonal blueberry, plus żurek served in a bread bowl. Groups are welcome in the vaulted back room.'),
	('osteria-wislana', 'owner@stolik.test', 'Osteria Wiślana', 'italian', 'Warsaw', 'Europe/Warsaw',
	 'ul. Dobra 56', '00-312', 'PL', '+48 22 635 40 72', 52.2405, 21.0245,
	 'An Italian osteria a short walk from the Vistula boulevards, with fresh pasta, a sunny terrace and a wine list that leans towards Piedmont and Sicily.'),
	('cantina-praga', 'owner2@stolik.test', 'Cantina Praga', 'mexican', 'Warsaw', 'Europe/Warsaw',
	 'ul. Ząbkowska 12', '03-735', 'PL', '+48 22 619 88 31', 52.2508, 21.0418,
	 'Tacos, mezcal and loud music in a converted factory workshop in Praga. The kitchen serves until 2 a.m., Tuesday to Sunday.'),
	('brasserie-powisle', 'owner@stolik.test', 'Brasserie Powiśle', 'french', 'Warsaw', 'Europe/Warsaw',
	 'ul. Tamka 40', '00-355', 'PL', '+48 22 827 51 06', 52.2365, 21.0225,
	 'A Parisian-style brasserie near the university library with steak frites, seafood platters and a zinc bar. Reservations are reviewed by the host team and confirmed by e-mail.'),
	('jadlodajnia-pod-kasztanem', 'owner@stolik.test', 'Jadłodajnia Pod Kasztanem', 'polish', 'Warsaw', 'Europe/Warsaw',
	 'ul. Puławska 62', '02-595', 'PL', '+48 22 844 27 93', 52.2020, 21.0230,
	 'A modern take on the Polish milk bar: daily soups, cutlets and pierogi at honest prices, served from late morning until five. There is no dinner service.'),
	-- New York
	('smith-and-sons-grill', 'owner@stolik.test', 'Smith & Sons'' Grill', 'steakhouse', 'New York', 'America/New_York',
	 '241 W 23rd St', '10011', 'US', '+1 212-555-0134', 40.7448, -73.9966,
	 'A Chelsea chophouse run by three generations of one family, known for its porterhouse for two and creamed spinach. The back room hosts private parties of up to sixteen.'),
	('eighth-avenue-pie-co', 'owner@stolik.test', 'Eighth Avenue Pie Co.', 'pizza', 'New York', 'America/New_York',
	 '512 8th Ave', '10018', 'US', '+1 212-555-0162', 40.7530, -73.9930,
	 'Thin-crust New York pies and square Sicilian slices a few blocks from the theatre district. Quick turns before a show; larger groups can book the long table.'),
	('la-milpa-taqueria', 'owner@stolik.test', 'La Milpa Taqueria', 'mexican', 'New York', 'America/New_York',
	 '87 Avenue B', '10009', 'US', '+1 646-555-0118', 40.7243, -73.9810,
	 'Heirloom-corn tortillas pressed to order, al pastor from the trompo and a mezcal bar that stays open until 1 a.m. The small patio is kept for guests without a booking.'),
	('gansevoort-oyster-room', 'owner@stolik.test', 'Gansevoort Oyster Room', 'seafood', 'New York', 'America/New_York',
	 '61 Little West 12th St', '10014', 'US', '+1 212-555-0187', 40.7403, -74.0070,
	 'A Meatpacking District raw bar with East Coast oysters, lobster rolls and a weekend brunch. The chef''s counter overlooks the shucking station.'),
	('tamago-house', 'owner2@stolik.test', 'Tamago House', 'japanese', 'New York', 'America/New_York',
	 '143 E 9th St', '10003', 'US', '+1 212-555-0149', 40.7300, -73.9880,
	 'An intimate East Village dining room serving a seasonal omakase and à la carte sushi. Seatings are unhurried, so plan for a long evening.'),
	('orchard-street-greens', 'owner@stolik.test', 'Orchard Street Greens', 'vegetarian', 'New York', 'America/New_York',
	 '120 Orchard St', '10002', 'US', '+1 646-555-0171', 40.7190, -73.9900,
	 'A vegetarian kitchen on the Lower East Side with market-driven plates, grain bowls and natural wine. Weekend brunch draws a crowd, so book ahead.'),
	-- Draft (not public): owner2 is still setting it up.
	('piekarnia-swit', 'owner2@stolik.test', 'Piekarnia Świt', 'coffee', 'Warsaw', 'Europe/Warsaw',
	 'ul. Hoża 41', '00-681', 'PL', '+48 22 628 30 44', 52.2260, 21.0140,
	 'A sourdough bakery and coffee bar opening soon in Śródmieście.')
), settings (slug, status, slot, window_days, notice, cutoff, mode, pacing, max_party, web) AS (VALUES
	-- slug                        status slot  win  notice  cutoff   mode    pacing max  web
	('borshch-i-vyshnia',         'active',   15,  60,     60,    180, 'auto',     NULL,  16, true ),
	('trattoria-castagna',        'active',   15,  60,     30,    120, 'auto',     NULL,  10, true ),
	('tsuru-izakaya',             'active',   30,  30,      0,     60, 'auto',     NULL,   8, true ),
	('mtsvane-kitchen',           'active',   15,  45,     60,    240, 'manual',   NULL,  10, false),
	('kava-na-podoli',            'active',   15,  30,      0,     60, 'auto',     NULL,   6, false),
	('dnipro-oyster-bar',         'active',   30,  90,    120,   1440, 'auto',       20,  10, true ),
	('lystok',                    'active',   15,  30,     30,    120, 'auto',     NULL,   6, true ),
	('vohon-grill-house',         'active',   30,  90,    120,    720, 'auto',       30,  20, true ),
	('kavarnia-rynok',            'active',   15,  30,      0,     60, 'auto',     NULL,   8, true ),
	('likhtar',                   'active',   30,  30,     30,    120, 'auto',     NULL,   8, false),
	('pizzeria-pid-levom',        'active',   15,  45,     15,     90, 'auto',     NULL,  10, true ),
	('le-petit-lion',             'active',   30,  60,     60,    360, 'auto',       12,   8, true ),
	('khachapuri-dvoryk',         'active',   15,  60,     60,    180, 'auto',     NULL,  10, false),
	('pierogarnia-zlota-lyzka',   'active',   15,  60,     60,    180, 'auto',     NULL,  14, true ),
	('osteria-wislana',           'active',   30,  60,     60,    240, 'auto',     NULL,  10, true ),
	('cantina-praga',             'active',   30,  30,      0,     60, 'auto',     NULL,   8, true ),
	('brasserie-powisle',         'active',   30,  90,    120,   1440, 'manual',   NULL,  10, true ),
	('jadlodajnia-pod-kasztanem', 'active',   15,  30,      0,     60, 'auto',     NULL,   6, false),
	('smith-and-sons-grill',      'active',   30,  90,    120,   1440, 'auto',       24,  16, true ),
	('eighth-avenue-pie-co',      'active',   15,  30,     15,     60, 'auto',     NULL,  10, true ),
	('la-milpa-taqueria',         'active',   15,  30,      0,     90, 'auto',     NULL,   8, false),
	('gansevoort-oyster-room',    'active',   30,  60,     90,    720, 'auto',       16,  12, true ),
	('tamago-house',              'active',   30,  60,    120,   1440, 'auto',     NULL,   6, true ),
	('orchard-street-greens',     'active',   15,  45,     30,    180, 'auto',     NULL,  10, true ),
	('piekarnia-swit',            'pending',  15,  60,     60,    120, 'auto',     NULL,   8, false)
)
INSERT INTO restaurants (
	owner_id, slug, name, description, cuisine, address, city, postal_code,
	country, phone, email, website, lat, lon, timezone,
	slot_minutes, booking_window_days, min_notice_minutes, cancel_cutoff_minutes,
	confirmation_mode, pacing_covers_per_slot, max_party, status,
	rating_avg, rating_count)
SELECT u.id, i.slug, i.name, i.description, i.cuisine, i.address, i.city, i.postal_code,
       i.country, i.phone, 'hello@' || i.slug || '.example',
       CASE WHEN s.web THEN 'https://' || i.slug || '.example' ELSE '' END,
       i.lat, i.lon, i.timezone,
       s.slot, s.window_days, s.notice, s.cutoff,
       s.mode::confirmation_mode, s.pacing, s.max_party, s.status::restaurant_status,
       NULL, 0
FROM info i
JOIN settings s USING (slug)
JOIN users u ON u.email = i.owner
ORDER BY i.slug;

-- Opening hours -------------------------------------------------------------
-- A pattern is a set of services, each repeated over a range of ISO weekdays
-- (1 = Monday). closes < opens means the service runs past midnight.

WITH pattern (pattern, day_from, day_to, opens, closes, name) AS (VALUES
	('lunch_dinner',     1, 7, time '12:00', time '15:00', 'Lunch'),
	('lunch_dinner',     1, 7, time '18:00', time '23:00', 'Dinner'),
	('closed_monday',    2, 7, time '12:00', time '15:00', 'Lunch'),
	('closed_monday',    2, 7, time '18:00', time '23:00', 'Dinner'),
	('grill',            6, 7, time '12:00', time '15:00', 'Weekend lunch'),
	('grill',            1, 7, time '17:00', time '23:00', 'Dinner'),
	('dinner_only',      2, 7, time '17:30', time '23:00', 'Dinner'),
	('late_night',       2, 7, time '18:00', time '02:00', 'Dinner'),
	('pub',              1, 7, time '12:00', time '16:00', 'Lunch'),
	('pub',              1, 7, time '18:00', time '01:00', 'Dinner'),
	('coffee_weekend',   1, 5, time '08:00', time '20:00', 'All day'),
	('coffee_weekend',   6, 7, time '09:00', time '21:00', 'All day'),
	('coffee_daily',     1, 7, time '08:00', time '20:00', 'All day'),
	('pizza',            1, 7, time '11:30', time '16:00', 'Lunch'),
	('pizza',            1, 7, time '17:00', time '23:30', 'Dinner'),
	('canteen',          1, 6, time '11:00', time '17:00', 'Lunch'),
	('nyc',              1, 5, time '11:30', time '15:00', 'Lunch'),
	('nyc',              6, 7, time '10:00', time '15:00', 'Brunch'),
	('nyc',              1, 7, time '17:30', time '22:30', 'Dinner')
), assign (slug, pattern) AS (VALUES
	('borshch-i-vyshnia',         'lunch_dinner'),
	('trattoria-castagna',        'lunch_dinner'),
	('tsuru-izakaya',             'late_night'),
	('mtsvane-kitchen',           'closed_monday'),
	('kava-na-podoli',            'coffee_weekend'),
	('dnipro-oyster-bar',         'lunch_dinner'),
	('lystok',                    'closed_monday'),
	('vohon-grill-house',         'grill'),
	('kavarnia-rynok',            'coffee_daily'),
	('likhtar',                   'pub'),
	('pizzeria-pid-levom',        'pizza'),
	('le-petit-lion',             'closed_monday'),
	('khachapuri-dvoryk',         'lunch_dinner'),
	('pierogarnia-zlota-lyzka',   'lunch_dinner'),
	('osteria-wislana',           'closed_monday'),
	('cantina-praga',             'late_night'),
	('brasserie-powisle',         'closed_monday'),
	('jadlodajnia-pod-kasztanem', 'canteen'),
	('smith-and-sons-grill',      'grill'),
	('eighth-avenue-pie-co',      'pizza'),
	('la-milpa-taqueria',         'pub'),
	('gansevoort-oyster-room',    'nyc'),
	('tamago-house',              'dinner_only'),
	('orchard-street-greens',     'nyc')
)
INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
SELECT r.id, d, p.opens, p.closes, p.name
FROM assign a
JOIN restaurants r USING (slug)
JOIN pattern p USING (pattern)
CROSS JOIN generate_series(p.day_from, p.day_to) AS d
ORDER BY r.id, d, p.opens;

-- Dining tables -------------------------------------------------------------
-- A layout is a list of table groups; labels are prefix || n for n in
-- first..last (T = main room, B = bar, P = patio/terrace, R = private room,
-- W = window counter). Every layout has online tables for parties of 1
-- up to the largest max_party of the restaurants that use it.

WITH layout (layout, prefix, first, last, seats_min, seats_max, area, bookable) AS (VALUES
	-- coffee houses, max_party <= 8
	('cafe',     'T',  1,  4,  1,  2, 'Main room',      'online'),
	('cafe',     'T',  5,  6,  2,  4, 'Main room',      'online'),
	('cafe',     'T',  7,  7,  4,  6, 'Main room',      'online'),
	('cafe',     'T',  8,  8,  6,  8, 'Main room',      'online'),
	('cafe',     'W',  1,  1,  1,  2, 'Window counter', 'walk_in'),
	-- bars and late kitchens, max_party <= 8
	('bar',      'B',  1,  4,  1,  2, 'Bar',            'online'),
	('bar',      'T',  1,  3,  2,  4, 'Main room',      'online'),
	('bar',      'T',  4,  4,  4,  6, 'Main room',      'online'),
	('bar',      'T',  5,  5,  6,  8, 'Main room',      'online'),
	('bar',      'P',  1,  1,  2,  4, 'Terrace',        'in_house'),
	-- small bistros, max_party <= 8
	('bistro',   'T',  1,  2,  1,  2, 'Main room',      'online'),
	('bistro',   'T',  3,  5,  2,  4, 'Main room',      'online'),
	('bistro',   'T',  6,  6,  4,  6, 'Main room',      'online'),
	('bistro',   'T',  7,  7,  6,  8, 'Main room',      'online'),
	('bistro',   'P',  1,  1,  2,  4, 'Terrace',        'in_house'),
	-- standard dining rooms, max_party <= 10
	('standard', 'T',  1,  4,  1,  2, 'Main room',      'online'),
	('standard', 'T',  5,  8,  2,  4, 'Main room',      'online'),
	('standard', 'T',  9, 10,  4,  6, 'Main room',      'online'),
	('standard', 'T', 11, 11,  6, 10, 'Main room',      'online'),
	('standard', 'B',  1,  2,  1,  2, 'Bar',            'online'),
	('standard', 'P',  1,  1,  2,  4, 'Terrace',        'in_house'),
	-- rooms with a big terrace, max_party <= 10
	('terrace',  'T',  1,  3,  1,  2, 'Main room',      'online'),
	('terrace',  'T',  4,  6,  2,  4, 'Main room',      'online'),
	('terrace',  'T',  7,  7,  4,  6, 'Main room',      'online'),
	('terrace',  'T',  8,  8,  6, 10, 'Main room',      'online'),
	('terrace',  'P',  1,  4,  2,  4, 'Terrace',        'online'),
	('terrace',  'P',  5,  5,  4,  6, 'Terrace',        'online'),
	('terrace',  'P',  6,  6,  6,  8, 'Terrace',        'in_house'),
	-- large rooms with a private room, max_party <= 20
	('large',    'T',  1,  4,  1,  2, 'Main room',      'online'),
	('large',    'T',  5, 10,  2,  4, 'Main room',      'online'),
	('large',    'T', 11, 12,  4,  6, 'Main room',      'online'),
	('large',    'T', 13, 13,  6, 10, 'Main room',      'online'),
	('large',    'R',  1,  1, 10, 20, 'Private room',   'online'),
	('large',    'B',  1,  2,  1,  2, 'Bar',            'in_house')
), assign (slug, layout) AS (VALUES
	('borshch-i-vyshnia',         'large'),
	('trattoria-castagna',        'standard'),
	('tsuru-izakaya',             'bar'),
	('mtsvane-kitchen',           'standard'),
	('kava-na-podoli',            'cafe'),
	('dnipro-oyster-bar',         'terrace'),
	('lystok',                    'bistro'),
	('vohon-grill-house',         'large'),
	('kavarnia-rynok',            'cafe'),
	('likhtar',                   'bar'),
	('pizzeria-pid-levom',        'terrace'),
	('le-petit-lion',             'bistro'),
	('khachapuri-dvoryk',         'standard'),
	('pierogarnia-zlota-lyzka',   'large'),
	('osteria-wislana',           'terrace'),
	('cantina-praga',             'bar'),
	('brasserie-powisle',         'standard'),
	('jadlodajnia-pod-kasztanem', 'bistro'),
	('smith-and-sons-grill',      'large'),
	('eighth-avenue-pie-co',      'standard'),
	('la-milpa-taqueria',         'bar'),
	('gansevoort-oyster-room',    'large'),
	('tamago-house',              'bistro'),
	('orchard-street-greens',     'standard')
)
INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max, area, bookable, active)
SELECT r.id, l.prefix || n, l.seats_min, l.seats_max, l.area, l.bookable::table_bookable, true
FROM assign a
JOIN restaurants r USING (slug)
JOIN layout l USING (layout)
CROSS JOIN generate_series(l.first, l.last) AS n
ORDER BY r.id, position(l.prefix IN 'TBPRW'), n;

-- Turn times ----------------------------------------------------------------
-- Three profiles chosen by cuisine; the last band of each is cut at the
-- restaurant's max_party, so sizes 1..max_party are covered without overlap.

WITH profile (profile, party_min, party_max, minutes) AS (VALUES
	('quick',     1,   2,  45),
	('quick',     3,   4,  60),
	('quick',     5, 100,  75),
	('standard',  1,   2,  90),
	('standard',  3,   4, 120),
	('standard',  5,   8, 150),
	('standard',  9, 100, 180),
	('long',      1,   2, 120),
	('long',      3,   4, 150),
	('long',      5,   8, 180),
	('long',      9, 100, 210)
)
INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
SELECT r.id, p.party_min, least(p.party_max, r.max_party), p.minutes
FROM restaurants r
JOIN profile p
  ON p.profile = CASE
	WHEN r.cuisine IN ('coffee', 'pizza')                    THEN 'quick'
	WHEN r.cuisine IN ('french', 'steakhouse', 'japanese')   THEN 'long'
	ELSE 'standard'
  END
 AND p.party_min <= r.max_party
WHERE r.status IN ('active', 'pending')
ORDER BY r.id, p.party_min;

-- Closures ------------------------------------------------------------------
-- Relative to the load date: four coming up, one already over.

INSERT INTO closures (restaurant_id, starts_on, ends_on, reason)
SELECT r.id, current_date + c.from_day, current_date + c.to_day, c.reason
FROM (VALUES
	('trattoria-castagna',       20,  23, 'Private event'),
	('smith-and-sons-grill',     12,  12, 'Private event'),
	('le-petit-lion',            35,  48, 'Renovation'),
	('pierogarnia-zlota-lyzka',  60,  62, 'Renovation'),
	('kava-na-podoli',          -40, -33, 'Renovation')
) AS c (slug, from_day, to_day, reason)
JOIN restaurants r USING (slug)
ORDER BY r.id, c.from_day;

-- An evening on the books ----------------------------------------------------
-- Today's bookings at Борщ і Вишня for the owner's day sheet, and past visits
-- with reviews at a few places (their ratings follow from the reviews).

WITH plan (n, hm, party, status, name, phone, answer, requests, source) AS (VALUES
	( 1, '12:30', 2, 'finished',  'Ірина Коваль',     '+380 67 101 01 01', NULL,     '',                   'web'),
	( 2, '13:00', 4, 'seated',    'Taras Melnyk',     '+380 67 101 01 02', NULL,     'Window table, please', 'web'),
	( 3, '13:15', 2, 'confirmed', 'Anna Lysenko',     '+380 67 101 01 03', 'coming', '',                   'web'),
	( 4, '18:00', 2, 'confirmed', 'Oksana Bondar',    '+380 67 101 01 04', NULL,     'Birthday',           'web'),
	( 5, '18:30', 6, 'confirmed', 'Dmytro Shevchenko','+380 67 101 01 05', 'late',   'High chair',         'owner'),
	( 6, '19:00', 2, 'pending',   'Sofia Hnatiuk',    '+380 67 101 01 06', NULL,     '',                   'web'),
	( 7, '19:00', 3, 'confirmed', 'Maksym Tkachenko', '+380 67 101 01 07', 'coming', 'Vegetarian',         'api'),
	( 8, '19:30', 2, 'confirmed', 'Olena Kravets',    '+380 67 101 01 08', NULL,     '',                   'web'),
	( 9, '20:00', 4, 'confirmed', 'Yurii Pavlenko',   '+380 67 101 01 09', NULL,     'Allergic to nuts',   'web'),
	(10, '20:30', 2, 'cancelled', 'Kateryna Moroz',   '+380 67 101 01 10', NULL,     '',                   'web'),
	(11, '21:00', 2, 'confirmed', 'Andrii Savchenko', '+380 67 101 01 11', NULL,     '',                   'web')
), r AS (
	SELECT id, timezone, (now() AT TIME ZONE timezone)::date AS today
	FROM restaurants WHERE slug = 'borshch-i-vyshnia'
), t AS (
	SELECT id, seats_min, seats_max, row_number() OVER (ORDER BY seats_max, label) AS k
	FROM dining_tables WHERE restaurant_id = (SELECT id FROM r) AND active
), pick AS (
	-- each booking on its own fitting table, so nothing overlaps
	SELECT p.*, (SELECT t.id FROM t WHERE p.party BETWEEN t.seats_min AND t.seats_max
		ORDER BY (t.k + p.n) % (SELECT count(*) FROM t), t.k LIMIT 1) AS table_id
	FROM plan p
)
INSERT INTO reservations (code, restaurant_id, table_id, guest_name, guest_email,
	guest_phone, party_size, starts_at, ends_at, status, special_requests, source,
	reminder_answer, created_at)
SELECT 'DEMO' || lpad(p.n::text, 6, '0'), r.id, p.table_id, p.name,
	'guest' || p.n || '@example.com', p.phone, p.party,
	(r.today + p.hm::time) AT TIME ZONE r.timezone,
	(r.today + p.hm::time) AT TIME ZONE r.timezone
		+ CASE WHEN p.party <= 2 THEN interval '90 minutes' ELSE interval '120 minutes' END,
	p.status::reservation_status, p.requests, p.source::reservation_source, p.answer,
	now() - interval '3 days'
FROM pick p, r
ON CONFLICT DO NOTHING;

INSERT INTO reservation_events (reservation_id, restaurant_id, actor, from_status, to_status, note)
SELECT v.id, v.restaurant_id, 'diner', NULL, v.status, 'demo'
FROM reservations v WHERE v.code LIKE 'DEMO%';

-- Past visits and what the guests said.
WITH said (slug, n, days_ago, rating, name, body, reply) AS (VALUES
	('borshch-i-vyshnia',  1, 12, 5, 'Marta Ivanenko',  'The best borshch in Kyiv, and the cherry varenyky were perfect.', 'Thank you, Marta! Come back for the summer menu.'),
	('borshch-i-vyshnia',  2,  9, 4, 'Peter Novak',     'Lovely room and kind staff. A little loud on a Friday night.', NULL),
	('borshch-i-vyshnia',  3,  4, 5, 'Lena Schmidt',    'Everything we ordered was excellent.', NULL),
	('trattoria-castagna', 1, 10, 4, 'Giulia Conti',    'Fresh pasta, good wine list, fair prices.', NULL),
	('trattoria-castagna', 2,  6, 3, 'Ivan Petrenko',   'Good food but we waited 30 minutes for our mains.', 'Sorry about the wait; we have added a second cook on weekends.'),
	('le-petit-lion',      1,  8, 5, 'Claire Martin',   'Like a little corner of Lyon in Lviv.', NULL)
), v AS (
	INSERT INTO reservations (code, restaurant_id, table_id, guest_name, guest_email,
		guest_phone, party_size, starts_at, ends_at, status, source, created_at)
	SELECT 'PAST' || lpad((row_number() OVER ())::text, 6, '0'), r.id,
		(SELECT t.id FROM dining_tables t WHERE t.restaurant_id = r.id AND t.active
		 AND t.seats_max >= 2 ORDER BY t.seats_max, t.id OFFSET s.n - 1 LIMIT 1),
		s.name, 'past' || s.n || '.' || s.slug || '@example.com', '+48 600 000 00' || s.n, 2,
		((now() AT TIME ZONE r.timezone)::date - s.days_ago + time '19:00') AT TIME ZONE r.timezone,
		((now() AT TIME ZONE r.timezone)::date - s.days_ago + time '20:30') AT TIME ZONE r.timezone,
		'finished', 'web', now() - make_interval(days => s.days_ago + 5)
	FROM said s JOIN restaurants r USING (slug)
	RETURNING id, restaurant_id, guest_name, created_at
)
INSERT INTO reviews (reservation_id, restaurant_id, rating, body, owner_reply,
	owner_replied_at, created_at)
SELECT v.id, v.restaurant_id, s.rating, s.body, s.reply,
	CASE WHEN s.reply IS NOT NULL THEN now() END,
	now() - make_interval(days => s.days_ago - 1)
FROM v JOIN said s ON s.name = v.guest_name;

-- A deposit policy: Friday and Saturday dinner, parties of 6 or more, €20
-- a guest, refunded in full until 48 hours before, after that not at all.
INSERT INTO deposit_policies (restaurant_id, kind, amount, currency, min_party,
	weekdays, services, refund_hours, late_refund_percent)
SELECT r.id, 'per_guest', 2000, 'EUR', 6, '{5,6}', '{Dinner}', 48, 0
FROM restaurants r WHERE r.slug = 'trattoria-castagna';
