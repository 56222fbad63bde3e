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

/*
 * A phone as the roles that do not need it see it (doc/domain.md, Privacy;
 * seed 004 客户保密管理), the one rule of masking, over the canonical form:
 * a leading '+' stays; of 11 digits or more the first 3 and the last 4 show
 * (a mobile 138****5678, a landline 010****4567, 075*****3456); of 7 to 10
 * (a local number, a 400 line) the first 2 and the last 2 (61****67);
 * anything else (shorter, or not the canonical form) is all stars, one a
 * character. The rest are stars, one a digit, so the length shows. A
 * masked phone always holds a '*', which no phone does: phone_is_masked.
 */
void phone_mask(const char *in, char out[PHONE_MAX]);
bool phone_is_masked(const char *s);

#endif
