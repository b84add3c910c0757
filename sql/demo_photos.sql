-- Demo restaurants' photos (dev and test only), written by tools/make_demo_photos.sh:
-- do not edit. The files are in sql/demo-photos/; tools/dev copies them to
-- App.MediaDir. Load after demo.sql.
INSERT INTO restaurant_photos (restaurant_id, file, content_type, bytes, caption,
	width, height, widths, position)
SELECT r.id, v.file, 'image/webp', v.bytes, v.caption, 1280, 960, '{320,640}', 0
FROM (VALUES
	('borshch-i-vyshnia', 'ee387c0a1bd8ffe1a5ff.webp', 12778, 'Beetroot borshch with sour cream and dill, garlic pampushky beside it'),
	('trattoria-castagna', '24905f3d92a73254944d.webp', 12710, 'Hand-rolled tagliatelle with cherry tomatoes and basil'),
	('tsuru-izakaya', '47f021214d9ab9329ad3.webp', 10292, 'Salmon, tuna and sea bream nigiri on a slate board'),
	('mtsvane-kitchen', '5e8296fa72d646691164.webp', 12590, 'Adjarian khachapuri with a runny egg yolk and butter'),
	('kava-na-podoli', '868ce20ea4b5d1d7b55b.webp', 12718, 'A flat white with latte art and a cardamom bun'),
	('dnipro-oyster-bar', '92c1295bafaca5baf6b6.webp', 11240, 'Four oysters on crushed ice with lemon'),
	('lystok', '6bbc8a1b5bbe1ff692fb.webp', 12274, 'A seasonal grain bowl with greens, squash, beetroot and a soft cheese'),
	('vohon-grill-house', 'bce1f287072e269858bb.webp', 12654, 'Oak-grilled dry-aged steak with rosemary and roast potatoes'),
	('kavarnia-rynok', '6bd0643c439bbbb4cad3.webp', 12578, 'A cappuccino and a cinnamon roll on a dark wooden table'),
	('likhtar', '59375bd49f340e2f8281.webp', 12748, 'A bowl of borshch with sour cream in a vaulted cellar'),
	('pizzeria-pid-levom', 'cfa860c98d5532e611b1.webp', 14772, 'A wood-fired margherita with mozzarella and basil'),
	('le-petit-lion', 'ecf9fd0f06fc6e77c23e.webp', 11530, 'French onion soup with a golden cheese crouton'),
	('khachapuri-dvoryk', 'b7870b7063715010169c.webp', 12846, 'Khachapuri fresh from the oven with an egg in the middle'),
	('pierogarnia-zlota-lyzka', 'e146678ef64ab8eeda63.webp', 10920, 'Pierogi ruskie topped with fried onion'),
	('osteria-wislana', 'a1a44033bffa97a271a8.webp', 11970, 'Fresh pasta with tomatoes and basil on a stone table'),
	('cantina-praga', 'f38f9c91d65da7acba43.webp', 13322, 'Three al pastor tacos with salsa and a lime wedge'),
	('brasserie-powisle', 'fe4998e85f1072a06d50.webp', 11864, 'Onion soup gratinée in a brasserie bowl'),
	('smith-and-sons-grill', '58415ba23eb869d2e730.webp', 13078, 'A porterhouse with grill marks, potatoes and rosemary'),
	('eighth-avenue-pie-co', 'e1dde0964e196ef3cccb.webp', 13942, 'A New York pie with tomato, mozzarella and basil'),
	('gansevoort-oyster-room', 'd2f4dc901ea4e824d6ee.webp', 11290, 'East Coast oysters on ice with a lemon half'),
	('tamago-house', 'd21c5a794a66ef4b9042.webp', 10190, 'An omakase course of nigiri on slate'),
	('orchard-street-greens', '3df8572e7394feae1988.webp', 12102, 'A market bowl with roasted squash, greens and grains')
) v (slug, file, bytes, caption)
JOIN restaurants r ON r.slug = v.slug;
