/*
 * parts.h: what a catalogue part and a stock movement must be (doc/domain.md,
 * Parts and stock), written once for both sides: the daemon's part.load,
 * part.save, stock.receive and stock.correct (server/parts.c) and the
 * client's catalogue and stock forms (client/screen/parts.c, stock.c).
 */
#ifndef SVCDESK_PARTS_H
#define SVCDESK_PARTS_H

#include <stdbool.h>

#define PART_NO_MAX 32
#define PART_NAME_MAX 100
#define PART_PRICE_MAX 100000000   /* fen: one million yuan */
/* The most of one part at a point, received at once or counted. */
#define STOCK_QTY_MAX 100000
/* A receipt's note, a correction's reason, in characters. */
#define STOCK_REASON_MAX 500

/* A catalogue part number: a letter or digit, then letters, digits,
 * . _ / - (as parts' CHECK in sql/006_repair.sql). */
bool valid_part_no(const char *s);

#endif
