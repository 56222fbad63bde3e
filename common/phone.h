/*
 * phone.h: phone numbers in one canonical form (doc/domain.md, Phones).
 *
 * A caller says a number in many ways: `150 1235 3597`, `150-1235-3597`,
 * `+86 150 1235 3597`, `0086 15012353597`, in full-width digits from a
 * Chinese input method. The daemon stores and looks up one form only, so
 * the same caller is never entered twice because of a space or a `+86`:
 * the digits of a Chinese number without the country code (a mobile as its
 * 11 digits, a landline with its trunk 0 and area code: 01061234567), any
 * other country's as `+` and its digits. The rule is written here once;
 * sql/011_search.sql holds a copy for the phones stored before it, which
 * tests/integration/test_search.c keeps equal to this one.
 */
#ifndef SVCDESK_PHONE_H
#define SVCDESK_PHONE_H

#include <stdbool.h>
#include <stddef.h>

/* The canonical form's longest: '+', 20 digits, NUL. */
#define PHONE_MAX 24
/* The most phones a customer has. */
#define PHONES_MAX 5
/* The longest phone as typed that phones_split copies (bytes, NUL too). */
#define PHONE_TEXT_MAX 64

/* Writes the canonical form of `in` into out (PHONE_MAX bytes); false when
 * `in` is not a phone: other characters than digits (ASCII or full-width),
 * blanks, '-', '.', '(', ')' and one leading '+', or fewer than 7 or more
 * than 20 digits once normalised. */
bool phone_normalise(const char *in, char out[PHONE_MAX]);

/* Splits what a person typed for several phones ("150 1235 3597, 010-6123
 * 4567") at commas and semicolons (ASCII or Chinese, and 、); a piece that
 * is not one phone as a whole is split at blanks. Each phone, trimmed, is
 * copied as typed into out[i]. Returns how many, or -1 when a piece is not
 * a phone or there are more than max; 0 for none. */
int phones_split(const char *text, char (*out)[PHONE_TEXT_MAX], int max);

#endif
