/*
 * resume.h: session resume tokens (server/resume.c, sql/037_resume.sql).
 * A token is 32 random bytes from libsodium, sent to the client once as
 * base64url; the database keeps only its BLAKE2b-256 hash, in hex here.
 */
#ifndef SVCDESK_RESUME_H
#define SVCDESK_RESUME_H

#include <stdbool.h>

#define RESUME_TOKEN_BYTES 32
#define RESUME_TOKEN_LEN 44      /* 43 base64url characters and the NUL */
#define RESUME_HASH_HEX 65       /* 32 bytes of hash in hex and the NUL */

/* A fresh token and its hash; false when libsodium cannot start. */
bool resume_token_new(char token[RESUME_TOKEN_LEN], char hash_hex[RESUME_HASH_HEX]);
/* The hash of a token as the client sends it; false when it is not one
 * (not 43 base64url characters of 32 bytes). */
bool resume_token_hash(const char *token, char hash_hex[RESUME_HASH_HEX]);

#endif
