/*
 * parts.c: the shape of a catalogue part number (common/parts.h).
 */
#include "common/parts.h"

#include <string.h>

bool
valid_part_no(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= PART_NO_MAX && strchr("._/-", s[0]) == NULL &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	        "0123456789._/-") == n;
}
