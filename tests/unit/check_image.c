/* check_image.c: unit tests of lib/image.c, on small images made here. */
#include "stolik.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <zlib.h>

#define BUF	65536

static unsigned char	 img[BUF];

static size_t
put32be(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return 4;
}

static size_t
put32le(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
	return 4;
}

/* One PNG chunk at p: length, type, data, CRC (zlib's, not ours). */
static size_t
png_chunk(unsigned char *p, const char *type, const unsigned char *data,
    size_t len)
{
	size_t	 n = 0;

	n += put32be(p, (uint32_t)len);
	memcpy(p + n, type, 4);
	if (len > 0)
		memcpy(p + n + 4, data, len);
	n += 4 + len;
	n += put32be(p + n, (uint32_t)crc32(0, p + 4, (uInt)(len + 4)));
	return n;
}

/* A w x h grey PNG (8 bits, rows of one value) into img; its length. */
static size_t
png_make(uint32_t w, uint32_t h)
{
	unsigned char	 ihdr[13], raw[4096], z[4096];
	uLongf		 zlen = sizeof z;
	size_t		 n = 0, rows;

	put32be(ihdr, w);
	put32be(ihdr + 4, h);
	ihdr[8] = 8;		/* depth */
	ihdr[9] = 0;		/* grey */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	/* the pixels only for small images: the check does not inflate */
	rows = (size_t)(w + 1) * h <= sizeof raw ? (size_t)(w + 1) * h : 16;
	memset(raw, 0x80, rows);
	ck_assert_int_eq(compress(z, &zlen, raw, (uLong)rows), Z_OK);
	memcpy(img, "\x89PNG\r\n\x1a\n", 8);
	n = 8;
	n += png_chunk(img + n, "IHDR", ihdr, sizeof ihdr);
	n += png_chunk(img + n, "tEXt", (const unsigned char *)"a\0b", 3);
	n += png_chunk(img + n, "IDAT", z, zlen);
	n += png_chunk(img + n, "IEND", NULL, 0);
	return n;
}

/*
 * A baseline JPEG of one grey component, w x h, into img; its length.
 * Its Huffman tables have one code each (DC difference 0, end of block),
 * so an 8 x 8 image is one block: the bits 00, padded with ones.
 */
static size_t
jpeg_make(unsigned w, unsigned h)
{
	static const unsigned char head[] = {
		0xff, 0xd8,
		0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1,
		0, 1, 0, 0,
	};
	static const unsigned char dht[] = {
		0xff, 0xc4, 0x00, 0x14, 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0x00,
		0xff, 0xc4, 0x00, 0x14, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0x00,
		0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
		0x3f,			/* the entropy-coded block */
		0xff, 0xd9,
	};
	size_t	 n = 0;

	memcpy(img, head, sizeof head);
	n = sizeof head;
	/* DQT: one table of ones */
	img[n++] = 0xff;
	img[n++] = 0xdb;
	img[n++] = 0x00;
	img[n++] = 0x43;
	img[n++] = 0x00;
	memset(img + n, 1, 64);
	n += 64;
	/* SOF0 */
	img[n++] = 0xff;
	img[n++] = 0xc0;
	img[n++] = 0x00;
	img[n++] = 0x0b;
	img[n++] = 8;
	img[n++] = (unsigned char)(h >> 8);
	img[n++] = (unsigned char)h;
	img[n++] = (unsigned char)(w >> 8);
	img[n++] = (unsigned char)w;
	img[n++] = 1;
	img[n++] = 1;
	img[n++] = 0x11;
	img[n++] = 0;
	memcpy(img + n, dht, sizeof dht);
	return n + sizeof dht;
}

/* A lossless WebP of w x h (its header; the bitstream is not decoded). */
static size_t
webp_make(uint32_t w, uint32_t h, bool extended)
{
	unsigned char	 vp8l[12];
	size_t		 n = 12;

	vp8l[0] = 0x2f;
	vp8l[1] = (unsigned char)((w - 1) & 0xff);
	vp8l[2] = (unsigned char)(((w - 1) >> 8 & 0x3f) | ((h - 1) & 0x3) << 6);
	vp8l[3] = (unsigned char)((h - 1) >> 2 & 0xff);
	vp8l[4] = (unsigned char)((h - 1) >> 10 & 0x0f);
	memset(vp8l + 5, 0, sizeof vp8l - 5);
	memcpy(img, "RIFF\0\0\0\0WEBP", 12);
	if (extended) {
		memcpy(img + n, "VP8X", 4);
		put32le(img + n + 4, 10);
		memset(img + n + 8, 0, 10);
		img[n + 12] = (unsigned char)((w - 1) & 0xff);
		img[n + 13] = (unsigned char)((w - 1) >> 8 & 0xff);
		img[n + 14] = (unsigned char)((w - 1) >> 16 & 0xff);
		img[n + 15] = (unsigned char)((h - 1) & 0xff);
		img[n + 16] = (unsigned char)((h - 1) >> 8 & 0xff);
		img[n + 17] = (unsigned char)((h - 1) >> 16 & 0xff);
		n += 18;
	}
	memcpy(img + n, "VP8L", 4);
	put32le(img + n + 4, 11);		/* odd: one pad byte follows */
	memcpy(img + n + 8, vp8l, 11);
	img[n + 19] = 0;
	n += 20;
	put32le(img + 4, (uint32_t)(n - 8));
	return n;
}

static enum image_verdict
check(size_t n, struct image_info *info)
{
	return image_check(img, n, info);
}

START_TEST(test_png)
{
	struct image_info	 info;
	size_t			 n;

	n = png_make(3, 2);
	ck_assert_int_eq(check(n, &info), IMAGE_OK);
	ck_assert_int_eq(info.type, IMAGE_PNG);
	ck_assert_uint_eq(info.width, 3);
	ck_assert_uint_eq(info.height, 2);
	ck_assert_str_eq(image_mime(info.type), "image/png");
	ck_assert_str_eq(image_ext(info.type), "png");
	/* anything after IEND */
	memcpy(img + n, "<script>alert(1)</script>", 25);
	ck_assert_int_eq(check(n + 25, &info), IMAGE_NOT_IMAGE);
	ck_assert_int_eq(check(n + 1, &info), IMAGE_NOT_IMAGE);
	/* cut short anywhere */
	ck_assert_int_eq(check(n - 1, &info), IMAGE_NOT_IMAGE);
	ck_assert_int_eq(check(n - 12, &info), IMAGE_NOT_IMAGE);	/* no IEND */
	ck_assert_int_eq(check(33, &info), IMAGE_NOT_IMAGE);
	ck_assert_int_eq(check(8, &info), IMAGE_NOT_IMAGE);
	/* one bit of a chunk changed: its CRC no longer holds */
	img[40] ^= 1;
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	img[40] ^= 1;
	ck_assert_int_eq(check(n, &info), IMAGE_OK);
	/* IHDR's CRC too */
	img[29] ^= 0x80;
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	img[29] ^= 0x80;
	/* a bad bit depth for grey, with a good CRC */
	img[24] = 3;
	put32be(img + 29, (uint32_t)crc32(0, img + 12, 17));
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	/* sizes: 0, the limit, one past it */
	ck_assert_int_eq(check(png_make(0, 5), &info), IMAGE_BAD_SIZE);
	ck_assert_int_eq(check(png_make(5, 0), &info), IMAGE_BAD_SIZE);
	ck_assert_int_eq(check(png_make(IMAGE_MAX_SIDE, IMAGE_MAX_SIDE), &info),
	    IMAGE_OK);
	ck_assert_uint_eq(info.width, IMAGE_MAX_SIDE);
	ck_assert_int_eq(check(png_make(IMAGE_MAX_SIDE + 1, 1), &info),
	    IMAGE_BAD_SIZE);
	ck_assert_int_eq(check(png_make(1, 0x7fffffff), &info), IMAGE_BAD_SIZE);
}
END_TEST

START_TEST(test_png_structure)
{
	struct image_info	 info;
	unsigned char		 ihdr[13] = { 0, 0, 0, 1, 0, 0, 0, 1, 8, 0 };
	size_t			 n;

	/* IHDR not first */
	memcpy(img, "\x89PNG\r\n\x1a\n", 8);
	n = 8;
	n += png_chunk(img + n, "tEXt", (const unsigned char *)"a\0b", 3);
	n += png_chunk(img + n, "IHDR", ihdr, sizeof ihdr);
	n += png_chunk(img + n, "IDAT", (const unsigned char *)"x", 1);
	n += png_chunk(img + n, "IEND", NULL, 0);
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	/* no IDAT */
	n = 8;
	n += png_chunk(img + n, "IHDR", ihdr, sizeof ihdr);
	n += png_chunk(img + n, "IEND", NULL, 0);
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	/* a chunk type that is not letters (HTML hiding as a chunk) */
	n = 8;
	n += png_chunk(img + n, "IHDR", ihdr, sizeof ihdr);
	n += png_chunk(img + n, "<htm", (const unsigned char *)"l>", 2);
	n += png_chunk(img + n, "IDAT", (const unsigned char *)"x", 1);
	n += png_chunk(img + n, "IEND", NULL, 0);
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	/* a length past the end */
	n = 8;
	n += png_chunk(img + n, "IHDR", ihdr, sizeof ihdr);
	put32be(img + n, 0xfffffff0u);
	memcpy(img + n + 4, "IDAT", 4);
	ck_assert_int_eq(check(n + 12, &info), IMAGE_NOT_IMAGE);
	/* only the signature, then HTML */
	memcpy(img + 8, "<html><script>x</script></html>", 31);
	ck_assert_int_eq(check(39, &info), IMAGE_NOT_IMAGE);
}
END_TEST

START_TEST(test_jpeg)
{
	struct image_info	 info;
	static const char	 html[] =
	    "<html><body><script>alert(document.cookie)</script></body></html>";
	size_t			 n;

	n = jpeg_make(8, 8);
	ck_assert_int_eq(check(n, &info), IMAGE_OK);
	ck_assert_int_eq(info.type, IMAGE_JPEG);
	ck_assert_uint_eq(info.width, 8);
	ck_assert_uint_eq(info.height, 8);
	ck_assert_str_eq(image_mime(info.type), "image/jpeg");
	ck_assert_str_eq(image_ext(info.type), "jpg");
	ck_assert_int_eq(check(jpeg_make(640, 480), &info), IMAGE_OK);
	ck_assert_uint_eq(info.width, 640);
	ck_assert_uint_eq(info.height, 480);
	/* anything after EOI */
	n = jpeg_make(8, 8);
	memcpy(img + n, html, sizeof html - 1);
	ck_assert_int_eq(check(n + sizeof html - 1, &info), IMAGE_NOT_IMAGE);
	ck_assert_int_eq(check(n + 1, &info), IMAGE_NOT_IMAGE);
	/* cut short: no EOI, or in a segment */
	ck_assert_int_eq(check(n - 2, &info), IMAGE_NOT_IMAGE);
	ck_assert_int_eq(check(n - 1, &info), IMAGE_NOT_IMAGE);
	ck_assert_int_eq(check(30, &info), IMAGE_NOT_IMAGE);
	/* the signature, then HTML: the polyglot of the audit */
	memcpy(img, "\xff\xd8\xff\xe0", 4);
	memcpy(img + 4, html, sizeof html - 1);
	ck_assert_int_eq(check(4 + sizeof html - 1, &info), IMAGE_NOT_IMAGE);
	memcpy(img, "\xff\xd8\xff", 3);
	memcpy(img + 3, html, sizeof html - 1);
	ck_assert_int_eq(check(3 + sizeof html - 1, &info), IMAGE_NOT_IMAGE);
	/* SOI and EOI with nothing between */
	ck_assert_int_eq(image_check((const unsigned char *)"\xff\xd8\xff\xd9",
	    4, &info), IMAGE_NOT_IMAGE);
	/* sizes */
	ck_assert_int_eq(check(jpeg_make(0, 8), &info), IMAGE_BAD_SIZE);
	ck_assert_int_eq(check(jpeg_make(8, 0), &info), IMAGE_BAD_SIZE);
	ck_assert_int_eq(check(jpeg_make(IMAGE_MAX_SIDE, 1), &info), IMAGE_OK);
	ck_assert_int_eq(check(jpeg_make(IMAGE_MAX_SIDE + 1, 1), &info),
	    IMAGE_BAD_SIZE);
	ck_assert_int_eq(check(jpeg_make(1, 65535), &info), IMAGE_BAD_SIZE);
}
END_TEST

START_TEST(test_jpeg_structure)
{
	struct image_info	 info;
	size_t			 n, sof;

	n = jpeg_make(8, 8);
	/* a segment length running past the end */
	sof = 20 + 69;			/* after APP0 and DQT */
	ck_assert_int_eq(img[sof + 1], 0xc0);
	img[sof + 3] = 0xff;
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	/* a frame header whose length does not fit its components */
	n = jpeg_make(8, 8);
	img[sof + 3] = 0x0c;
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	/* no frame header before the scan: SOF0 turned into COM */
	n = jpeg_make(8, 8);
	img[sof + 1] = 0xfe;
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	/* a marker that is no marker */
	n = jpeg_make(8, 8);
	img[3] = 0x3c;
	ck_assert_int_eq(check(n, &info), IMAGE_NOT_IMAGE);
	/* stuffed bytes and restart markers inside the scan are data */
	n = jpeg_make(8, 8);
	memmove(img + n - 2 + 6, img + n - 2, 2);
	memcpy(img + n - 2, "\xff\x00\xff\xd0\xff\xff", 6);
	ck_assert_int_eq(check(n + 6, &info), IMAGE_OK);
}
END_TEST

START_TEST(test_webp)
{
	struct image_info	 info;
	size_t			 n;

	n = webp_make(300, 200, false);
	ck_assert_int_eq(check(n, &info), IMAGE_OK);
	ck_assert_int_eq(info.type, IMAGE_WEBP);
	ck_assert_uint_eq(info.width, 300);
	ck_assert_uint_eq(info.height, 200);
	ck_assert_str_eq(image_mime(info.type), "image/webp");
	n = webp_make(5000, 7, true);
	ck_assert_int_eq(check(n, &info), IMAGE_OK);
	ck_assert_uint_eq(info.width, 5000);
	ck_assert_uint_eq(info.height, 7);
	ck_assert_int_eq(check(webp_make(IMAGE_MAX_SIDE + 1, 7, true), &info),
	    IMAGE_BAD_SIZE);
	ck_assert_int_eq(check(webp_make(16384, 1, false), &info),
	    IMAGE_BAD_SIZE);
	/* trailing bytes, with or without the RIFF size telling */
	n = webp_make(3, 3, false);
	memcpy(img + n, "<b>hi</b>!", 10);
	ck_assert_int_eq(check(n + 10, &info), IMAGE_NOT_IMAGE);
	put32le(img + 4, (uint32_t)(n + 10 - 8));
	ck_assert_int_eq(check(n + 10, &info), IMAGE_NOT_IMAGE);
	/* cut short */
	n = webp_make(3, 3, false);
	ck_assert_int_eq(check(n - 2, &info), IMAGE_NOT_IMAGE);
	/* no image chunk */
	memcpy(img, "RIFF\x0c\0\0\0WEBPJUNK\0\0\0\0", 20);
	ck_assert_int_eq(check(20, &info), IMAGE_NOT_IMAGE);
}
END_TEST

START_TEST(test_other)
{
	struct image_info	 info;

	ck_assert_int_eq(image_check((const unsigned char *)"", 0, &info),
	    IMAGE_NOT_IMAGE);
	ck_assert_int_eq(info.type, IMAGE_NONE);
	ck_assert_int_eq(image_check((const unsigned char *)"GIF89a\1\0\1\0",
	    10, &info), IMAGE_NOT_IMAGE);
	ck_assert_int_eq(image_check((const unsigned char *)"<svg/>", 6, &info),
	    IMAGE_NOT_IMAGE);
	ck_assert_int_eq(image_check((const unsigned char *)"\xff\xd8", 2,
	    &info), IMAGE_NOT_IMAGE);
	ck_assert_ptr_null(image_mime(IMAGE_NONE));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("image");
	TCase	*tc = tcase_create("Core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_png);
	tcase_add_test(tc, test_png_structure);
	tcase_add_test(tc, test_jpeg);
	tcase_add_test(tc, test_jpeg_structure);
	tcase_add_test(tc, test_webp);
	tcase_add_test(tc, test_other);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
