#!/usr/bin/env bash
# tools/make_demo_photos.sh: draw the demo restaurants' photos with ImageMagick
# (Debian's imagemagick package) into sql/demo-photos/, and write
# sql/demo_photos.sql, which gives each demo restaurant its photo row.
#
#   tools/make_demo_photos.sh        (again after changing a recipe below)
#
# Each photo is a table seen from above: a wooden or stone top, a plate with
# a dish in the cuisine's colours, cutlery, a glass, warm light falling off
# to the edges. They are drawn here, so they are the project's own (ISC, like
# the rest). Each comes at 1280, 640 and 320 pixels wide (4:3, WebP), named
# after a digest of the largest, so a changed drawing gets a new name and
# nginx may tell browsers to keep a file for ever. The output is committed:
# the test and dev stacks copy it and never need ImageMagick.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$TOP/sql/demo-photos
SQL=$TOP/sql/demo_photos.sql
W=1280 H=960
Q=60

command -v convert >/dev/null || { echo "make_demo_photos: needs ImageMagick (apt-get install imagemagick)" >&2; exit 1; }

# The table top: a small fractal, coloured from dark to light, with a grain
# (wood) or without (stone), enlarged: soft like a shallow depth of field.
table() {	# seed dark light grain
	local grain=()
	[ "$4" = wood ] && grain=(-motion-blur 0x18+0)
	convert -seed "$1" -size 160x120 plasma:fractal -colorspace gray \
		"${grain[@]}" -blur 0x2 +level-colors "$2,$3" -resize ${W}x${H}\! "$5"
}

# The dish on the plate, in the cuisine's manner: ImageMagick -draw primitives
# around the plate's centre (640, 480).
dish() {
	case $1 in
	ukrainian)	# borshch, sour cream, dill; pampushky beside
		echo "-fill #7e1620 -draw 'circle 640,480 640,700' -fill #a82631 -draw 'circle 628,468 628,676'
		-fill #f3ede2 -draw 'ellipse 610,450 62,40 0,360' -fill #4f8a36 -draw 'circle 680,520 680,531'
		-draw 'circle 575,530 575,539' -draw 'circle 700,440 700,448'
		-fill #c98b3c -draw 'circle 930,250 930,300' -fill #d9a04f -draw 'circle 920,240 920,280'" ;;
	italian)	# tagliatelle nest, tomato, basil
		echo "-fill #e8c36a -draw 'circle 640,480 640,690' -stroke #d9ae52 -strokewidth 9 -fill none
		-draw 'arc 500,340 780,620 0,300' -draw 'arc 530,370 750,590 40,340' -draw 'arc 560,400 720,560 80,380'
		-stroke none -fill #b5301f -draw 'circle 610,470 610,505' -draw 'circle 690,520 690,548'
		-fill #3d7a2f -draw 'ellipse 660,430 34,16 30,390' -draw 'ellipse 590,540 30,14 -20,340'" ;;
	japanese)	# nigiri on a slate
		echo "-fill #2c2c2e -draw 'roundrectangle 400,380 880,580 24,24'
		-fill #f4f1ea -draw 'roundrectangle 440,420 540,540 30,30' -draw 'roundrectangle 590,420 690,540 30,30' -draw 'roundrectangle 740,420 840,540 30,30'
		-fill #f08a4b -draw 'roundrectangle 432,410 548,480 26,26' -draw 'roundrectangle 732,410 848,480 26,26'
		-fill #d8434a -draw 'roundrectangle 582,410 698,480 26,26' -fill #a3c24a -draw 'ellipse 860,360 26,16 0,360'" ;;
	georgian)	# adjarian khachapuri boat with egg
		echo "-fill #c8843a -draw 'ellipse 640,480 250,150 0,360' -fill #f0cf6a -draw 'ellipse 640,480 180,95 0,360'
		-fill #fbf7ee -draw 'ellipse 640,480 80,55 0,360' -fill #f2a71b -draw 'circle 640,480 640,512'
		-fill #e9c158 -draw 'roundrectangle 700,430 740,470 8,8'" ;;
	coffee)	# a cup from above, latte art, a bun
		echo "-fill #efe9df -draw 'circle 600,480 600,660' -fill #6b3e22 -draw 'circle 600,480 600,630'
		-fill #c79a6a -draw 'circle 600,480 600,600' -fill #f3e6d2 -draw 'ellipse 600,470 60,70 0,360'
		-fill #c79a6a -draw 'ellipse 600,500 30,40 0,360' -fill #efe9df -draw 'roundrectangle 770,460 860,500 20,20'
		-fill #c98b3c -draw 'circle 880,280 880,350' -fill #e7c27b -draw 'ellipse 880,280 40,30 0,360'" ;;
	seafood)	# oysters on ice, lemon
		echo "-fill #dfe9ee -draw 'circle 640,480 640,700' -fill #b9c8cf -draw 'ellipse 560,400 80,55 20,380'
		-draw 'ellipse 720,400 80,55 -20,340' -draw 'ellipse 560,560 80,55 -20,340' -draw 'ellipse 720,560 80,55 20,380'
		-fill #d9d2bd -draw 'ellipse 560,400 55,35 20,380' -draw 'ellipse 720,400 55,35 -20,340'
		-draw 'ellipse 560,560 55,35 -20,340' -draw 'ellipse 720,560 55,35 20,380'
		-fill #f2d23a -draw 'circle 640,480 640,530' -fill #f8e98a -draw 'circle 640,480 640,515'" ;;
	vegetarian)	# grain bowl: greens, squash, beetroot, grains, a soft cheese
		echo "-fill #e9dcc0 -draw 'circle 640,480 640,700' -fill #5f9c3f -draw 'circle 560,400 560,485'
		-fill #e07a2f -draw 'circle 720,400 720,480' -fill #8e2f5a -draw 'circle 720,560 720,635'
		-fill #d8c27a -draw 'circle 560,560 560,640' -fill #f4efe3 -draw 'circle 640,480 640,540'
		-fill #3d7a2f -draw 'ellipse 640,470 30,14 0,360'" ;;
	steakhouse)	# steak, rosemary, potatoes
		echo "-fill #5a2a17 -draw 'ellipse 600,480 190,130 10,370' -fill #7a3a1f -draw 'ellipse 595,470 160,105 10,370'
		-stroke #3e1c0e -strokewidth 10 -draw 'line 480,430 700,400' -draw 'line 480,500 710,470' -draw 'line 490,570 700,540' -stroke none
		-fill #e2b24f -draw 'circle 820,380 820,425' -draw 'circle 840,500 840,540' -draw 'circle 800,590 800,630'
		-fill #3d6b2f -draw 'ellipse 640,620 90,10 -10,350'" ;;
	pizza)	# margherita
		echo "-fill #d9a55a -draw 'circle 640,480 640,740' -fill #c23b22 -draw 'circle 640,480 640,705'
		-fill #f6efd8 -draw 'ellipse 560,400 48,38 0,360' -draw 'ellipse 720,420 44,36 0,360' -draw 'ellipse 630,560 50,40 0,360'
		-draw 'ellipse 760,580 40,32 0,360' -draw 'ellipse 520,560 38,30 0,360'
		-fill #3d7a2f -draw 'ellipse 600,470 24,12 30,390' -draw 'ellipse 700,520 24,12 -30,330' -draw 'ellipse 560,620 22,11 0,360'" ;;
	french)		# onion soup with a crouton
		echo "-fill #f4efe6 -draw 'circle 640,480 640,680' -fill #8a5a2b -draw 'circle 640,480 640,650'
		-fill #e8b45c -draw 'circle 640,480 640,600' -fill #c77e2e -draw 'ellipse 620,460 80,50 0,360'
		-fill #f2cf7a -draw 'ellipse 660,500 60,40 0,360' -fill #4f8a36 -draw 'circle 700,430 700,438'" ;;
	polish)		# pierogi with fried onion
		echo "-fill #f1e3bf -draw 'ellipse 560,430 110,60 -20,340' -draw 'ellipse 720,440 110,60 20,380'
		-draw 'ellipse 640,560 115,60 0,360' -fill #e6cf95 -draw 'ellipse 560,430 90,40 -20,340'
		-draw 'ellipse 720,440 90,40 20,380' -draw 'ellipse 640,560 95,40 0,360'
		-fill #a8642a -draw 'circle 600,500 600,512' -draw 'circle 670,490 670,500' -draw 'circle 640,440 640,450'
		-fill #4f8a36 -draw 'circle 700,520 700,527'" ;;
	mexican)	# three tacos, lime
		echo "-fill #e9c983 -draw 'ellipse 520,480 90,180 0,360' -draw 'ellipse 640,480 90,180 0,360' -draw 'ellipse 760,480 90,180 0,360'
		-fill #8a3f1f -draw 'ellipse 520,480 45,140 0,360' -draw 'ellipse 640,480 45,140 0,360' -draw 'ellipse 760,480 45,140 0,360'
		-fill #f6f1e4 -draw 'ellipse 520,440 22,40 0,360' -draw 'ellipse 760,520 22,40 0,360'
		-fill #4f9a36 -draw 'circle 640,430 640,445' -draw 'circle 520,540 520,552' -draw 'circle 770,420 770,432'
		-fill #7cc242 -draw 'circle 900,660 900,715' -fill #c6e57a -draw 'circle 900,660 900,700'" ;;
	*)
		echo "-fill #c98b3c -draw 'circle 640,480 640,680'" ;;
	esac
}

# One photo: table, shadow, plate, dish, cutlery, glass, light; $out.webp.
photo() {	# seed cuisine dark light grain out
	local t=$TMPD/t.png
	table "$1" "$3" "$4" "$5" "$t"
	eval "convert '$t' \
		\( -size ${W}x${H} xc:none -fill '#00000066' -draw 'circle 665,505 665,880' -blur 0x20 \) -composite \
		-fill '#f8f5ef' -draw 'circle 640,480 640,860' -fill '#ebe4d8' -draw 'circle 640,480 640,800' \
		-fill '#faf8f3' -draw 'circle 640,480 640,785' \
		$(dish "$2" | tr '\n' ' ' | sed "s/\(#[0-9a-f]*\)/'\1'/g") \
		-fill '#d7d4ce' -draw 'roundrectangle 170,250 192,720 10,10' -draw 'roundrectangle 150,230 212,330 14,14' \
		-draw 'roundrectangle 1090,250 1110,720 10,10' \
		-fill '#ffffff44' -draw 'circle 1110,150 1110,230' -fill '#ffffff66' -draw 'circle 1110,150 1110,215' \
		\( -size 160x120 radial-gradient:'#ffffff-#4a4a4a' -resize ${W}x${H}\! \) -compose multiply -composite \
		-strip -quality $Q '$6'"
}

TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*.webp

# slug, cuisine, seed, table (dark, light, wood|stone), alt text
while IFS='|' read -r slug cuisine seed dark light grain alt; do
	[ -n "$slug" ] || continue
	photo "$seed" "$cuisine" "$dark" "$light" "$grain" "$TMPD/full.webp"
	stem=$(sha256sum "$TMPD/full.webp" | cut -c1-20)
	mv "$TMPD/full.webp" "$OUT/$stem.webp"
	for w in 640 320; do
		convert "$OUT/$stem.webp" -resize ${w}x -strip -quality $Q "$OUT/$stem-$w.webp"
	done
	printf '%s|%s|%s\n' "$slug" "$stem.webp" "$alt" >>"$TMPD/rows"
	printf '  %-26s %s\n' "$slug" "$stem.webp"
done <<'EOF'
borshch-i-vyshnia|ukrainian|11|#4a2a18|#9a6a42|wood|Beetroot borshch with sour cream and dill, garlic pampushky beside it
trattoria-castagna|italian|12|#5c3b22|#b08458|wood|Hand-rolled tagliatelle with cherry tomatoes and basil
tsuru-izakaya|japanese|13|#2e2a26|#6d655c|stone|Salmon, tuna and sea bream nigiri on a slate board
mtsvane-kitchen|georgian|14|#553621|#a97a4d|wood|Adjarian khachapuri with a runny egg yolk and butter
kava-na-podoli|coffee|15|#6a4a30|#c49a6c|wood|A flat white with latte art and a cardamom bun
dnipro-oyster-bar|seafood|16|#3b4a55|#8aa0ad|stone|Four oysters on crushed ice with lemon
lystok|vegetarian|17|#6b5a3a|#c2ab7c|wood|A seasonal grain bowl with greens, squash, beetroot and a soft cheese
vohon-grill-house|steakhouse|18|#2d2420|#6a5548|stone|Oak-grilled dry-aged steak with rosemary and roast potatoes
kavarnia-rynok|coffee|19|#3e2818|#8a6242|wood|A cappuccino and a cinnamon roll on a dark wooden table
likhtar|ukrainian|20|#3a2414|#7a5232|wood|A bowl of borshch with sour cream in a vaulted cellar
pizzeria-pid-levom|pizza|21|#5a3a22|#b4865a|wood|A wood-fired margherita with mozzarella and basil
le-petit-lion|french|22|#4a3a32|#9c8878|stone|French onion soup with a golden cheese crouton
khachapuri-dvoryk|georgian|23|#6a4428|#c0905c|wood|Khachapuri fresh from the oven with an egg in the middle
pierogarnia-zlota-lyzka|polish|24|#5e4026|#b38a5c|wood|Pierogi ruskie topped with fried onion
osteria-wislana|italian|25|#4a4038|#a09080|stone|Fresh pasta with tomatoes and basil on a stone table
cantina-praga|mexican|26|#3a2c24|#7a6354|stone|Three al pastor tacos with salsa and a lime wedge
brasserie-powisle|french|27|#56382a|#a8785a|wood|Onion soup gratinée in a brasserie bowl
smith-and-sons-grill|steakhouse|28|#3d2616|#80583a|wood|A porterhouse with grill marks, potatoes and rosemary
eighth-avenue-pie-co|pizza|29|#44403c|#8e8780|stone|A New York pie with tomato, mozzarella and basil
gansevoort-oyster-room|seafood|30|#2f3e48|#7890a0|stone|East Coast oysters on ice with a lemon half
tamago-house|japanese|31|#2a2624|#5e5650|stone|An omakase course of nigiri on slate
orchard-street-greens|vegetarian|32|#5a4a32|#b09c72|wood|A market bowl with roasted squash, greens and grains
EOF

{
	echo "-- Demo restaurants' photos (dev and test only), written by tools/make_demo_photos.sh:"
	echo "-- do not edit. The files are in sql/demo-photos/; tools/dev copies them to"
	echo "-- App.MediaDir. Load after demo.sql."
	echo "INSERT INTO restaurant_photos (restaurant_id, file, content_type, bytes, caption,"
	echo "	width, height, widths, position)"
	echo "SELECT r.id, v.file, 'image/webp', v.bytes, v.caption, $W, $H, '{320,640}', 0"
	echo "FROM (VALUES"
	n=$(wc -l <"$TMPD/rows")
	i=0
	while IFS='|' read -r slug file alt; do
		i=$((i + 1))
		printf "\t('%s', '%s', %d, '%s')%s\n" "$slug" "$file" \
			"$(stat -c %s "$OUT/$file")" "${alt//\'/\'\'}" "$([ $i -lt "$n" ] && echo ,)"
	done <"$TMPD/rows"
	echo ") v (slug, file, bytes, caption)"
	echo "JOIN restaurants r ON r.slug = v.slug;"
} >"$SQL"
du -ch "$OUT"/*.webp | tail -1
