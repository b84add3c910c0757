/* image.c: is an upload a whole JPEG, PNG or WebP image, and how big is it? */
#include "stolik.h"

#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

static uint32_t
le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* CRC-32 as PNG (and zlib) compute it: polynomial 0xedb88320. */
static uint32_t
crc32_png(const unsigned char *p, size_t n)
{
	static uint32_t	 table[256];
	static int	 ready;
	uint32_t	 c;
	size_t		 i;
	int		 k;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	c = 0xffffffffu;
	for (i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static enum image_verdict
sides(struct image_info *out, uint32_t w, uint32_t h)
{
	out->width = w;
	out->height = h;
	if (w == 0 || h == 0 || w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE)
		return IMAGE_BAD_SIZE;
	return IMAGE_OK;
}

/* ------------------------------------------------------------------ */
/* PNG: signature, IHDR, chunks with their CRCs, IEND at the very end   */
/* ------------------------------------------------------------------ */

static enum image_verdict
png_check(const unsigned char *b, size_t n, struct image_info *out)
{
	size_t		 off = 8;
	uint32_t	 len, w = 0, h = 0;
	const unsigned char *type;
	bool		 first = true, idat = false, plte = false;
	unsigned	 depth, color;
	int		 i;

	for (;;) {
		if (n - off < 12)
			return IMAGE_NOT_IMAGE;
		len = be32(b + off);
		type = b + off + 4;
		if (len > 0x7fffffffu || n - off - 12 < len)
			return IMAGE_NOT_IMAGE;
		for (i = 0; i < 4; i++)
			if (!((type[i] >= 'A' && type[i] <= 'Z') ||
			    (type[i] >= 'a' && type[i] <= 'z')))
				return IMAGE_NOT_IMAGE;
		if (crc32_png(type, (size_t)len + 4) != be32(type + 4 + len))
			return IMAGE_NOT_IMAGE;
		if (first) {
			if (memcmp(type, "IHDR", 4) != 0 || len != 13)
				return IMAGE_NOT_IMAGE;
			w = be32(type + 4);
			h = be32(type + 8);
			depth = type[12];
			color = type[13];
			/* the depths each colour type allows */
			if (!((color == 0 && (depth == 1 || depth == 2 ||
			    depth == 4 || depth == 8 || depth == 16)) ||
			    (color == 3 && (depth == 1 || depth == 2 ||
			    depth == 4 || depth == 8)) ||
			    ((color == 2 || color == 4 || color == 6) &&
			    (depth == 8 || depth == 16))))
				return IMAGE_NOT_IMAGE;
			/* compression, filter, interlace */
			if (type[14] != 0 || type[15] != 0 || type[16] > 1)
				return IMAGE_NOT_IMAGE;
			if (color == 3)
				plte = true;	/* wants a palette */
			first = false;
		} else if (memcmp(type, "IHDR", 4) == 0)
			return IMAGE_NOT_IMAGE;
		else if (memcmp(type, "PLTE", 4) == 0)
			plte = false;
		else if (memcmp(type, "IDAT", 4) == 0) {
			if (plte)
				return IMAGE_NOT_IMAGE;
			idat = true;
		} else if (memcmp(type, "IEND", 4) == 0) {
			/* empty, after the data, and nothing after it */
			if (len != 0 || !idat || off + 12 != n)
				return IMAGE_NOT_IMAGE;
			out->type = IMAGE_PNG;
			return sides(out, w, h);
		}
		off += 12 + (size_t)len;
	}
}

/* ------------------------------------------------------------------ */
/* JPEG: SOI, segments to a frame header, scans, EOI at the very end    */
/* ------------------------------------------------------------------ */

/* Markers that stand alone, without a length: TEM and RST0-7. */
#define JPEG_BARE(m)	((m) == 0x01 || ((m) >= 0xd0 && (m) <= 0xd7))
/* Start of frame: C0-CF but DHT (C4), JPG (C8) and DAC (CC). */
#define JPEG_SOF(m)	((m) >= 0xc0 && (m) <= 0xcf && (m) != 0xc4 && \
			 (m) != 0xc8 && (m) != 0xcc)

static enum image_verdict
jpeg_check(const unsigned char *b, size_t n, struct image_info *out)
{
	size_t		 off = 2, len;
	unsigned	 m, ncomp, w = 0, h = 0;
	bool		 frame = false, scan = false;

	for (;;) {
		/* a marker: 0xff, any fill 0xff bytes, then its code */
		if (off >= n || b[off] != 0xff)
			return IMAGE_NOT_IMAGE;
		while (off < n && b[off] == 0xff)
			off++;
		if (off >= n)
			return IMAGE_NOT_IMAGE;
		m = b[off++];
		if (m == 0xd9) {		/* EOI: the end, exactly */
			if (!frame || !scan || off != n)
				return IMAGE_NOT_IMAGE;
			out->type = IMAGE_JPEG;
			return sides(out, w, h);
		}
		if (m == 0x00 || m == 0xd8 || JPEG_BARE(m) || m < 0xc0)
			return IMAGE_NOT_IMAGE;
		if (n - off < 2 || (len = be16(b + off)) < 2 || n - off < len)
			return IMAGE_NOT_IMAGE;
		if (JPEG_SOF(m)) {
			/* P, Y, X, Nf, then three bytes per component */
			if (frame || len < 8)
				return IMAGE_NOT_IMAGE;
			h = be16(b + off + 3);
			w = be16(b + off + 5);
			ncomp = b[off + 7];
			if ((b[off + 2] != 8 && b[off + 2] != 12 &&
			    b[off + 2] != 16) || ncomp == 0 || ncomp > 4 ||
			    len != 8 + 3 * ncomp)
				return IMAGE_NOT_IMAGE;
			frame = true;
		}
		off += len;
		if (m != 0xda)
			continue;
		/* SOS: entropy-coded data up to the next real marker */
		if (!frame)
			return IMAGE_NOT_IMAGE;
		scan = true;
		for (;;) {
			if (off + 1 >= n)
				return IMAGE_NOT_IMAGE;
			if (b[off] != 0xff) {
				off++;
				continue;
			}
			/* stuffed 0xff00 and restart markers are data */
			if (b[off + 1] == 0x00 || (b[off + 1] >= 0xd0 &&
			    b[off + 1] <= 0xd7)) {
				off += 2;
				continue;
			}
			if (b[off + 1] == 0xff) {	/* fill */
				off++;
				continue;
			}
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* WebP: the RIFF container, its chunks, the size of the image          */
/* ------------------------------------------------------------------ */

static enum image_verdict
webp_check(const unsigned char *b, size_t n, struct image_info *out)
{
	size_t		 off = 12, len;
	const unsigned char *c, *d;
	uint32_t	 w = 0, h = 0;
	bool		 ext = false, image = false, first = true;

	/* the RIFF size covers everything after its own field */
	if (le32(b + 4) != n - 8 || (n & 1) != 0)
		return IMAGE_NOT_IMAGE;
	while (off < n) {
		if (n - off < 8)
			return IMAGE_NOT_IMAGE;
		c = b + off;
		len = le32(c + 4);
		d = c + 8;
		/* the chunk and its pad byte to an even length */
		if (len > n - off - 8 || (len & 1 && len + 1 > n - off - 8))
			return IMAGE_NOT_IMAGE;
		if (memcmp(c, "VP8 ", 4) == 0) {
			/* a key frame: its start code, then 14-bit sides */
			if (len < 10 || image || (d[0] & 1) != 0 ||
			    memcmp(d + 3, "\x9d\x01\x2a", 3) != 0)
				return IMAGE_NOT_IMAGE;
			if (!ext) {
				w = ((unsigned)d[6] | (unsigned)d[7] << 8) &
				    0x3fff;
				h = ((unsigned)d[8] | (unsigned)d[9] << 8) &
				    0x3fff;
			}
			image = true;
		} else if (memcmp(c, "VP8L", 4) == 0) {
			/* signature 0x2f, then 14 bits each of width-1, height-1 */
			if (len < 5 || image || d[0] != 0x2f ||
			    (d[4] >> 5) != 0)		/* version 0 */
				return IMAGE_NOT_IMAGE;
			if (!ext) {
				w = ((uint32_t)d[1] | (uint32_t)(d[2] & 0x3f) << 8) +
				    1;
				h = ((uint32_t)(d[2] >> 6) | (uint32_t)d[3] << 2 |
				    (uint32_t)(d[4] & 0x0f) << 10) + 1;
			}
			image = true;
		} else if (memcmp(c, "VP8X", 4) == 0) {
			/* the extended format: first, with the canvas size */
			if (!first || len < 10)
				return IMAGE_NOT_IMAGE;
			w = le24(d + 4) + 1;
			h = le24(d + 7) + 1;
			ext = true;
		} else if (memcmp(c, "ANMF", 4) == 0) {
			if (!ext)
				return IMAGE_NOT_IMAGE;
			image = true;
		} else if (first)
			return IMAGE_NOT_IMAGE;
		else if (!ext)
			return IMAGE_NOT_IMAGE;	/* the simple format: one chunk */
		first = false;
		off += 8 + len + (len & 1);
	}
	if (!image || off != n)
		return IMAGE_NOT_IMAGE;
	out->type = IMAGE_WEBP;
	return sides(out, w, h);
}

/* ------------------------------------------------------------------ */
/* the one entry point                                                  */
/* ------------------------------------------------------------------ */

enum image_verdict
image_check(const unsigned char *b, size_t n, struct image_info *out)
{
	memset(out, 0, sizeof *out);
	out->type = IMAGE_NONE;
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return png_check(b, n, out);
	if (n >= 4 && b[0] == 0xff && b[1] == 0xd8)
		return jpeg_check(b, n, out);
	if (n >= 20 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return webp_check(b, n, out);
	return IMAGE_NOT_IMAGE;
}

const char *
image_mime(enum image_type t)
{
	switch (t) {
	case IMAGE_JPEG:
		return "image/jpeg";
	case IMAGE_PNG:
		return "image/png";
	case IMAGE_WEBP:
		return "image/webp";
	default:
		return NULL;
	}
}

const char *
image_ext(enum image_type t)
{
	switch (t) {
	case IMAGE_JPEG:
		return "jpg";
	case IMAGE_PNG:
		return "png";
	case IMAGE_WEBP:
		return "webp";
	default:
		return NULL;
	}
}
